import { type Database, isEmpty } from '@cq/kit/database';
import { loaded } from '@cq/kit/loaders';
import { multiplyCny } from '@cq/kit/money';
import { providers, type StoryContract, type StoryTask, vendorsStory } from '@cq/story/vendors';
import * as schema from '../data/schema.ts';

/**
 * The notice names one provider, Chongqing Cloud Computing Investment & Operation Co., which runs the
 * transitional government data centre and coordinates the others (§3.4, §4). The rest is sample data.
 */
export const vendorRows: schema.VendorRow[] = [
  {
    id: 'chongqing-cloud-investment',
    nameEn: 'Chongqing Cloud Computing Investment & Operation Co.',
    nameZh: '重庆云计算投资运营有限公司',
    description: 'Builds and runs the transitional government data centre and coordinates all cloud providers during migration (§3.4, §4).',
    isSample: false,
  },
  {
    id: 'sample-jialing-cloud',
    nameEn: 'Jialing Cloud (sample)',
    nameZh: '嘉陵云服务有限公司（示例）',
    description: 'A sample infrastructure provider with a data centre in the park.',
    isSample: true,
  },
  {
    id: 'sample-shancheng-data',
    nameEn: 'Shancheng Data Services (sample)',
    nameZh: '山城数据服务有限公司（示例）',
    description: 'A sample platform and database provider.',
    isSample: true,
  },
  {
    id: 'sample-yangtze-cloud',
    nameEn: 'Yangtze Cloud (sample)',
    nameZh: '长江云计算有限公司（示例）',
    description: 'A sample provider of hosting and software services.',
    isSample: true,
  },
];

const service = (
  id: string,
  vendorId: string,
  nameEn: string,
  nameZh: string,
  serviceModel: schema.CloudServiceRow['serviceModel'],
  category: string,
  unitOfSale: string,
  unitPriceCny: string,
  inProcurementCatalogue = true,
  meetsPurchaseStandards = inProcurementCatalogue,
): schema.CloudServiceRow => ({
  id,
  vendorId,
  nameEn,
  nameZh,
  serviceModel,
  category,
  unitOfSale,
  unitPriceCny,
  inProcurementCatalogue,
  meetsPurchaseStandards,
  isSample: true,
});

/** Sample catalogue entries and prices (the notice sets none). */
export const serviceRows: schema.CloudServiceRow[] = [
  service(
    'cci-gov-vm',
    'chongqing-cloud-investment',
    'Government cloud virtual machine',
    '政务云虚拟机',
    'IAAS',
    'compute',
    'vCPU-month',
    '120.00',
  ),
  service(
    'cci-gov-storage',
    'chongqing-cloud-investment',
    'Government cloud block storage',
    '政务云块存储',
    'IAAS',
    'storage',
    'TB-month',
    '380.00',
  ),
  service('cci-hosting', 'chongqing-cloud-investment', 'Equipment hosting', '设备托管', 'HOSTING', 'hosting', 'rack-month', '4500.00'),
  service('jialing-vm', 'sample-jialing-cloud', 'Elastic compute', '弹性计算', 'IAAS', 'compute', 'vCPU-month', '105.00'),
  service('jialing-backup', 'sample-jialing-cloud', 'Cloud backup', '云备份', 'IAAS', 'disaster recovery', 'TB-month', '260.00'),
  service(
    'shancheng-rds',
    'sample-shancheng-data',
    'Managed relational database',
    '云数据库',
    'PAAS',
    'database',
    'instance-month',
    '1800.00',
  ),
  service(
    'shancheng-middleware',
    'sample-shancheng-data',
    'Application middleware',
    '应用中间件',
    'PAAS',
    'middleware',
    'instance-month',
    '950.00',
    false,
  ),
  service('yangtze-oa', 'sample-yangtze-cloud', 'Office automation suite', '协同办公软件', 'SAAS', 'office', 'user-month', '25.00'),
  service('yangtze-hosting', 'sample-yangtze-cloud', 'Equipment hosting', '设备托管', 'HOSTING', 'hosting', 'rack-month', '4200.00'),
];

/** The catalogue entry of a service: the vendors seed's own prices. */
const serviceOf = (id: string) =>
  loaded(
    serviceRows.find((s) => s.id === id),
    'catalogue service',
    id,
  );

/**
 * The story's contracts (`@cq/story`: one per unit and provider its systems selected, a line per service
 * bought for each system), as this subgraph's rows: each line priced from the catalogue, as createContract
 * prices it. The ACTIVE ones were renewed and run into the 2030s.
 */
export function contractRowsOf(told: StoryContract[]) {
  return told.map(({ lines, ...contract }) => ({
    contract: { ...contract, isSample: true } satisfies schema.ContractRow,
    lines: lines.map((line) => ({
      contractId: contract.id,
      cloudServiceId: line.serviceId,
      systemId: line.systemId,
      quantity: line.quantity,
      monthlyAmountCny: multiplyCny(line.quantity, serviceOf(line.serviceId).unitPriceCny),
    })),
  }));
}

/** Sample certifications, plans and commitments (§6.5); the names of the standards are real, the holders are not. */
export const certificationRows: Omit<schema.CertificationRow, 'id'>[] = vendorRows.flatMap((v, i) => [
  {
    vendorId: v.id,
    name: 'Information security management (ISO/IEC 27001)',
    level: 'Certified',
    issuer: 'China Quality Certification Centre (sample)',
    validUntil: i === 3 ? '2016-05-31' : '2018-12-31',
  },
  {
    vendorId: v.id,
    name: 'Cloud computing service security review',
    level: i === 0 ? 'Enhanced' : 'Basic',
    issuer: 'Cyberspace administration (sample)',
    validUntil: '2017-12-31',
  },
]);

export const contingencyPlanRows: Omit<schema.ContingencyPlanRow, 'id'>[] = vendorRows.map((v, i) => ({
  vendorId: v.id,
  title: 'Migration cut-over rollback plan',
  summary:
    'Keep the source system running until the target passes two weeks of parallel operation; roll back by switching DNS within one hour.',
  lastDrilledOn: i === 3 ? null : '2015-08-15',
}));

export const serviceLevelRows: schema.ServiceLevelRow[] = vendorRows.map((v, i) => ({
  vendorId: v.id,
  availabilityPercent: i === 0 ? '99.950' : '99.900',
  responseMinutes: i === 0 ? 15 : 30,
  recoveryHours: i === 0 ? 2 : 4,
  description: '24×7 duty desk; incidents answered and service restored within the committed times.',
}));

/**
 * The story's task reports (`@cq/story`: every selected provider reports on each system that selected it;
 * those on systems still unfinished stopped in 2016 and are stale), as this subgraph's rows: the task as it
 * stands, and each report it was made of.
 */
export function taskRowsOf(told: StoryTask[]) {
  return told.map(({ reports, ...task }) => ({
    task,
    reports: reports.map(({ updatedAt, updatedBy, ...report }) => ({
      ...report,
      systemId: task.systemId,
      vendorId: task.vendorId,
      reportedAt: updatedAt,
      reportedBy: updatedBy,
    })),
  }));
}

/**
 * The story names providers and services of this catalogue (the selections of the units subgraph, the
 * contract lines here): each must be here, sold by the provider that sells it in the story (§3.2), or the
 * four subgraphs would not agree. A story that breaks this is refused before anything is written.
 */
export function checkStory(told: StoryContract[]): void {
  for (const provider of providers) {
    if (!vendorRows.some((v) => v.id === provider.id)) throw new Error(`The story names a provider ${provider.id} the catalogue lacks.`);
    for (const { id } of provider.services) {
      if (serviceOf(id).vendorId !== provider.id) throw new Error(`The story buys ${id} from ${provider.id}, which does not sell it.`);
    }
  }
  for (const contract of told) {
    for (const line of contract.lines) {
      if (serviceOf(line.serviceId).vendorId !== contract.vendorId)
        throw new Error(`Contract ${contract.id} buys ${line.serviceId} from ${contract.vendorId}, which does not sell it.`);
    }
  }
}

export async function seed(db: Database<typeof schema>): Promise<void> {
  if (!(await isEmpty(db, 'vendors'))) return;
  const { contracts, tasks } = vendorsStory();
  checkStory(contracts);
  const contractRows = contractRowsOf(contracts);
  const taskRows = taskRowsOf(tasks);
  await db.transaction(async (tx) => {
    await tx.insert(schema.vendors).values(vendorRows);
    await tx.insert(schema.cloudServices).values(serviceRows);
    await tx.insert(schema.contracts).values(contractRows.map((c) => c.contract));
    await tx.insert(schema.contractLines).values(contractRows.flatMap((c) => c.lines));
    await tx.insert(schema.certifications).values(certificationRows);
    await tx.insert(schema.contingencyPlans).values(contingencyPlanRows);
    await tx.insert(schema.serviceLevels).values(serviceLevelRows);
    const inserted = await tx
      .insert(schema.migrationTasks)
      .values(taskRows.map((t) => t.task))
      .returning({ id: schema.migrationTasks.id, systemId: schema.migrationTasks.systemId });
    const taskIds = new Map(inserted.map((t) => [t.systemId, t.id]));
    await tx
      .insert(schema.migrationTaskReports)
      .values(taskRows.flatMap((t) => t.reports.map((r) => ({ ...r, taskId: loaded(taskIds.get(r.systemId), 'task', r.systemId) }))));
  });
}
