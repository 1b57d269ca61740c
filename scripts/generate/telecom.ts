/**
 * The telecom subgraph's rows of the generated programme: the carriers present in the providers' new park
 * data centres, and each unit's line into each data centre its plans name, derived as the seed derives
 * the story's: ordered when the first plan naming the place was approved, provisioned when the first move
 * there started, live a week before the first system was placed there (never before it was ordered). Each
 * is on a tariff of a carrier present there (createCircuit's CARRIER_NOT_PRESENT). Some units later moved
 * to a faster line: the old one decommissioned the day the new one went live, each day kept.
 */

import { addDays, dayOf } from '@cq/story/world';
import * as schema from '@cq/telecom/schema';
import { type CopyTable, copyOf } from './db.ts';
import type { Programme } from './programme.ts';
import { streamFor } from './random.ts';
import type { SystemHistory } from './timeline.ts';
import type { World } from './world.ts';

type Presence = { carrierId: string; dataCenterId: string };

export interface TelecomRows {
  presence: Presence[];
  circuits: schema.CircuitRow[];
}

const first = (days: string[]) => [...days].sort()[0] ?? null;
const later = (a: string, b: string) => (a > b ? a : b);

export function telecomRows(programme: Programme, world: World): TelecomRows {
  const { seed } = programme.options;
  const rng = streamFor(seed, 'telecom');
  // Two or three of the carriers in each new park data centre.
  const presence: Presence[] = programme.parkDataCenters.flatMap(({ id }) => {
    const skip = rng.chance(0.5) ? rng.int(0, world.carriers.length - 1) : -1;
    return world.carriers.filter((_, i) => i !== skip).map((carrierId) => ({ carrierId, dataCenterId: id }));
  });
  const present = [...world.presence, ...presence];
  const tariffsIn = (dataCenterId: string) => {
    const carriers = new Set(present.filter((p) => p.dataCenterId === dataCenterId).map((p) => p.carrierId));
    return world.tariffs.filter((t) => carriers.has(t.carrierId));
  };

  const byUnit = new Map<string, SystemHistory[]>();
  for (const h of programme.histories) if (h.plan) byUnit.set(h.unit.id, [...(byUnit.get(h.unit.id) ?? []), h]);
  const circuits: schema.CircuitRow[] = [];
  const ids = new Set<string>();
  const add = (row: Omit<schema.CircuitRow, 'id' | 'isSample'>) => {
    const base = `circuit-${row.unitId}-${row.tariffId}`;
    const id = ids.has(base) ? `${base}-${row.dataCenterId}` : base;
    ids.add(id);
    circuits.push({ id, ...row, isSample: true });
  };
  for (const { row: unit } of programme.units) {
    const planned = byUnit.get(unit.id) ?? [];
    const destinations = [...new Set(planned.map((h) => h.plan?.destinationDataCenterId ?? ''))].sort();
    for (const dataCenterId of destinations) {
      const there = planned.filter((h) => h.plan?.destinationDataCenterId === dataCenterId);
      const orderedOn = first(there.map((h) => dayOf(h.plan?.at ?? new Date(0)))) ?? '';
      const moves = there.flatMap((h) => h.migratingOn ?? []);
      const placed = first(there.flatMap((h) => h.placements[0]?.since ?? []));
      const activeOn = placed ? later(addDays(placed, -7), orderedOn) : null;
      const provisioningOn = first(activeOn ? [...moves, activeOn] : moves);
      const status = activeOn ? 'ACTIVE' : provisioningOn ? 'PROVISIONING' : 'PLANNED';
      const offered = tariffsIn(dataCenterId);
      const big = there.length >= 15;
      const lines = offered.filter((t) => t.bandwidthMbps === (big ? 1000 : 100));
      const tariff = rng.pick(lines.length ? lines : offered.filter((t) => t.bandwidthMbps === 100));
      const circuit = {
        unitId: unit.id,
        dataCenterId,
        tariffId: tariff.id,
        bandwidthMbps: tariff.bandwidthMbps,
        status,
        orderedOn,
        provisioningOn,
        activeOn,
        decommissionedOn: null,
      } as const;
      const faster = offered.filter((t) => t.bandwidthMbps > tariff.bandwidthMbps);
      if (!activeOn || !faster.length || !rng.chance(0.05)) {
        add(circuit);
        continue;
      }
      // Moved to a faster line: ordered six weeks before, provisioned, live the day the old one was decommissioned.
      const upgradedOn = addDays(activeOn, rng.int(180, 700));
      const next = rng.pick(faster);
      add({ ...circuit, status: 'DECOMMISSIONED', decommissionedOn: upgradedOn });
      add({
        ...circuit,
        tariffId: next.id,
        bandwidthMbps: next.bandwidthMbps,
        orderedOn: addDays(upgradedOn, -45),
        provisioningOn: addDays(upgradedOn, -20),
        activeOn: upgradedOn,
      });
    }
  }
  return { presence, circuits };
}

export function telecomTables(rows: TelecomRows): CopyTable[] {
  return [
    copyOf('points_of_presence', schema.pointsOfPresence, ['carrierId', 'dataCenterId'], rows.presence),
    copyOf(
      'circuits',
      schema.circuits,
      [
        'id',
        'unitId',
        'dataCenterId',
        'tariffId',
        'bandwidthMbps',
        'status',
        'orderedOn',
        'provisioningOn',
        'activeOn',
        'decommissionedOn',
        'isSample',
      ],
      rows.circuits,
    ),
  ];
}
