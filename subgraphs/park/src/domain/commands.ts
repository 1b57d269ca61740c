/**
 * What the park operator changes: data centres, services and placements. Each change runs in one
 * transaction; a placement locks its data centre's row first, so two placements can never both take the
 * last free rack. Every change checks first that the caller is the park's operator (domain/policy.ts).
 */
import { onlyRow, type Transaction } from '@cq/kit/database';
import { badInput, newId, notFound, requiredText, ruleError, unknownReference } from '@cq/kit/errors';
import { decimalInput, moneyInput, toUnits } from '@cq/kit/money';
import { dateOf, parseDate } from '@cq/kit/time';
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { placedIn } from '../data/queries.ts';
import type * as schema from '../data/schema.ts';
import { type DataCenterRow, dataCenters, parkServices, placements } from '../data/schema.ts';
import type { AddParkServiceInput, CreateDataCenterInput, PlaceSystemInput, UpdateDataCenterInput } from '../generated/resolvers.ts';
import { mayOperatePark } from './policy.ts';
import {
  capacityOf,
  destinationCompliant,
  isExempt,
  kwUnits,
  type PlacementFacts,
  placedAsPlanned,
  placementIsProof,
  takesPlacements,
} from './rules.ts';

type Tx = Transaction<typeof schema>;

/**
 * The one question the units subgraph answers about a system to be placed: whose system it is (the
 * placement belongs to that unit), and the facts the placement rules judge (rules.ts): its classification
 * (§1), whether its unit has administrative-approval functions (§4), and where its approved migration plan
 * sends it (§2.2, §3.3).
 */
export const PLACEMENT_FACTS =
  'query ParkPlacementFacts($id: ID!) { system(id: $id) { classification unit { id hasAdministrativeApproval } migrationPlan { destination { id } } } }';

/**
 * What the units subgraph says about a system to be placed. A system units does not know is refused;
 * when units cannot be asked, the kit's askPeer throws (SUBGRAPH_UNAVAILABLE) and nothing is placed.
 */
async function placementFactsOf(ctx: Context, systemId: string): Promise<PlacementFacts> {
  const answer = await ctx.askPeer<{ system: PlacementFacts | null }>('units', PLACEMENT_FACTS, { id: systemId });
  if (!answer.system?.unit) throw unknownReference('information system', systemId, 'systemId');
  return answer.system;
}

/** Units' word on a system's stage: once centralised, its placement is the proof of it (rules.ts: placementIsProof). */
export const SYSTEM_STAGE = 'query ParkSystemStage($id: ID!) { system(id: $id) { stage } }';

/**
 * Units' approved plans that an opening day of the Government Cloud Platform would put against §4 (units'
 * rule: a government department cutting over before the opening names the transitional centre, on or after
 * it the platform): plans naming the platform and cutting over before the day, and plans naming the
 * transitional centre and cutting over on or after it. A few ids of each, and how many there are.
 */
export const OPENING_CONFLICTS = `query ParkOpeningConflicts($platform: ID!, $transitional: ID!, $opensOn: Date!) {
  early: systems(first: 3, filter: { governmentDepartment: true, plannedDestinationId: $platform, plannedCutoverBefore: $opensOn }) {
    totalCount edges { node { id } } }
  late: systems(first: 3, filter: { governmentDepartment: true, plannedDestinationId: $transitional, plannedCutoverFrom: $opensOn }) {
    totalCount edges { node { id } } } }`;

interface SystemIds {
  totalCount: number;
  edges: { node: { id: string } }[];
}

/** "3 systems (a, b, c)" or "5 systems (a, b, c, …)". */
const someSystems = ({ totalCount, edges }: SystemIds) =>
  `${totalCount} system${totalCount === 1 ? '' : 's'} (${edges.map((e) => e.node.id).join(', ')}${totalCount > edges.length ? ', …' : ''})`;

/**
 * §4: refuses an opening day of the Government Cloud Platform that government departments' approved
 * plans already contradict (units is asked before anything is locked; when it cannot answer, nothing
 * changes).
 */
async function checkPlansAgainstOpening(ctx: Context, platformId: string, opensOn: string) {
  const [transitional] = await ctx.db
    .select({ id: dataCenters.id })
    .from(dataCenters)
    .where(eq(dataCenters.kind, 'TRANSITIONAL_GOVERNMENT_DATA_CENTER'));
  const answer = await ctx.askPeer<{ early: SystemIds; late: SystemIds }>('units', OPENING_CONFLICTS, {
    platform: platformId,
    transitional: transitional?.id ?? '',
    opensOn,
  });
  if (answer.early.totalCount) {
    throw ruleError(
      'OPENING_DAY_IN_USE',
      `§4: ${someSystems(answer.early)} of government departments cut over to ${platformId} before ${opensOn}; re-plan them to the transitional government data centre before the platform's opening day moves there.`,
      { systems: answer.early.totalCount },
    );
  }
  if (answer.late.totalCount) {
    throw ruleError(
      'OPENING_DAY_IN_USE',
      `§4: ${someSystems(answer.late)} of government departments cut over to the transitional government data centre on or after ${opensOn}, when the platform would be open; re-plan them to ${platformId} before its opening day moves there.`,
      { systems: answer.late.totalCount },
    );
  }
}

/** §4: the platform cannot open after a system was placed in it (checked with the platform's row locked). */
async function checkPlacementsAgainstOpening(tx: Tx, platform: DataCenterRow, opensOn: string) {
  const [early] = await tx
    .select({ systemId: placements.systemId, since: placements.since })
    .from(placements)
    .where(and(eq(placements.dataCenterId, platform.id), lt(placements.since, opensOn)))
    .limit(1);
  if (early) {
    throw ruleError(
      'OPENING_DAY_IN_USE',
      `§4: ${early.systemId} has been placed in ${platform.id} since ${early.since}; the platform cannot open after that, on ${opensOn}.`,
      { systemId: early.systemId },
    );
  }
}

/**
 * Locks a data centre's row, so two placements can never both take its last free rack, and reads its
 * capacity. `missing` tells what its absence is: the mutation's own target, or a reference.
 */
async function lockDataCenter(tx: Tx, id: string, missing: () => Error) {
  const [dc] = await tx.select().from(dataCenters).where(eq(dataCenters.id, id)).for('update');
  if (!dc) throw missing();
  const [placed] = await placedIn(tx, [id]);
  return { dc, capacity: capacityOf(dc, placed ?? null) };
}

export async function createDataCenter(ctx: Context, input: CreateDataCenterInput) {
  mayOperatePark(ctx.viewer, 'registers data centres');
  newId(input.id);
  if (!Number.isInteger(input.tier) || input.tier < 1 || input.tier > 4) throw badInput('tier must be 1, 2, 3 or 4.', 'tier');
  decimalInput(input.pue, 'pue', dataCenters.pue);
  decimalInput(input.powerCapacityKw, 'powerCapacityKw', dataCenters.powerCapacityKw);
  decimalInput(input.powerInOtherUseKw, 'powerInOtherUseKw', dataCenters.powerInOtherUseKw);
  if (toUnits(input.pue) < toUnits('1')) throw badInput('pue cannot be below 1.0.', 'pue');
  if (!(input.racksTotal > 0) || input.racksInOtherUse < 0)
    throw badInput('racksTotal must be more than zero and racksInOtherUse not negative.', 'racksTotal');
  if (kwUnits(input.powerCapacityKw) <= 0n || kwUnits(input.powerInOtherUseKw) < 0n)
    throw badInput('powerCapacityKw must be more than zero and powerInOtherUseKw not negative.', 'powerCapacityKw');
  if (input.racksInOtherUse > input.racksTotal || kwUnits(input.powerInOtherUseKw) > kwUnits(input.powerCapacityKw)) {
    throw ruleError('CAPACITY_EXCEEDED', 'What other tenants use cannot exceed the capacity.');
  }
  if (input.opensOn != null) parseDate(input.opensOn, 'opensOn');
  if (input.kind !== 'PARK_DATA_CENTER') {
    throw ruleError(
      'ONE_OF_EACH_KIND',
      `§4 names one transitional government data centre and one Government Cloud Platform, and the park has both; a new data centre is a PARK_DATA_CENTER, not a ${input.kind}.`,
    );
  }
  return ctx.db.transaction(async (tx) => {
    const row = {
      id: input.id,
      nameEn: requiredText(input.name, 'name'),
      nameZh: requiredText(input.officialName, 'officialName'),
      kind: input.kind,
      status: input.status ?? 'OPERATIONAL',
      operatorVendorId: input.operatorVendorId ?? null,
      tier: input.tier,
      pue: input.pue,
      racksTotal: input.racksTotal,
      racksInOtherUse: input.racksInOtherUse,
      powerCapacityKw: input.powerCapacityKw,
      powerInOtherUseKw: input.powerInOtherUseKw,
      opensOn: input.opensOn ?? null,
      isSample: false,
    };
    return onlyRow(await tx.insert(dataCenters).values(row).returning());
  });
}

export async function updateDataCenter(ctx: Context, input: UpdateDataCenterInput) {
  mayOperatePark(ctx.viewer, 'changes data centres');
  if (input.opensOn != null) parseDate(input.opensOn, 'opensOn');
  if (input.powerCapacityKw != null) decimalInput(input.powerCapacityKw, 'powerCapacityKw', dataCenters.powerCapacityKw);
  // Only the platform's opening day decides where plans go (§4).
  const movesOpening = (dc: DataCenterRow | undefined): dc is DataCenterRow =>
    input.opensOn != null && dc?.kind === 'GOVERNMENT_CLOUD_PLATFORM' && input.opensOn !== dc.opensOn;
  const [current] = await ctx.db.select().from(dataCenters).where(eq(dataCenters.id, input.id));
  if (input.opensOn != null && movesOpening(current)) await checkPlansAgainstOpening(ctx, current.id, input.opensOn);
  return ctx.db.transaction(async (tx) => {
    const { dc, capacity } = await lockDataCenter(tx, input.id, () => notFound('Data centre', input.id));
    if (input.racksTotal != null && input.racksTotal < capacity.racksUsed) {
      throw ruleError('CAPACITY_EXCEEDED', `${dc.id} has ${capacity.racksUsed} racks in use; it cannot shrink to ${input.racksTotal}.`);
    }
    if (input.powerCapacityKw != null && kwUnits(input.powerCapacityKw) < capacity.powerUsedUnits) {
      throw ruleError(
        'CAPACITY_EXCEEDED',
        `${dc.id} draws ${capacity.powerUsedKw} kW; its capacity cannot fall to ${input.powerCapacityKw} kW.`,
      );
    }
    if (input.opensOn != null && movesOpening(dc)) await checkPlacementsAgainstOpening(tx, dc, input.opensOn);
    const changes = {
      ...(input.status ? { status: input.status } : {}),
      ...(input.racksTotal != null ? { racksTotal: input.racksTotal } : {}),
      ...(input.powerCapacityKw != null ? { powerCapacityKw: input.powerCapacityKw } : {}),
      ...(input.opensOn != null ? { opensOn: input.opensOn } : {}),
    };
    if (!Object.keys(changes).length) return dc;
    return onlyRow(await tx.update(dataCenters).set(changes).where(eq(dataCenters.id, dc.id)).returning());
  });
}

export async function addParkService(ctx: Context, input: AddParkServiceInput) {
  mayOperatePark(ctx.viewer, 'adds park services');
  newId(input.id);
  const row = {
    id: input.id,
    kind: input.kind,
    nameEn: requiredText(input.name, 'name'),
    nameZh: requiredText(input.officialName, 'officialName'),
    provider: requiredText(input.provider, 'provider'),
    description: requiredText(input.description, 'description'),
    unitOfSale: requiredText(input.unitOfSale, 'unitOfSale'),
    monthlyPriceCny: moneyInput(input.monthlyPriceCny, 'monthlyPriceCny'),
    isSample: false,
  };
  return onlyRow(await ctx.db.insert(parkServices).values(row).returning());
}

export async function placeSystem(ctx: Context, input: PlaceSystemInput) {
  mayOperatePark(ctx.viewer, 'places systems');
  const systemId = requiredText(input.systemId, 'systemId');
  if (!Number.isInteger(input.racks) || input.racks <= 0) throw badInput('racks must be a whole number more than zero.', 'racks');
  decimalInput(input.powerKw, 'powerKw', placements.powerKw);
  if (kwUnits(input.powerKw) <= 0n) throw badInput('powerKw must be more than zero.', 'powerKw');
  moneyInput(input.monthlyFeeCny, 'monthlyFeeCny');
  parseDate(input.since, 'since');
  // Asked before the data centre is locked: no lock waits on another subgraph.
  const system = await placementFactsOf(ctx, systemId);
  const unitId = system.unit.id;
  if (isExempt(system)) {
    throw ruleError(
      'CLASSIFIED_SYSTEM_EXEMPT',
      `§1: ${systemId} is classified, so it is exempt from the migration and never placed in the park.`,
    );
  }
  return ctx.db.transaction(async (tx) => {
    const { dc, capacity } = await lockDataCenter(tx, input.dataCenterId, () =>
      unknownReference('data centre', input.dataCenterId, 'dataCenterId'),
    );
    if (!takesPlacements(dc)) throw ruleError('DATA_CENTER_NOT_OPERATIONAL', `${dc.id} is ${dc.status} and takes no placements.`);
    if (!destinationCompliant(system.unit.hasAdministrativeApproval, dc)) {
      throw ruleError(
        'DESTINATION_NOT_ALLOWED',
        `§4: unit ${unitId} has administrative-approval functions, so ${systemId} may only be placed in the transitional government data centre or the Government Cloud Platform; ${dc.id} is a ${dc.kind}.`,
      );
    }
    if (!placedAsPlanned(system, dc)) {
      const planned = system.migrationPlan?.destination.id ?? null;
      throw ruleError(
        'PLACEMENT_NOT_AS_PLANNED',
        planned
          ? `§3.3: the approved migration plan of ${systemId} names ${planned}; the system is placed there, not in ${dc.id}.`
          : `§3.3: ${systemId} has no approved migration plan; a system is placed only in the data centre its approved plan names.`,
        { plannedDataCenterId: planned },
      );
    }
    // Past placements stay as history; only one not taken out is current (the partial unique index says so too).
    const earlier = await tx.select().from(placements).where(eq(placements.systemId, systemId));
    const existing = earlier.find((p) => p.until === null);
    if (existing)
      throw ruleError('ALREADY_PLACED', `${systemId} is already placed in ${existing.dataCenterId}; remove that placement first.`);
    if (earlier.some((p) => p.until !== null && p.until > input.since)) {
      throw badInput(
        `${systemId} was placed elsewhere until ${earlier
          .map((p) => p.until)
          .sort()
          .at(-1)}; a new placement starts on or after that day.`,
        'since',
      );
    }
    if (input.racks > capacity.racksFree) {
      throw ruleError('CAPACITY_EXCEEDED', `${dc.id} has ${capacity.racksFree} racks free; ${input.racks} were asked for.`, {
        racksFree: capacity.racksFree,
      });
    }
    if (kwUnits(input.powerKw) > capacity.powerFreeUnits) {
      throw ruleError('CAPACITY_EXCEEDED', `${dc.id} has ${capacity.powerFreeKw} kW free; ${input.powerKw} kW were asked for.`, {
        powerFreeKw: capacity.powerFreeKw,
      });
    }
    const row = {
      // The first placement of a system keeps the plain id; a later one (after a removal) is numbered.
      id: earlier.length ? `placement-${systemId}-${earlier.length + 1}` : `placement-${systemId}`,
      systemId,
      unitId,
      dataCenterId: dc.id,
      racks: input.racks,
      powerKw: input.powerKw,
      monthlyFeeCny: input.monthlyFeeCny,
      since: input.since,
    };
    return onlyRow(await tx.insert(placements).values(row).returning());
  });
}

export async function removePlacement(ctx: Context, systemId: string) {
  mayOperatePark(ctx.viewer, 'removes placements');
  // Asked before anything is locked: no lock waits on another subgraph.
  const answer = await ctx.askPeer<{ system: { stage: string | null } | null }>('units', SYSTEM_STAGE, { id: systemId });
  if (placementIsProof(answer.system?.stage)) {
    throw ruleError(
      'PLACEMENT_IS_PROOF',
      `§2.2: ${systemId} is ${answer.system?.stage}; its placement is the proof that it was centralised, so it stays.`,
      { stage: answer.system?.stage },
    );
  }
  return ctx.db.transaction(async (tx) => {
    // Closed, not deleted: the placement stays as history, there from `since` until today (Asia/Shanghai).
    const [current] = await tx
      .select()
      .from(placements)
      .where(and(eq(placements.systemId, systemId), isNull(placements.until)))
      .for('update');
    if (!current) throw notFound('Placement of system', systemId);
    const today = dateOf(ctx.now);
    // A placement dated ahead and taken out before its first day never held: it ends where it starts.
    const until = [current.since, today].sort()[1] ?? today;
    return onlyRow(await tx.update(placements).set({ until }).where(eq(placements.id, current.id)).returning());
  });
}
