import { type Database, isEmpty } from '@cq/kit/database';
import { loaded } from '@cq/kit/loaders';
import * as schema from '../data/schema.ts';

/** The three carriers serving Chongqing (real organisations the notice implies, §6.5). */
export const carrierRows: schema.CarrierRow[] = [
  { id: 'china-telecom-chongqing', nameEn: 'China Telecom Chongqing', nameZh: '中国电信股份有限公司重庆分公司' },
  { id: 'china-mobile-chongqing', nameEn: 'China Mobile Chongqing', nameZh: '中国移动通信集团重庆有限公司' },
  { id: 'china-unicom-chongqing', nameEn: 'China Unicom Chongqing', nameZh: '中国联合网络通信有限公司重庆市分公司' },
];

const tariff = (
  id: string,
  carrierId: string,
  bandwidthMbps: number,
  standard: string,
  preferential: string | null,
  validUntil: string | null = preferential ? '2030-12-31' : null,
  eligibleUnitKinds: string[] = [],
): schema.TariffRow => ({
  id,
  carrierId,
  product: `Dedicated line to the Liangjiang park, ${bandwidthMbps} Mbps`,
  bandwidthMbps,
  standardMonthlyPriceCny: standard,
  preferentialMonthlyPriceCny: preferential,
  oneTimeChargeCny: bandwidthMbps >= 1000 ? '20000.00' : '5000.00',
  commitmentMonths: 36,
  eligibleUnitKinds,
  validFrom: '2015-07-14',
  validUntil,
  isSample: true,
});

/** Sample tariffs: the notice asks carriers for preferential prices but states none. */
export const tariffRows: schema.TariffRow[] = [
  tariff('telecom-line-100', 'china-telecom-chongqing', 100, '6800.00', '4080.00'),
  tariff('telecom-line-1000', 'china-telecom-chongqing', 1000, '38000.00', '22800.00'),
  tariff('mobile-line-100', 'china-mobile-chongqing', 100, '6500.00', '3900.00'),
  tariff('mobile-line-500', 'china-mobile-chongqing', 500, '21000.00', null),
  tariff('unicom-line-100', 'china-unicom-chongqing', 100, '6600.00', '3960.00'),
  // An offer that ran out with the programme's first year, and one for government bodies only.
  tariff('unicom-line-1000', 'china-unicom-chongqing', 1000, '37000.00', '24000.00', '2016-06-30'),
  tariff('telecom-gov-line-200', 'china-telecom-chongqing', 200, '11800.00', '6500.00', '2030-12-31', [
    'MUNICIPAL_DEPARTMENT',
    'DISTRICT',
    'COUNTY',
    'AUTONOMOUS_COUNTY',
  ]),
];

const dataCenterIds = [
  'transitional-government-data-center',
  'government-cloud-platform',
  'sample-jialing-data-center',
  'sample-yangtze-data-center',
];

/** Every carrier is present in the two government data centres; sample park data centres have two each. */
export const presenceRows = dataCenterIds.flatMap((dataCenterId, d) =>
  carrierRows.filter((_, c) => d < 2 || c !== d - 1).map((carrier) => ({ carrierId: carrier.id, dataCenterId })),
);

const circuit = (unitId: string, dataCenterId: string, tariffId: string, status: schema.CircuitRow['status']): schema.CircuitRow => {
  const t = loaded(
    tariffRows.find((row) => row.id === tariffId),
    'tariff',
    tariffId,
  );
  return { id: `circuit-${unitId}-${tariffId}`, unitId, dataCenterId, tariffId, bandwidthMbps: t.bandwidthMbps, status, isSample: true };
};

/** Sample circuits from pilot units' sites to where their systems went (unit ids from the units seed). */
export const circuitRows: schema.CircuitRow[] = [
  circuit('general-office', 'transitional-government-data-center', 'telecom-line-1000', 'ACTIVE'),
  circuit('economic-information-commission', 'transitional-government-data-center', 'telecom-line-100', 'ACTIVE'),
  circuit('human-resources-social-security-bureau', 'transitional-government-data-center', 'mobile-line-500', 'ACTIVE'),
  circuit('tourism-bureau', 'transitional-government-data-center', 'unicom-line-100', 'ACTIVE'),
  circuit('liangjiang-new-area', 'government-cloud-platform', 'telecom-line-100', 'ACTIVE'),
  circuit('nanan-district', 'transitional-government-data-center', 'mobile-line-100', 'ACTIVE'),
  circuit('banan-district', 'transitional-government-data-center', 'telecom-line-100', 'ACTIVE'),
  circuit('banan-district', 'transitional-government-data-center', 'unicom-line-100', 'PROVISIONING'),
  circuit('liangping-county', 'transitional-government-data-center', 'unicom-line-100', 'ACTIVE'),
  circuit('rural-commercial-bank', 'sample-jialing-data-center', 'telecom-line-1000', 'ACTIVE'),
  circuit('rural-commercial-bank', 'sample-jialing-data-center', 'telecom-gov-line-200', 'ACTIVE'),
  circuit('finance-bureau', 'transitional-government-data-center', 'unicom-line-1000', 'ACTIVE'),
  circuit('pharmaceutical-exchange', 'sample-yangtze-data-center', 'mobile-line-100', 'ACTIVE'),
  circuit('yuzhong-district', 'government-cloud-platform', 'telecom-line-100', 'PLANNED'),
];

export async function seed(db: Database<typeof schema>): Promise<void> {
  if (!(await isEmpty(db, 'carriers'))) return;
  await db.transaction(async (tx) => {
    await tx.insert(schema.carriers).values(carrierRows);
    await tx.insert(schema.tariffs).values(tariffRows);
    await tx.insert(schema.pointsOfPresence).values(presenceRows);
    await tx.insert(schema.circuits).values(circuitRows);
  });
}
