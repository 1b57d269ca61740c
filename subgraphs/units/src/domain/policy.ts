/**
 * Who may read and change what in the units subgraph. The schema declares the roles of each field
 * (`@authenticated`, `@requiresScopes`, enforced by the kit); the tenant rules below say which units and
 * systems a caller reaches and which it may change, each stated once, here: the SQL conditions that scope
 * lists, the checks of lookups, entity references and nested fields, and the checks of every change.
 *
 * | role | reads | changes |
 * | --- | --- | --- |
 * | anonymous | the batches (§5) only; everything else is refused (UNAUTHENTICATED) | nothing |
 * | joint-conference | everything: every unit and system, the progress reports, overdue systems, extension requests, budget lines and compliance, the audit log | createUnit and correctUnit (§6.1); decideExtension (§6.4) and decideReclassification (§1), never on a request it made itself; correctSystemHosting, for any unit's system |
 * | finance | every unit and system, the progress reports, overdue systems, extension requests, budget lines and compliance | addBudgetLine, for any unit |
 * | analyst | every unit and system, the progress reports, overdue systems, extension requests; not budget lines or compliance | nothing |
 * | park-operator | every unit and system, liaisons; not reports, overdue systems, extension requests or budgets | nothing |
 * | carrier | every unit and system, liaisons; not reports, overdue systems, extension requests or budgets | nothing |
 * | coordinator | its subtree (§6.2: its own unit and every unit it coordinates, directly or further down) and their systems, overdue systems, extension requests and budget lines; the progress reports | withdrawExtensionRequest, for a unit of its subtree |
 * | unit-officer | its own unit and its systems, overdue systems, extension requests, budget lines and progress | for its own unit only: createSystem, addDependency, the steps of §3 and the milestones of §2.2, replanMigration, changeProvider, retireSystem, correctSystemHosting, requestReclassification, requestExtension and withdrawExtensionRequest, addBudgetLine |
 * | vendor | the systems whose latest selection names it (§3.2) and the units they belong to; not reports, overdue systems, extension requests or budgets | nothing |
 * | service | everything (the kit's internal role for other subgraphs, e.g. a coordinating unit's `subtreeIds`) | nothing |
 *
 * Corrections of a unit (its flags and parent) are the joint-conference office's alone: it registers the
 * units (§6.1), and those facts decide a unit's batch and destination (§4, §5), which a coordinating unit
 * or the unit itself would otherwise set for itself. A system's hosting is a fact its officer knows, and
 * the office may correct it too; its classification changes only by the officer's request and the
 * office's decision (§1).
 *
 * A unit or system outside the caller's reach is left out of lists, and refused (FORBIDDEN) when looked
 * up by id or by another subgraph (entity reference). Where a record in reach names one (a unit's
 * coordinating unit or parent, a liaison's organisation, a dependency), who it is stays visible (id,
 * names, kind, batch) and its programme data is refused.
 */
import { forbidden, hasRole } from '@cq/kit/access';
import { type Database, selectRows } from '@cq/kit/database';
import { unauthenticated, type Viewer } from '@cq/kit/identity';
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { inSubtreeOf } from '../data/progress.ts';
import { LATEST_SELECTIONS } from './rules.ts';

/** Root fields anyone may use, signed in or not: the schedule's three batches (§5) are public. */
export const PUBLIC_FIELDS = ['Query.batches'] as const;

/** What a caller's scope is worked out from: who it is, and the request's loaders. */
type Scoped = Pick<Context, 'viewer' | 'loaders'>;

/** Roles that read every unit and system (the kit's internal `service` role too). */
const readsEverything = (viewer: Viewer) =>
  viewer.role === 'service' || hasRole(viewer, 'joint-conference', 'finance', 'analyst', 'park-operator', 'carrier');

/**
 * The units and systems a caller reaches; null for everything. Without `systems`, every system of the
 * units reached; with it, only those systems (a provider's).
 */
interface Reach {
  units: ReadonlySet<string>;
  systems?: ReadonlySet<string>;
}

/** Each request's reach, worked out once: keyed by the request's own loaders, forgotten with them. */
const reaches = new WeakMap<object, Promise<Reach | null>>();

/** The caller's reach: no statement for most roles, one per request for a coordinating unit or a provider. */
function reachOf(ctx: Scoped): Promise<Reach | null> {
  let reach = reaches.get(ctx.loaders);
  if (!reach) {
    reach = workOutReach(ctx);
    reaches.set(ctx.loaders, reach);
  }
  return reach;
}

async function workOutReach({ viewer, loaders }: Scoped): Promise<Reach | null> {
  if (readsEverything(viewer)) return null;
  if (viewer.role === 'unit-officer' && viewer.unitId) return { units: new Set([viewer.unitId]) };
  if (viewer.role === 'coordinator' && viewer.unitId) {
    return { units: new Set((await loaders.subtreeOf.load(viewer.unitId)).map((r) => r.unit_id)) };
  }
  if (viewer.role === 'vendor' && viewer.vendorId) {
    const systems = await loaders.systemsOfVendor.load(viewer.vendorId);
    return { units: new Set(systems.map((s) => s.unit_id)), systems: new Set(systems.map((s) => s.id)) };
  }
  return { units: new Set() };
}

const reachesUnit = (reach: Reach | null, unitId: string) => !reach || reach.units.has(unitId);

const reachesSystem = (reach: Reach | null, system: { id: string; unitId: string }) =>
  !reach || (reach.systems ? reach.systems.has(system.id) : reach.units.has(system.unitId));

/** What each scoped role reads, in the words of a refusal. */
const REACH_RULE: Partial<Record<Viewer['role'], string>> = {
  coordinator: 'a coordinating unit reads its own unit and the units it coordinates, directly or further down (§6.2)',
  'unit-officer': "a unit's officer reads its own unit and its systems",
  vendor: 'a cloud provider reads the systems whose latest selection names it (§3.2) and their units',
};

/** The refusal of a unit or system outside the caller's reach (`what` names it). */
function outOfReach(viewer: Viewer, what: string) {
  if (viewer.role === 'anonymous') return unauthenticated(`${what} needs a signed-in caller: send a bearer token.`);
  return forbidden(viewer, `${REACH_RULE[viewer.role] ?? 'its role reads no units or systems'}; ${what} is outside that.`);
}

/** A unit looked up by id (or by another subgraph): none stays null, one out of reach is refused. */
export async function readableUnit<U extends { id: string }>(ctx: Scoped, unit: U | null): Promise<U | null> {
  if (!unit) return null;
  if (!reachesUnit(await reachOf(ctx), unit.id)) throw outOfReach(ctx.viewer, `unit ${unit.id}`);
  return unit;
}

/** A system looked up by id (or by another subgraph): none stays null, one out of reach is refused. */
export async function readableSystem<S extends { id: string; unitId: string }>(ctx: Scoped, system: S | null): Promise<S | null> {
  if (!system) return null;
  if (!reachesSystem(await reachOf(ctx), system)) throw outOfReach(ctx.viewer, `system ${system.id}`);
  return system;
}

/** A unit's programme data (`field`) is answered only within reach; a unit merely named elsewhere shows who it is. */
export async function mayReadUnitData(ctx: Scoped, unitId: string, field: string): Promise<void> {
  if (!reachesUnit(await reachOf(ctx), unitId)) throw outOfReach(ctx.viewer, `the ${field} of unit ${unitId}`);
}

/** A system's programme data (`field`) is answered only within reach; a system merely named elsewhere shows who it is. */
export async function mayReadSystemData(ctx: Scoped, system: { id: string; unitId: string }, field: string): Promise<void> {
  if (!reachesSystem(await reachOf(ctx), system)) throw outOfReach(ctx.viewer, `the ${field} of system ${system.id}`);
}

/** The units of a list that the caller reaches, in their order. */
export async function reachableUnits<U extends { id: string }>(ctx: Scoped, units: readonly U[]): Promise<U[]> {
  const reach = await reachOf(ctx);
  return units.filter((u) => reachesUnit(reach, u.id));
}

/** The systems of a list that the caller reaches, in their order. */
export async function reachableSystems<S extends { id: string; unitId: string }>(ctx: Scoped, systems: readonly S[]): Promise<S[]> {
  const reach = await reachOf(ctx);
  return systems.filter((s) => reachesSystem(reach, s));
}

/** The systems whose latest selection names a provider (§3.2). */
const systemsOfVendorSql = (vendorId: string) =>
  sql`select latest.system_id from (${LATEST_SELECTIONS}) latest where latest.vendor_id = ${vendorId}`;

/**
 * The SQL twin of `reachesUnit`: a condition on a unit id (a column or an expression) that keeps the
 * units the caller reaches, inside the list's own statement; undefined when it reaches every unit.
 */
export function unitScopeSql(viewer: Viewer, unitId: SQLWrapper): SQL | undefined {
  if (readsEverything(viewer)) return undefined;
  if (viewer.role === 'unit-officer' && viewer.unitId) return sql`${unitId} = ${viewer.unitId}`;
  if (viewer.role === 'coordinator' && viewer.unitId) {
    return inSubtreeOf(unitId, viewer.unitId);
  }
  if (viewer.role === 'vendor' && viewer.vendorId) {
    return sql`${unitId} in (select reach.unit_id from information_systems reach where reach.id in (${systemsOfVendorSql(viewer.vendorId)}))`;
  }
  return sql`false`;
}

/** The SQL twin of `reachesSystem`: a condition on a system's id and unit id; undefined when it reaches every system. */
export function systemScopeSql(viewer: Viewer, system: { id: SQLWrapper; unitId: SQLWrapper }): SQL | undefined {
  if (viewer.role === 'vendor' && viewer.vendorId) return sql`${system.id} in (${systemsOfVendorSql(viewer.vendorId)})`;
  return unitScopeSql(viewer, system.unitId);
}

// Changes. The schema lets only the roles named through; these say for which unit, and say it again for
// the role, so that a change never rests on one check.

/** Who makes a change: a signed-in caller, in one of the roles allowed (`rule` says which, for the refusal). */
function changer(viewer: Viewer, allowed: boolean, rule: string): void {
  if (viewer.role === 'anonymous') throw unauthenticated('Changes need a signed-in caller: the audit log records who changed what.');
  if (!allowed) throw forbidden(viewer, rule);
}

/** §6.1: the joint-conference office registers the programme's units. */
export function mayRegisterUnit(viewer: Viewer): void {
  changer(viewer, hasRole(viewer, 'joint-conference'), 'only the joint-conference office registers units (§6.1).');
}

/** A unit's officer registers the systems of its own unit. */
export function mayRegisterSystemOf(viewer: Viewer, unitId: string): void {
  changer(viewer, hasRole(viewer, 'unit-officer'), "only a unit's officer registers its systems.");
  if (viewer.unitId !== unitId) {
    throw forbidden(viewer, `only the unit's own officer registers its systems; this one is for unit ${unitId}.`);
  }
}

/** §3: a unit's officer runs its own systems' workflow (steps, milestones, dependencies), nobody else's. */
export function mayRunWorkflowOf(viewer: Viewer, system: { id: string; unitId: string }): void {
  changer(viewer, hasRole(viewer, 'unit-officer'), "only a unit's officer runs its systems' workflow (§3).");
  if (viewer.unitId !== system.unitId) {
    throw forbidden(
      viewer,
      `only the unit's own officer runs its systems' workflow (§3); system ${system.id} belongs to unit ${system.unitId}.`,
    );
  }
}

/** §6.4: a unit's officer asks for an extension for its own unit. */
export function mayRequestExtensionFor(viewer: Viewer, unitId: string): void {
  changer(viewer, hasRole(viewer, 'unit-officer'), "only a unit's officer asks for its unit's extension (§6.4).");
  if (viewer.unitId !== unitId) {
    throw forbidden(viewer, `only the unit's own officer asks for its extension (§6.4); this request is for unit ${unitId}.`);
  }
}

/** §6.4: the joint-conference office decides extension requests (and never its own: rules.ts, EXTENSION_SELF_DECISION). */
export function mayDecideExtension(viewer: Viewer): void {
  changer(viewer, hasRole(viewer, 'joint-conference'), 'only the joint-conference office decides extension requests (§6.4).');
}

/** §6.2: a unit's officer records its own unit's budget lines; the finance bureau any unit's. */
export function mayAddBudgetLineFor(viewer: Viewer, unitId: string): void {
  changer(viewer, hasRole(viewer, 'unit-officer', 'finance'), "only a unit's officer or the finance bureau records budget lines.");
  if (viewer.role === 'unit-officer' && viewer.unitId !== unitId) {
    throw forbidden(viewer, `a unit's officer records only its own unit's budget lines; this line is for unit ${unitId}.`);
  }
}

/** §6.1: the joint-conference office, which registers the units, corrects their flags and parent. */
export function mayCorrectUnit(viewer: Viewer): void {
  changer(viewer, hasRole(viewer, 'joint-conference'), "only the joint-conference office corrects a unit's flags and parent (§6.1).");
}

/** A system's hosting is corrected by its own unit's officer or by the joint-conference office. */
export function mayCorrectHostingOf(viewer: Viewer, system: { id: string; unitId: string }): void {
  changer(
    viewer,
    hasRole(viewer, 'unit-officer', 'joint-conference'),
    "only a unit's officer or the joint-conference office corrects where a system runs.",
  );
  if (viewer.role === 'unit-officer' && viewer.unitId !== system.unitId) {
    throw forbidden(viewer, `a unit's officer corrects only its own unit's systems; system ${system.id} belongs to unit ${system.unitId}.`);
  }
}

/** §1: a unit's officer asks for its own system's reclassification; the office decides. */
export function mayRequestReclassificationOf(viewer: Viewer, system: { id: string; unitId: string }): void {
  changer(viewer, hasRole(viewer, 'unit-officer'), "only a unit's officer asks for its systems' reclassification (§1).");
  if (viewer.unitId !== system.unitId) {
    throw forbidden(
      viewer,
      `only the unit's own officer asks for its systems' reclassification (§1); system ${system.id} belongs to unit ${system.unitId}.`,
    );
  }
}

/** §1: the joint-conference office decides reclassification requests (and never its own: RECLASSIFICATION_SELF_DECISION). */
export function mayDecideReclassification(viewer: Viewer): void {
  changer(viewer, hasRole(viewer, 'joint-conference'), 'only the joint-conference office decides reclassification requests (§1).');
}

/**
 * §6.4: a pending extension request is withdrawn by the officer of the unit that asked, or by its
 * coordinating unit (§6.2: a coordinator answers for the migration of every unit of its subtree). Asked
 * inside the change's transaction (`db`), through the SQL twin of the caller's reach.
 */
export async function mayWithdrawExtensionOf(viewer: Viewer, db: Database<Record<string, unknown>>, unitId: string): Promise<void> {
  changer(
    viewer,
    hasRole(viewer, 'unit-officer', 'coordinator'),
    "only the requesting unit's officer or its coordinating unit withdraws an extension request (§6.4).",
  );
  if (viewer.role === 'unit-officer' && viewer.unitId !== unitId) {
    throw forbidden(viewer, `a unit's officer withdraws only its own unit's requests (§6.4); this request is unit ${unitId}'s.`);
  }
  const inSubtree = async () =>
    (await selectRows(db, sql`select 1 as hit where ${unitScopeSql(viewer, sql`${unitId}`) ?? sql`true`}`)).length > 0;
  if (viewer.role === 'coordinator' && !(await inSubtree())) {
    throw forbidden(
      viewer,
      `a coordinating unit withdraws only the requests of the units of its subtree (§6.2, §6.4); unit ${unitId} is outside it.`,
    );
  }
}
