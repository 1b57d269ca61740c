import { type Database, isEmpty } from '@cq/kit/database';
import { loaded } from '@cq/kit/loaders';
import { multiplyCny } from '@cq/kit/money';
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

type Line = [serviceId: string, quantity: string, systemId?: string];

const contract = (
  id: string,
  unitId: string,
  vendorId: string,
  status: schema.ContractRow['status'],
  startsOn: string,
  endsOn: string,
  lines: Line[],
) => ({
  contract: { id, unitId, vendorId, status, startsOn, endsOn, isSample: true } satisfies schema.ContractRow,
  lines: lines.map(([cloudServiceId, quantity, systemId]) => ({
    contractId: id,
    cloudServiceId,
    systemId: systemId ?? null,
    quantity,
    monthlyAmountCny: multiplyCny(
      quantity,
      loaded(
        serviceRows.find((s) => s.id === cloudServiceId),
        'catalogue service',
        cloudServiceId,
      ).unitPriceCny,
    ),
  })),
});

/** Sample contracts of units in every batch (unit and system ids from the units subgraph's seed); the ACTIVE ones were renewed and run into the 2030s. */
export const contractRows = [
  contract('contract-general-office-cci', 'general-office', 'chongqing-cloud-investment', 'ACTIVE', '2015-08-01', '2030-07-31', [
    ['cci-gov-vm', '64', 'general-office-system-1'],
    ['cci-gov-storage', '20', 'general-office-system-1'],
    ['cci-hosting', '4'],
  ]),
  contract('contract-eic-cci', 'economic-information-commission', 'chongqing-cloud-investment', 'ACTIVE', '2015-08-01', '2030-07-31', [
    ['cci-gov-vm', '48', 'economic-information-commission-system-1'],
    ['cci-hosting', '3'],
  ]),
  contract(
    'contract-hrss-jialing',
    'human-resources-social-security-bureau',
    'sample-jialing-cloud',
    'ACTIVE',
    '2015-08-15',
    '2030-08-14',
    [
      ['jialing-vm', '128', 'human-resources-social-security-bureau-system-1'],
      ['jialing-backup', '40'],
    ],
  ),
  contract('contract-tourism-yangtze', 'tourism-bureau', 'sample-yangtze-cloud', 'ACTIVE', '2015-09-01', '2029-08-31', [
    ['yangtze-oa', '300', 'tourism-bureau-system-2'],
    ['yangtze-hosting', '1', 'tourism-bureau-system-1'],
  ]),
  contract('contract-liangjiang-shancheng', 'liangjiang-new-area', 'sample-shancheng-data', 'ACTIVE', '2015-08-20', '2030-08-19', [
    ['shancheng-rds', '6', 'liangjiang-new-area-system-1'],
  ]),
  contract('contract-nanan-jialing', 'nanan-district', 'sample-jialing-cloud', 'ACTIVE', '2015-08-01', '2030-07-31', [
    ['jialing-vm', '96', 'nanan-district-system-1'],
    ['jialing-backup', '12'],
  ]),
  contract('contract-banan-cci', 'banan-district', 'chongqing-cloud-investment', 'ACTIVE', '2015-08-10', '2030-08-09', [
    ['cci-gov-vm', '80', 'banan-district-system-1'],
    ['cci-gov-storage', '10'],
  ]),
  contract('contract-liangping-yangtze', 'liangping-county', 'sample-yangtze-cloud', 'ACTIVE', '2015-10-01', '2030-09-30', [
    ['yangtze-hosting', '2', 'liangping-county-system-1'],
  ]),
  contract('contract-rcb-shancheng', 'rural-commercial-bank', 'sample-shancheng-data', 'ACTIVE', '2015-09-01', '2032-08-31', [
    ['shancheng-rds', '24', 'rural-commercial-bank-system-1'],
    ['shancheng-middleware', '12'],
  ]),
  contract('contract-finance-cci', 'finance-bureau', 'chongqing-cloud-investment', 'ACTIVE', '2015-11-01', '2030-10-31', [
    ['cci-gov-vm', '60', 'finance-bureau-system-1'],
  ]),
  contract('contract-yuzhong-jialing', 'yuzhong-district', 'sample-jialing-cloud', 'SIGNED', '2016-03-01', '2019-02-28', [
    ['jialing-vm', '40', 'yuzhong-district-system-1'],
  ]),
  contract('contract-tourism-legacy', 'tourism-bureau', 'sample-yangtze-cloud', 'ENDED', '2014-01-01', '2015-08-31', [
    ['yangtze-hosting', '1'],
  ]),
];

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

const task = (
  systemId: string,
  vendorId: string,
  status: schema.MigrationTaskRow['status'],
  percentComplete: number,
  updated: string,
  nextUpdateDue: string,
  detail: string,
) => ({
  systemId,
  vendorId,
  status,
  percentComplete,
  detail,
  updatedAt: new Date(`${updated}T18:00:00+08:00`),
  updatedBy: `${vendorId}-engineer`,
  nextUpdateDue,
});

/** Sample task reports; the two in Kai County stopped reporting in 2016 and are stale. */
export const taskRows = [
  task(
    'general-office-system-1',
    'chongqing-cloud-investment',
    'DONE',
    100,
    '2015-09-20',
    '2015-10-20',
    'Cut over; running in the transitional data centre.',
  ),
  task(
    'tourism-bureau-system-1',
    'sample-yangtze-cloud',
    'DONE',
    100,
    '2015-09-30',
    '2015-10-30',
    'Cut over at 23:30 on the last day of batch 1.',
  ),
  task(
    'rural-commercial-bank-system-1',
    'sample-shancheng-data',
    'DONE',
    100,
    '2015-09-25',
    '2015-10-25',
    'Core banking hosted; disaster recovery tested.',
  ),
  task(
    'kai-county-system-1',
    'sample-jialing-cloud',
    'IN_PROGRESS',
    60,
    '2016-06-20',
    '2016-07-05',
    'Waiting for the county network to be re-cut.',
  ),
  task(
    'kai-county-system-2',
    'sample-jialing-cloud',
    'BLOCKED',
    30,
    '2016-06-20',
    '2016-07-05',
    'Blocked by the reorganisation of the county.',
  ),
];

export async function seed(db: Database<typeof schema>): Promise<void> {
  if (!(await isEmpty(db, 'vendors'))) return;
  await db.transaction(async (tx) => {
    await tx.insert(schema.vendors).values(vendorRows);
    await tx.insert(schema.cloudServices).values(serviceRows);
    await tx.insert(schema.contracts).values(contractRows.map((c) => c.contract));
    await tx.insert(schema.contractLines).values(contractRows.flatMap((c) => c.lines));
    await tx.insert(schema.certifications).values(certificationRows);
    await tx.insert(schema.contingencyPlans).values(contingencyPlanRows);
    await tx.insert(schema.serviceLevels).values(serviceLevelRows);
    await tx.insert(schema.migrationTasks).values(taskRows);
  });
}
