import { type Database, isEmpty } from '@cq/kit/database';
import { loaded } from '@cq/kit/loaders';
import { type StoryLink, telecomStory } from '@cq/story/telecom';
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

/**
 * The line each unit took first (sample choices, telecom's own): the first of these tariffs whose carrier
 * is present in the data centre; a unit not named, or whose carriers are not present there, takes a 100
 * Mbps line of a carrier present there, chosen by a stable hash.
 */
const firstChoice: Record<string, string[]> = {
  'general-office': ['telecom-line-1000'],
  'economic-information-commission': ['telecom-line-100'],
  'human-resources-social-security-bureau': ['mobile-line-500'],
  'tourism-bureau': ['unicom-line-100'],
  'liangjiang-new-area': ['telecom-line-100'],
  'nanan-district': ['mobile-line-100'],
  'banan-district': ['telecom-line-100'],
  'liangping-county': ['unicom-line-100'],
  'rural-commercial-bank': ['telecom-line-1000'],
  'finance-bureau': ['unicom-line-1000'],
  'pharmaceutical-exchange': ['mobile-line-100'],
  'yuzhong-district': ['telecom-line-100'],
};

/**
 * Second lines ordered beside a unit's first one into the same data centre (sample): Banan District's
 * backup line, still being provisioned; and the bank's line on a tariff for government bodies only, so it
 * pays the standard price (§6.5 eligibility).
 */
const secondLines: { unitId: string; tariffId: string; status?: 'PROVISIONING' }[] = [
  { unitId: 'banan-district', tariffId: 'unicom-line-100', status: 'PROVISIONING' },
  { unitId: 'rural-commercial-bank', tariffId: 'telecom-gov-line-200' },
];

const tariffOf = (id: string) =>
  loaded(
    tariffRows.find((row) => row.id === id),
    'tariff',
    id,
  );
const present = (tariffId: string, dataCenterId: string) =>
  presenceRows.some((p) => p.dataCenterId === dataCenterId && p.carrierId === tariffOf(tariffId).carrierId);

/** A stable number for a text, so the default choice is the same on every seed. */
const hash = (text: string) => [...text].reduce((h, ch) => (h * 31 + (ch.codePointAt(0) ?? 0)) % 1_000_003, 7);

/**
 * The story's lines (`@cq/story`: each unit's line into each data centre its plans name, with the day it
 * was ordered, provisioned and went live) as this subgraph's circuits, each on a tariff of a carrier
 * present in that data centre (as createCircuit requires), plus the second lines above.
 */
export function circuitRowsOf(told: StoryLink[]): schema.CircuitRow[] {
  const rows: schema.CircuitRow[] = [];
  const add = (link: StoryLink, tariffId: string, status: schema.CircuitRow['status'] = link.status) => {
    if (!present(tariffId, link.dataCenterId))
      throw new Error(`${tariffOf(tariffId).carrierId} has no point of presence in ${link.dataCenterId}.`);
    const base = `circuit-${link.unitId}-${tariffId}`;
    rows.push({
      id: rows.some((r) => r.id === base) ? `${base}-${link.dataCenterId}` : base,
      unitId: link.unitId,
      dataCenterId: link.dataCenterId,
      tariffId,
      bandwidthMbps: tariffOf(tariffId).bandwidthMbps,
      status,
      orderedOn: link.orderedOn,
      provisioningOn: status === 'PLANNED' ? null : link.provisioningOn,
      activeOn: status === 'ACTIVE' ? link.activeOn : null,
      decommissionedOn: null,
      isSample: true,
    });
  };
  for (const link of told) {
    const lines = tariffRows.filter((t) => t.bandwidthMbps === 100 && present(t.id, link.dataCenterId));
    const fallback = lines[hash(`${link.unitId}/${link.dataCenterId}`) % lines.length]?.id;
    const first = (firstChoice[link.unitId] ?? []).find((id) => present(id, link.dataCenterId)) ?? fallback;
    if (!first) throw new Error(`No carrier can serve ${link.unitId} in ${link.dataCenterId}.`);
    add(link, first);
  }
  for (const second of secondLines) {
    const link = told.find((l) => l.unitId === second.unitId && present(second.tariffId, l.dataCenterId));
    if (link) add(link, second.tariffId, second.status);
  }
  return rows;
}

export async function seed(db: Database<typeof schema>): Promise<void> {
  if (!(await isEmpty(db, 'carriers'))) return;
  const circuitRows = circuitRowsOf(telecomStory().links);
  await db.transaction(async (tx) => {
    await tx.insert(schema.carriers).values(carrierRows);
    await tx.insert(schema.tariffs).values(tariffRows);
    await tx.insert(schema.pointsOfPresence).values(presenceRows);
    await tx.insert(schema.circuits).values(circuitRows);
  });
}
