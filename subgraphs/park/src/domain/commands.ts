/**
 * What the park operator changes: data centres, services and placements. Each change runs in one
 * transaction; a placement locks its data centre's row first, so two placements can never both take the
 * last free rack. Every change checks first that the caller is the park's operator (domain/policy.ts).
 */
import { onlyRow, type Transaction } from '@cq/kit/database';
import { badInput, newId, notFound, requiredText, ruleError, unknownReference } from '@cq/kit/errors';
import { moneyInput, toUnits } from '@cq/kit/money';
import { parseDate } from '@cq/kit/time';
import { eq } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { placedIn } from '../data/queries.ts';
import type * as schema from '../data/schema.ts';
import { dataCenters, parkServices, placements } from '../data/schema.ts';
import type { AddParkServiceInput, CreateDataCenterInput, PlaceSystemInput, UpdateDataCenterInput } from '../generated/resolvers.ts';
import { mayOperatePark } from './policy.ts';
import { capacityOf, destinationCompliant, isExempt, kwUnits, type PlacementFacts, placedAsPlanned, takesPlacements } from './rules.ts';

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
    const [existing] = await tx.select().from(placements).where(eq(placements.systemId, systemId));
    if (existing)
      throw ruleError('ALREADY_PLACED', `${systemId} is already placed in ${existing.dataCenterId}; remove that placement first.`);
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
      id: `placement-${systemId}`,
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
  return ctx.db.transaction(async (tx) => {
    const [removed] = await tx.delete(placements).where(eq(placements.systemId, systemId)).returning();
    if (!removed) throw notFound('Placement of system', systemId);
    return removed;
  });
}
