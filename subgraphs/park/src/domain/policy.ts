/**
 * Who may read and change what in the park subgraph. The schema declares the roles of each field
 * (`@requiresScopes`, enforced by the kit); the tenant rules below say which placements a role's caller
 * sees, each stated once, here. A placement belongs to the unit whose system it is (recorded when the
 * system is placed, as the units subgraph says), and sits in a data centre that a cloud provider runs.
 *
 * | role | reads | changes |
 * | --- | --- | --- |
 * | anonymous | data centres and park services (public); placements, park costs and the audit log are refused (UNAUTHENTICATED) | nothing |
 * | joint-conference | everything: every placement, every unit's and system's park cost, the audit log | nothing |
 * | finance | data centres, park services, every placement and park cost | nothing |
 * | analyst | data centres, park services, every placement and park cost | nothing |
 * | park-operator | data centres, park services, every placement and park cost | data centres, park services, placements: createDataCenter, updateDataCenter, addParkService, placeSystem, removePlacement |
 * | unit-officer | data centres, park services, its own unit's placements and park costs | nothing |
 * | coordinator | data centres, park services, the placements and park costs of its subtree (§6.2, asked of the units subgraph) | nothing |
 * | vendor | data centres, park services, the placements in the data centres it runs (and their systems' park costs); not a unit's whole park bill | nothing |
 * | carrier | data centres and park services only; placements and park costs are refused (FORBIDDEN) | nothing |
 * | service | everything (the kit's internal role for other subgraphs) | nothing |
 */
import { forbidden, hasRole } from '@cq/kit/access';
import { unauthenticated, type Viewer } from '@cq/kit/identity';
import { coordinatedUnits } from '@cq/kit/services';
import { inArray, type SQL, sql } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { type DataCenterRow, dataCenters, type PlacementRow, placements } from '../data/schema.ts';

/** Root fields anyone may use, signed in or not: the park's data centres and its service catalogue (§6.5). */
export const PUBLIC_FIELDS = ['Query.dataCenter', 'Query.dataCenters', 'Query.parkServices'] as const;

/** What the policy needs of a request: who asks, its loaders, and its peers (a coordinator's subtree is asked of units). */
type Asking = Pick<Context, 'viewer' | 'loaders' | 'askPeer'>;

/**
 * Which placements a caller sees: all of them; those of some units (a unit's officer, a coordinating
 * unit); or those in the data centres a cloud provider runs.
 */
export type PlacementScope = { kind: 'all' } | { kind: 'units'; unitIds: ReadonlySet<string> } | { kind: 'operator'; vendorId: string };

/** Roles that see every placement (the kit's internal `service` role reads everything too). */
const seesEveryPlacement = (viewer: Viewer) =>
  viewer.role === 'service' || hasRole(viewer, 'joint-conference', 'finance', 'analyst', 'park-operator');

/** The refusal of placements to a role that may not see any (entity lookups reach here without the kit's check). */
function noPlacements(viewer: Viewer): Error {
  if (viewer.role === 'anonymous') return unauthenticated('Placements need a signed-in caller: send a bearer token.');
  return forbidden(
    viewer,
    "placements are for the programme, the units concerned and their coordinating units, the park's operator and the providers running the data centres, not for this role.",
  );
}

/** The placements the caller sees (see `PlacementScope`); a role that sees none is refused. */
export async function placementScope(ctx: Asking): Promise<PlacementScope> {
  const { viewer } = ctx;
  if (seesEveryPlacement(viewer)) return { kind: 'all' };
  if (viewer.role === 'unit-officer' && viewer.unitId) return { kind: 'units', unitIds: new Set([viewer.unitId]) };
  if (viewer.role === 'coordinator' && viewer.unitId) return { kind: 'units', unitIds: await coordinatedUnits(ctx.askPeer, viewer.unitId) };
  if (viewer.role === 'vendor' && viewer.vendorId) return { kind: 'operator', vendorId: viewer.vendorId };
  throw noPlacements(viewer);
}

/**
 * Whether a placement is in the caller's scope. `dataCenter` is the one it sits in (its operator decides
 * for a cloud provider). A placement whose unit the park never recorded is in no unit's scope.
 */
export function showsPlacement(
  scope: PlacementScope,
  placement: Pick<PlacementRow, 'unitId'>,
  dataCenter: Pick<DataCenterRow, 'operatorVendorId'>,
): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'units') return placement.unitId !== null && scope.unitIds.has(placement.unitId);
  return dataCenter.operatorVendorId === scope.vendorId;
}

/** The placements of one data centre the caller sees: a list out of scope is filtered, never refused. */
export async function visibleInDataCenter(ctx: Asking, dataCenter: DataCenterRow, placements: PlacementRow[]): Promise<PlacementRow[]> {
  const scope = await placementScope(ctx);
  return placements.filter((p) => showsPlacement(scope, p, dataCenter));
}

/**
 * The SQL twin of `showsPlacement`: a condition on placements that keeps those in the caller's scope,
 * inside a list's own statement (a page must be counted and cut after the scope, not before); undefined
 * when the caller sees every placement.
 */
export function placementScopeSql(scope: PlacementScope): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'units') return inArray(placements.unitId, [...scope.unitIds]);
  return inArray(placements.dataCenterId, sql`(select dc.id from ${dataCenters} dc where dc.operator_vendor_id = ${scope.vendorId})`);
}

/** Placements from anywhere (a unit's), filtered to those the caller sees; their data centres come from the loaders. */
export async function visiblePlacements(ctx: Asking, placements: PlacementRow[]): Promise<PlacementRow[]> {
  const scope = await placementScope(ctx);
  if (scope.kind !== 'operator') return placements.filter((p) => showsPlacement(scope, p, { operatorVendorId: null }));
  const dataCenters = await ctx.loaders.dataCenter.loadMany(placements.map((p) => p.dataCenterId));
  return placements.filter((p, i) => {
    const dc = dataCenters[i];
    return dc != null && !(dc instanceof Error) && showsPlacement(scope, p, dc);
  });
}

/** Why a placement is not the caller's to see, naming the rule its role meets. */
function notYours(viewer: Viewer, placement: Pick<PlacementRow, 'id' | 'dataCenterId'>): Error {
  if (viewer.role === 'unit-officer')
    return forbidden(viewer, `a unit's officer sees only its own unit's placements, and ${placement.id} is not one of them.`);
  if (viewer.role === 'coordinator') {
    return forbidden(
      viewer,
      `a coordinating unit sees only the placements of the units it coordinates (§6.2), and ${placement.id} is not one of them.`,
    );
  }
  return forbidden(
    viewer,
    `a cloud provider sees only the placements in the data centres it runs, not ${placement.id} in ${placement.dataCenterId}.`,
  );
}

/**
 * One placement looked up (by id, or as a system's): none stays null, one out of scope is refused, and a
 * role that sees no placements is refused either way.
 */
export async function readablePlacement(ctx: Asking, placement: PlacementRow | null): Promise<PlacementRow | null> {
  const scope = await placementScope(ctx);
  if (!placement) return null;
  const dataCenter = scope.kind === 'operator' ? await ctx.loaders.dataCenter.load(placement.dataCenterId) : { operatorVendorId: null };
  if (!dataCenter || !showsPlacement(scope, placement, dataCenter)) throw notYours(ctx.viewer, placement);
  return placement;
}

/**
 * Whether the caller may see a unit's placements at all; throws the refusal when not. A cloud provider
 * passes here, and then sees only the unit's placements in the data centres it runs (`visiblePlacements`).
 */
export async function mayReadPlacementsOfUnit(ctx: Asking, unitId: string): Promise<void> {
  const scope = await placementScope(ctx);
  if (scope.kind !== 'units' || scope.unitIds.has(unitId)) return;
  if (ctx.viewer.role === 'unit-officer')
    throw forbidden(ctx.viewer, `a unit's officer sees only its own unit's placements, not those of unit ${unitId}.`);
  throw forbidden(
    ctx.viewer,
    `a coordinating unit sees only the placements of the units it coordinates (§6.2), not those of unit ${unitId}.`,
  );
}

/**
 * Whether the caller may see a unit's whole park bill; throws the refusal when not. A cloud provider may
 * not: the bill includes placements in data centres other providers run.
 */
export async function mayReadParkBillOfUnit(ctx: Asking, unitId: string): Promise<void> {
  if ((await placementScope(ctx)).kind === 'operator') {
    throw forbidden(
      ctx.viewer,
      `a unit's whole park bill includes placements in data centres other providers run, so a cloud provider does not see unit ${unitId}'s.`,
    );
  }
  await mayReadPlacementsOfUnit(ctx, unitId);
}

/**
 * The park's changes (data centres, services, placements) are the park operator's: the schema says so,
 * and every command checks it again before changing anything. Returns who changes it.
 */
export function mayOperatePark(viewer: Viewer, change: string): string {
  if (viewer.role === 'anonymous') throw unauthenticated('Changes need a signed-in caller: the audit log records who changed what.');
  if (viewer.role !== 'park-operator') throw forbidden(viewer, `only the park's operator ${change}.`);
  return viewer.id;
}
