/**
 * The park subgraph's rows of the generated programme: each provider's own data centres in the park
 * (PARK_DATA_CENTER: §4 names one government data centre of each kind, so new ones are park data centres),
 * sized to what is placed in them with room to spare; the two government data centres grown where the
 * programme's placements would otherwise not fit, as the park operator's `updateDataCenter` grows them
 * (a data centre never holds more than its capacity, §6.5); and every placement of a centralised system in
 * its plan's data centre, since no later than the day it was centralised (§2.2), with the placements taken
 * out on the way kept as history (`until`).
 */
import { formatDecimal, multiplyCny } from '@cq/kit/money';
import { kwUnits } from '@cq/park/rules';
import * as schema from '@cq/park/schema';
import { rackFeeCny } from '@cq/park/seed';
import { type CopyTable, copyOf } from './db.ts';
import type { Programme } from './programme.ts';
import { hashOf } from './random.ts';
import type { World } from './world.ts';

export interface ParkRows {
  dataCenters: schema.DataCenterRow[];
  /** The government data centres grown to hold the programme: their new capacity. */
  grown: { id: string; racksTotal: number; powerCapacityKw: string }[];
  placements: schema.PlacementRow[];
  /** What a rack costs a month in each data centre the programme uses. */
  fees: Map<string, string>;
}

const KW = kwUnits('1');
const wholeKw = (units: bigint) => (units + KW - 1n) / KW;

/** Racks and power a set of placements takes. */
function demandOf(placements: readonly schema.PlacementRow[]) {
  const demand = new Map<string, { racks: number; power: bigint }>();
  for (const p of placements) {
    const d = demand.get(p.dataCenterId) ?? { racks: 0, power: 0n };
    demand.set(p.dataCenterId, { racks: d.racks + p.racks, power: d.power + kwUnits(p.powerKw) });
  }
  return demand;
}

export function parkRows(programme: Programme, world: World): ParkRows {
  const { seed } = programme.options;
  const fees = new Map<string, string>(Object.entries(rackFeeCny));
  for (const dc of programme.parkDataCenters) fees.set(dc.id, `${3800 + 100 * (hashOf(seed, dc.id, 'fee') % 7)}.00`);
  const feeOf = (id: string) => {
    const fee = fees.get(id);
    if (!fee) throw new Error(`No rack fee is known for data centre ${id}.`);
    return fee;
  };

  // Every placement, the ones taken out too: the first keeps the plain id, a later one is numbered (as placeSystem names them).
  const placements: schema.PlacementRow[] = programme.histories.flatMap((h) =>
    h.placements.map((p, i) => {
      const dataCenterId = h.plan?.destinationDataCenterId;
      if (!dataCenterId) throw new Error(`${h.system.id} is placed without a plan.`);
      return {
        id: i ? `placement-${h.system.id}-${i + 1}` : `placement-${h.system.id}`,
        systemId: h.system.id,
        unitId: h.unit.id,
        dataCenterId,
        racks: h.footprint.racks,
        powerKw: h.footprint.powerKw,
        monthlyFeeCny: multiplyCny(String(h.footprint.racks), feeOf(dataCenterId)),
        since: p.since,
        until: p.until,
      };
    }),
  );
  // Sized on every placement, those taken out too: there was room for each when it was made.
  const demand = demandOf(placements);

  const dataCenters = programme.parkDataCenters.map(({ id, providerId, index }): schema.DataCenterRow => {
    const provider = world.providers.find((p) => p.id === providerId);
    const d = demand.get(id) ?? { racks: 0, power: 0n };
    const racksTotal = Math.ceil(d.racks * 1.25) + 20;
    const power = wholeKw(d.power);
    const powerCapacity = power + power / 4n + 100n;
    return {
      id,
      nameEn: `${(provider?.nameEn ?? providerId).replace(/ \(sample\)$/, '')} Data Centre ${index + 1} (generated)`,
      nameZh: `${(provider?.nameZh ?? providerId).replace(/（示例）$/, '')}数据中心${index + 1}（生成）`,
      kind: 'PARK_DATA_CENTER',
      status: 'OPERATIONAL',
      operatorVendorId: providerId,
      tier: 3 + (hashOf(seed, id, 'tier') % 2),
      pue: `1.${35 + (hashOf(seed, id, 'pue') % 20)}`,
      racksTotal,
      racksInOtherUse: Math.floor(racksTotal * 0.08),
      powerCapacityKw: `${powerCapacity}.0`,
      powerInOtherUseKw: `${(powerCapacity * 8n) / 100n}.0`,
      opensOn: null,
      isSample: true,
    };
  });

  // The government data centres keep a tenth free once the programme's placements are in.
  const grown: ParkRows['grown'] = [];
  for (const dc of world.dataCenters) {
    const d = demand.get(dc.id);
    if (!d) continue;
    const racksNeeded = Math.ceil((dc.racksInOtherUse + dc.placedRacks + d.racks) * 1.1);
    const powerNeeded = (wholeKw(kwUnits(dc.powerInOtherUseKw) + kwUnits(dc.placedPowerKw) + d.power) * 11n) / 10n + 1n;
    const racksTotal = Math.max(dc.racksTotal, racksNeeded);
    const power = kwUnits(dc.powerCapacityKw) >= powerNeeded * KW ? kwUnits(dc.powerCapacityKw) : powerNeeded * KW;
    if (racksTotal !== dc.racksTotal || power !== kwUnits(dc.powerCapacityKw))
      grown.push({ id: dc.id, racksTotal, powerCapacityKw: formatDecimal(power, 1) });
  }
  return { dataCenters, grown, placements, fees };
}

export function parkTables(rows: ParkRows): CopyTable[] {
  return [
    copyOf(
      'data_centers',
      schema.dataCenters,
      [
        'id',
        'nameEn',
        'nameZh',
        'kind',
        'status',
        'operatorVendorId',
        'tier',
        'pue',
        'racksTotal',
        'racksInOtherUse',
        'powerCapacityKw',
        'powerInOtherUseKw',
        'opensOn',
        'isSample',
      ],
      rows.dataCenters,
    ),
    copyOf(
      'placements',
      schema.placements,
      ['id', 'systemId', 'unitId', 'dataCenterId', 'racks', 'powerKw', 'monthlyFeeCny', 'since', 'until'],
      rows.placements,
    ),
  ];
}

/** The park operator grows the government data centres before the placements go in (only ever up). */
export const parkBeforeLoad = (rows: ParkRows) =>
  rows.grown.map(
    (g) =>
      `update data_centers set racks_total = greatest(racks_total, ${Math.floor(g.racksTotal)}), power_capacity_kw = greatest(power_capacity_kw, ${Number(g.powerCapacityKw)}) where id = '${g.id.replace(/'/g, "''")}'`,
  );
