import { isEmpty, type Database } from '@cq/kit';
import * as schema from '../db/schema.ts';

/**
 * The notice names one provider, Chongqing Cloud Computing Investment & Operation Co., which runs the
 * transitional government data centre and coordinates the others (§3.4, §4). The rest is sample data.
 */
export const vendorRows: schema.VendorRow[] = [
  { id: 'chongqing-cloud-investment', nameEn: 'Chongqing Cloud Computing Investment & Operation Co.', nameZh: '重庆云计算投资运营有限公司', description: 'Builds and runs the transitional government data centre and coordinates all cloud providers during migration (§3.4, §4).', isSample: false },
  { id: 'sample-jialing-cloud', nameEn: 'Jialing Cloud (sample)', nameZh: '嘉陵云服务有限公司（示例）', description: 'A sample infrastructure provider with a data centre in the park.', isSample: true },
  { id: 'sample-shancheng-data', nameEn: 'Shancheng Data Services (sample)', nameZh: '山城数据服务有限公司（示例）', description: 'A sample platform and database provider.', isSample: true },
  { id: 'sample-yangtze-cloud', nameEn: 'Yangtze Cloud (sample)', nameZh: '长江云计算有限公司（示例）', description: 'A sample provider of hosting and software services.', isSample: true },
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
): schema.CloudServiceRow => ({ id, vendorId, nameEn, nameZh, serviceModel, category, unitOfSale, unitPriceCny, inProcurementCatalogue, isSample: true });

/** Sample catalogue entries and prices (the notice sets none). */
export const serviceRows: schema.CloudServiceRow[] = [
  service('cci-gov-vm', 'chongqing-cloud-investment', 'Government cloud virtual machine', '政务云虚拟机', 'IAAS', 'compute', 'vCPU-month', '120.00'),
  service('cci-gov-storage', 'chongqing-cloud-investment', 'Government cloud block storage', '政务云块存储', 'IAAS', 'storage', 'TB-month', '380.00'),
  service('cci-hosting', 'chongqing-cloud-investment', 'Equipment hosting', '设备托管', 'HOSTING', 'hosting', 'rack-month', '4500.00'),
  service('jialing-vm', 'sample-jialing-cloud', 'Elastic compute', '弹性计算', 'IAAS', 'compute', 'vCPU-month', '105.00'),
  service('jialing-backup', 'sample-jialing-cloud', 'Cloud backup', '云备份', 'IAAS', 'disaster recovery', 'TB-month', '260.00'),
  service('shancheng-rds', 'sample-shancheng-data', 'Managed relational database', '云数据库', 'PAAS', 'database', 'instance-month', '1800.00'),
  service('shancheng-middleware', 'sample-shancheng-data', 'Application middleware', '应用中间件', 'PAAS', 'middleware', 'instance-month', '950.00', false),
  service('yangtze-oa', 'sample-yangtze-cloud', 'Office automation suite', '协同办公软件', 'SAAS', 'office', 'user-month', '25.00'),
  service('yangtze-hosting', 'sample-yangtze-cloud', 'Equipment hosting', '设备托管', 'HOSTING', 'hosting', 'rack-month', '4200.00'),
];

const contract = (id: string, unitId: string, vendorId: string, status: schema.ContractRow['status'], startsOn: string, endsOn: string, monthlyAmountCny: string): schema.ContractRow => ({
  id, unitId, vendorId, status, startsOn, endsOn, monthlyAmountCny, isSample: true,
});

/** Sample contracts of units in every batch (unit ids from the units subgraph's seed). */
export const contractRows: schema.ContractRow[] = [
  contract('contract-general-office-cci', 'general-office', 'chongqing-cloud-investment', 'ACTIVE', '2015-08-01', '2018-07-31', '48600.00'),
  contract('contract-eic-cci', 'economic-information-commission', 'chongqing-cloud-investment', 'ACTIVE', '2015-08-01', '2018-07-31', '36200.00'),
  contract('contract-hrss-jialing', 'human-resources-social-security-bureau', 'sample-jialing-cloud', 'ACTIVE', '2015-08-15', '2018-08-14', '52800.00'),
  contract('contract-tourism-yangtze', 'tourism-bureau', 'sample-yangtze-cloud', 'ACTIVE', '2015-09-01', '2017-08-31', '12400.00'),
  contract('contract-liangjiang-shancheng', 'liangjiang-new-area', 'sample-shancheng-data', 'ACTIVE', '2015-08-20', '2018-08-19', '27500.00'),
  contract('contract-nanan-jialing', 'nanan-district', 'sample-jialing-cloud', 'ACTIVE', '2015-08-01', '2018-07-31', '19800.00'),
  contract('contract-banan-cci', 'banan-district', 'chongqing-cloud-investment', 'ACTIVE', '2015-08-10', '2018-08-09', '17600.00'),
  contract('contract-liangping-yangtze', 'liangping-county', 'sample-yangtze-cloud', 'ACTIVE', '2015-09-01', '2018-08-31', '9800.00'),
  contract('contract-rcb-shancheng', 'rural-commercial-bank', 'sample-shancheng-data', 'ACTIVE', '2015-09-01', '2020-08-31', '86400.00'),
  contract('contract-finance-cci', 'finance-bureau', 'chongqing-cloud-investment', 'ACTIVE', '2015-11-01', '2018-10-31', '31000.00'),
  contract('contract-yuzhong-jialing', 'yuzhong-district', 'sample-jialing-cloud', 'SIGNED', '2016-03-01', '2019-02-28', '15200.00'),
  contract('contract-tourism-legacy', 'tourism-bureau', 'sample-yangtze-cloud', 'ENDED', '2014-01-01', '2015-08-31', '6000.00'),
];

export async function seed(db: Database<typeof schema>): Promise<void> {
  if (!(await isEmpty(db, 'vendors'))) return;
  await db.transaction(async (tx) => {
    await tx.insert(schema.vendors).values(vendorRows);
    await tx.insert(schema.cloudServices).values(serviceRows);
    await tx.insert(schema.contracts).values(contractRows);
  });
}
