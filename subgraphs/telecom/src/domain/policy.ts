/**
 * Who may read and change what in the telecom subgraph.
 *
 * | role | reads | changes |
 * | --- | --- | --- |
 * | anonymous | carriers and tariffs (public); circuits, charges and the audit log are refused (UNAUTHENTICATED) | nothing |
 * | joint-conference | everything: every circuit, every unit's charges and bill, the audit log | nothing |
 * | finance | carriers, tariffs, every circuit, every unit's charges and bill | nothing |
 * | analyst | carriers, tariffs, every circuit, every unit's charges and bill | nothing |
 * | park-operator | carriers, tariffs, every circuit, every unit's charges and bill | nothing |
 * | carrier | carriers, tariffs, its own circuits (under its tariffs) and their charges; not a unit's whole bill | its own tariffs and circuits: createTariff, createCircuit, advanceCircuit |
 * | unit-officer | carriers, tariffs, its own unit's circuits, charges and bill | nothing |
 * | coordinator | carriers, tariffs, the circuits, charges and bills of its subtree (§6.2, asked of the units subgraph) | nothing |
 * | vendor | carriers and tariffs only; circuits and charges are refused (FORBIDDEN) | nothing |
 * | service | everything (the kit's internal role for other subgraphs) | nothing |
 *
 * A list (`Query.circuits`) holds the circuits of the caller's scope and leaves the others out; a circuit
 * asked for by id out of scope is refused with FORBIDDEN.
 *
 * The schema declares who may use each field (`@authenticated` or `@requiresScopes`, enforced by the kit);
 * the rules below say which rows a role's caller sees or changes, each stated once, here. A circuit is the
 * carrier's whose tariff it is billed under. Circuits and their costs are `@authenticated`, so that a field
 * of another subgraph that @requires them (the units subgraph's `Unit.monthlyCost`) composes; the roles
 * that may not see them at all (cloud providers, and carriers for a unit's whole bill) are refused here.
 */
import { forbidden, hasRole } from '@cq/kit/access';
import { unauthenticated, type Viewer } from '@cq/kit/identity';
import { coordinatedUnits } from '@cq/kit/services';
import { eq, type SQL, sql } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { circuits, type TariffRow, tariffs } from '../data/schema.ts';
import type { CircuitModel } from '../mappers.ts';

/** Root fields anyone may use, signed in or not: the carriers and their published tariffs (§6.5). */
export const PUBLIC_FIELDS = ['Query.carriers', 'Query.carrier', 'Query.tariffs', 'Query.tariff'] as const;

/** The refusal of a circuit to a caller who is not signed in (entity lookups reach here without the kit's check). */
const signInForCircuits = () => unauthenticated('Circuits need a signed-in caller: send a bearer token.');

/** Roles that see every unit's circuits (the kit's internal `service` role reads everything too). */
const seesEveryUnit = (viewer: Viewer) =>
  viewer.role === 'service' || hasRole(viewer, 'joint-conference', 'finance', 'analyst', 'park-operator', 'carrier');

/**
 * Whether the caller may see a unit's circuits (and their charges) at all; throws the refusal when not.
 * A carrier sees every unit, but only its own circuits there (`showsCircuit`).
 */
export async function mayReadCircuitsOfUnit(ctx: Pick<Context, 'viewer' | 'loaders' | 'askPeer'>, unitId: string): Promise<void> {
  const { viewer } = ctx;
  if (viewer.role === 'anonymous') throw signInForCircuits();
  if (seesEveryUnit(viewer)) return;
  if (viewer.role === 'unit-officer' && viewer.unitId === unitId) return;
  if (viewer.role === 'unit-officer')
    throw forbidden(viewer, `a unit's officer sees only its own unit's circuits, not those of unit ${unitId}.`);
  if (viewer.role === 'coordinator' && viewer.unitId) {
    // Its own unit heads its subtree: no need to ask the units subgraph for it.
    if (viewer.unitId === unitId || (await coordinatedUnits(ctx.askPeer, viewer.unitId)).has(unitId)) return;
    throw forbidden(viewer, `a coordinating unit sees only the circuits of the units it coordinates (§6.2), not those of unit ${unitId}.`);
  }
  throw forbidden(
    viewer,
    'circuits are for the programme, the units and coordinating units concerned, the park and the carriers, not for cloud providers.',
  );
}

/**
 * Whether the caller may see what a unit pays for all its circuits; throws the refusal when not. A carrier
 * may not: the total includes other carriers' circuits (it sees its own circuits' charges instead).
 */
export async function mayReadTelecomBillOfUnit(ctx: Pick<Context, 'viewer' | 'loaders' | 'askPeer'>, unitId: string): Promise<void> {
  if (ctx.viewer.role === 'carrier') {
    throw forbidden(
      ctx.viewer,
      `a carrier sees the charges of its own circuits, not unit ${unitId}'s whole telecom bill, which includes other carriers' circuits.`,
    );
  }
  await mayReadCircuitsOfUnit(ctx, unitId);
}

/** Within a unit the caller may see: a carrier sees only its own circuits, everyone else all of them. */
export const showsCircuit = (viewer: Viewer, circuit: Pick<CircuitModel, 'carrierId'>) =>
  viewer.role !== 'carrier' || circuit.carrierId === viewer.carrierId;

/** One circuit looked up by id, if the caller may see it: none stays null, one out of scope is refused. */
export async function readableCircuit(
  ctx: Pick<Context, 'viewer' | 'loaders' | 'askPeer'>,
  circuit: CircuitModel | null,
): Promise<CircuitModel | null> {
  if (!circuit) return null;
  await mayReadCircuitsOfUnit(ctx, circuit.unitId);
  if (!showsCircuit(ctx.viewer, circuit))
    throw forbidden(ctx.viewer, `a carrier sees only its own circuits; circuit ${circuit.id} is another carrier's.`);
  return circuit;
}

/**
 * The circuits of the programme's list (`Query.circuits`) the caller sees, as a condition on circuits
 * joined to their tariffs (queries.ts: circuitsWithCarrier): undefined for every circuit; a carrier's
 * own; a unit's officer's unit's; a coordinating unit's subtree's (asked of the units subgraph, one array
 * parameter however many units it holds). A cloud provider is refused, as for one circuit.
 */
export async function circuitListScopeSql(ctx: Pick<Context, 'viewer' | 'askPeer'>): Promise<SQL | undefined> {
  const { viewer } = ctx;
  if (viewer.role === 'anonymous') throw signInForCircuits();
  if (viewer.role === 'carrier' && viewer.carrierId) return eq(tariffs.carrierId, viewer.carrierId);
  if (seesEveryUnit(viewer)) return undefined;
  if (viewer.role === 'unit-officer' && viewer.unitId) return eq(circuits.unitId, viewer.unitId);
  if (viewer.role === 'coordinator' && viewer.unitId) {
    return sql`${circuits.unitId} = any(${sql.param([...(await coordinatedUnits(ctx.askPeer, viewer.unitId))])}::text[])`;
  }
  throw forbidden(
    viewer,
    'circuits are for the programme, the units and coordinating units concerned, the park and the carriers, not for cloud providers.',
  );
}

/** The carrier a change is made for: the caller must be a carrier, and changes only what is its own. */
function carrierOf(viewer: Viewer, change: string): string {
  if (viewer.role === 'anonymous') throw unauthenticated('Changes need a signed-in caller: the audit log records who changed what.');
  if (viewer.role !== 'carrier' || !viewer.carrierId) throw forbidden(viewer, `only a carrier ${change}.`);
  return viewer.carrierId;
}

/** §6.5: a carrier publishes tariffs for itself only. */
export function mayPublishTariff(viewer: Viewer, carrierId: string): void {
  if (carrierOf(viewer, 'publishes tariffs') !== carrierId) {
    throw forbidden(viewer, `a carrier publishes only its own tariffs (§6.5); this one names carrier ${carrierId}.`);
  }
}

/** A carrier orders circuits only under its own tariffs: the tariff decides whose circuit it is. */
export function mayOrderCircuit(viewer: Viewer, tariff: Pick<TariffRow, 'id' | 'carrierId'>): void {
  if (carrierOf(viewer, 'orders circuits') !== tariff.carrierId) {
    throw forbidden(viewer, `a carrier orders circuits only under its own tariffs; tariff ${tariff.id} is carrier ${tariff.carrierId}'s.`);
  }
}

/** A carrier moves on only its own circuits. */
export function mayAdvanceCircuit(viewer: Viewer, circuit: Pick<CircuitModel, 'id' | 'carrierId'>): void {
  if (carrierOf(viewer, 'moves circuits on') !== circuit.carrierId) {
    throw forbidden(viewer, `a carrier moves on only its own circuits; circuit ${circuit.id} is another carrier's.`);
  }
}
