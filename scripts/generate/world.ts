/**
 * What the generated programme builds on, read from the four databases once the subgraphs have seeded
 * them: the units already registered (parents and coordinators for the new ones), the park's data centres
 * with what they hold, the providers' catalogue with today's prices, the carriers' tariffs and points of
 * presence. Generated rows are told against these facts as the subgraphs hold them, not as a seed file
 * says, so the programme fits whatever the databases hold.
 */

import { providers as storyProviders } from '@cq/story/world';
import type { BatchRow, UnitRow } from '@cq/units/schema';
import type { Sql } from './db.ts';

/** Every generated id starts with this (units, systems' units, data centres): how a second run is refused. */
export const GENERATED = 'gen-';

export type DataCenterKind = 'TRANSITIONAL_GOVERNMENT_DATA_CENTER' | 'GOVERNMENT_CLOUD_PLATFORM' | 'PARK_DATA_CENTER';

export interface DataCenterFacts {
  id: string;
  kind: DataCenterKind;
  status: string;
  opensOn: string | null;
  racksTotal: number;
  racksInOtherUse: number;
  powerCapacityKw: string;
  powerInOtherUseKw: string;
  /** What the programme's placements not taken out hold there already. */
  placedRacks: number;
  placedPowerKw: string;
}

export interface Provider {
  id: string;
  short: string;
  nameEn: string;
  nameZh: string;
  /** The services a system selecting it buys, with how much (the story's own choice of what each provider sells for a system). */
  services: (typeof storyProviders)[number]['services'];
}

export interface World {
  units: UnitRow[];
  batches: BatchRow[];
  dataCenters: DataCenterFacts[];
  providers: Provider[];
  /** Catalogue prices today, by service id, with the provider that sells each. */
  services: Map<string, { vendorId: string; unitPriceCny: string }>;
  tariffs: { id: string; carrierId: string; bandwidthMbps: number }[];
  carriers: string[];
  presence: { carrierId: string; dataCenterId: string }[];
  /** The next free ids of the tables whose generated rows are referred to by id (tasks, extension requests). */
  nextTaskId: number;
  nextExtensionRequestId: number;
}

export type Clients = Record<'units' | 'vendors' | 'park' | 'telecom', Sql>;

/** Refuses a second run: generated rows already in any of the four databases. */
export async function refuseGeneratedRows(sql: Clients): Promise<void> {
  const like = `${GENERATED}%`;
  const found = [
    ...(await sql.units.unsafe('select id from units where id like $1 limit 1', [like])).map((r) => `unit ${r.id} (units)`),
    ...(await sql.vendors.unsafe('select id from contracts where unit_id like $1 limit 1', [like])).map(
      (r) => `contract ${r.id} (vendors)`,
    ),
    ...(
      await sql.park.unsafe(
        'select id from data_centers where id like $1 union all select id from placements where unit_id like $1 limit 1',
        [like],
      )
    ).map((r) => `${r.id} (park)`),
    ...(
      await sql.telecom.unsafe(
        'select id from circuits where unit_id like $1 union all select data_center_id from points_of_presence where data_center_id like $1 limit 1',
        [like],
      )
    ).map((r) => `${r.id ?? r.data_center_id} (telecom)`),
  ];
  if (found.length)
    throw new Error(
      `Generated rows are already there (${found.join(', ')}): generate into freshly created databases, or drop and recreate these.`,
    );
}

const numberOf = (value: unknown) => Number(value ?? 0);

export async function readWorld(sql: Clients): Promise<World> {
  const units = (await sql.units.unsafe(
    `select id, name_en as "nameEn", name_zh as "nameZh", notice_name_zh as "noticeNameZh", kind, ownership_stake as "ownershipStake",
       parent_id as "parentId", coordinating_unit_id as "coordinatingUnitId", has_administrative_approval as "hasAdministrativeApproval",
       systems_already_hosted as "systemsAlreadyHosted", is_pilot as "isPilot", voluntary, batch_number as "batchNumber", is_sample as "isSample"
     from units order by id`,
  )) as unknown as UnitRow[];
  const batches = (await sql.units.unsafe(
    `select number, name_en as "nameEn", name_zh as "nameZh", window_start::text as "windowStart", window_end::text as "windowEnd", description
     from batches order by number`,
  )) as unknown as BatchRow[];
  const dataCenters = (
    await sql.park.unsafe(
      `select d.id, d.kind, d.status, d.opens_on::text as "opensOn", d.racks_total as "racksTotal", d.racks_in_other_use as "racksInOtherUse",
         d.power_capacity_kw::text as "powerCapacityKw", d.power_in_other_use_kw::text as "powerInOtherUseKw",
         coalesce(sum(p.racks), 0) as "placedRacks", coalesce(sum(p.power_kw), 0)::numeric(10, 1)::text as "placedPowerKw"
       from data_centers d left join placements p on p.data_center_id = d.id and p.until is null
       group by d.id order by d.id`,
    )
  ).map((r) => ({ ...r, placedRacks: numberOf(r.placedRacks) })) as unknown as DataCenterFacts[];
  const catalogue = await sql.vendors.unsafe('select id, vendor_id, unit_price_cny::text as price from cloud_services order by id');
  const services = new Map(catalogue.map((s) => [String(s.id), { vendorId: String(s.vendor_id), unitPriceCny: String(s.price) }]));
  // §3.2: a provider sells what a system buys from it; the vendors seed checks the same of the story.
  for (const provider of storyProviders) {
    for (const service of provider.services) {
      if (services.get(service.id)?.vendorId !== provider.id)
        throw new Error(`The vendors database does not sell ${service.id} as ${provider.id}'s: was it seeded by the vendors subgraph?`);
    }
  }
  const vendorNames = new Map(
    (await sql.vendors.unsafe('select id, name_en, name_zh from vendors')).map((v) => [
      String(v.id),
      { nameEn: String(v.name_en), nameZh: String(v.name_zh) },
    ]),
  );
  const tariffs = (await sql.telecom.unsafe(
    'select id, carrier_id as "carrierId", bandwidth_mbps as "bandwidthMbps" from tariffs order by id',
  )) as unknown as World['tariffs'];
  const carriers = (await sql.telecom.unsafe('select id from carriers order by id')).map((r) => String(r.id));
  const presence = (await sql.telecom.unsafe(
    'select carrier_id as "carrierId", data_center_id as "dataCenterId" from points_of_presence order by 1, 2',
  )) as unknown as World['presence'];
  const [task] = await sql.vendors.unsafe('select coalesce(max(id), 0) + 1 as next from migration_tasks');
  const [request] = await sql.units.unsafe('select coalesce(max(id), 0) + 1 as next from extension_requests');
  if (!batches.length || !dataCenters.length || !carriers.length)
    throw new Error('The databases hold no batches, data centres or carriers: the subgraphs did not seed them.');
  return {
    units,
    batches,
    dataCenters,
    providers: storyProviders.map(({ id, short, services }) => ({ id, short, services, nameEn: id, nameZh: id, ...vendorNames.get(id) })),
    services,
    tariffs,
    carriers,
    presence,
    nextTaskId: numberOf(task?.next),
    nextExtensionRequestId: numberOf(request?.next),
  };
}
