/**
 * Who may read and change what in the vendors subgraph: the notice's roles (kit: identity.ts).
 *
 * | role | reads | changes |
 * | --- | --- | --- |
 * | anonymous | the catalogue: providers, their services, certifications, contingency plans and service levels | nothing |
 * | joint-conference | the catalogue; every contract, migration task and cloud cost; the audit log | nothing here |
 * | finance | the catalogue; every contract, migration task and cloud cost | nothing here |
 * | analyst | the catalogue; every contract, migration task and cloud cost | nothing here |
 * | vendor | the catalogue; its own contracts and migration tasks, stale ones included; no cloud costs | its own catalogue entries, contracts and task reports; a first report only on a system that selected it (§3.2) |
 * | unit-officer | the catalogue; its own unit's contracts and cloud costs, and the tasks of its unit's systems | nothing here |
 * | coordinator | the catalogue; the same for every unit of its subtree (§6.2), asked of the units subgraph | nothing here |
 * | park-operator | the catalogue only | nothing here |
 * | carrier | the catalogue only | nothing here |
 * | service | everything: another subgraph of the hub asking | nothing |
 *
 * A list (`Query.contracts`, a provider's pages) holds the rows of the caller's scope and leaves the others
 * out; a row asked for by id (`Query.contract`, an entity lookup) out of scope is refused with FORBIDDEN.
 *
 * The role a field needs is declared in schema.graphql (`@authenticated`, `@requiresScopes`) and enforced
 * by the kit before any resolver runs. The rows each role sees, and whose data it may change, are the
 * functions below; resolvers and commands call them and check nothing themselves. Whose a system is
 * (its unit, the provider it selected) is known to the units subgraph alone: for reads it is asked
 * (data/peers.ts) only for a unit's officer or a coordinating unit; a task report asks it every time
 * (commands.ts); a question it cannot answer is a refusal.
 */

import { forbidden, hasRole } from '@cq/kit/access';
import { unauthenticated, type Viewer } from '@cq/kit/identity';
import { coordinatedUnits } from '@cq/kit/services';
import { eq, type SQL, sql } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { askSystemsOfUnits, type SystemFacts } from '../data/peers.ts';
import { type ContractRow, contracts, type MigrationTaskRow, migrationTasks } from '../data/schema.ts';

/** Root fields anyone may use, signed in or not: the providers' catalogue. */
export const PUBLIC_FIELDS = ['Query.vendor', 'Query.vendors', 'Query.cloudService', 'Query.cloudServices'] as const;

/** What the policy needs of a request: who asks, its loaders (the units subgraph's answers) and the asking. */
type Asking = Pick<Context, 'viewer' | 'loaders' | 'askPeer'>;

/** The programme data here (contracts, migration tasks, cloud costs) a viewer reads: all, one provider's, or some units'. */
export type ReadScope = { kind: 'all' } | { kind: 'vendor'; vendorId: string } | { kind: 'units'; unitIds: ReadonlySet<string> };

const PROGRAMME_READERS = ['joint-conference', 'finance', 'analyst'] as const;

/**
 * The viewer's scope: the joint-conference office, finance and analysts (and services of the hub) read
 * everything; a provider its own; a unit's officer its unit; a coordinating unit its subtree, asked of
 * the units subgraph once per request. The park's operator and carriers are refused.
 */
export async function readScope({ viewer, askPeer }: Asking): Promise<ReadScope> {
  if (viewer.role === 'anonymous')
    throw unauthenticated('Contracts, migration tasks and cloud costs need a signed-in caller: send a bearer token.');
  if (viewer.role === 'service' || hasRole(viewer, ...PROGRAMME_READERS)) return { kind: 'all' };
  if (viewer.role === 'vendor' && viewer.vendorId) return { kind: 'vendor', vendorId: viewer.vendorId };
  if (viewer.role === 'unit-officer' && viewer.unitId) return { kind: 'units', unitIds: new Set([viewer.unitId]) };
  if (viewer.role === 'coordinator' && viewer.unitId) return { kind: 'units', unitIds: await coordinatedUnits(askPeer, viewer.unitId) };
  throw forbidden(
    viewer,
    'contracts, migration tasks and cloud costs are for the joint-conference office, finance, analysts, the units concerned and their providers.',
  );
}

/** The scope for cloud costs: a provider is refused too, since a unit's cost includes what it pays other providers. */
export async function costScope(ctx: Asking): Promise<Exclude<ReadScope, { kind: 'vendor' }>> {
  const scope = await readScope(ctx);
  if (scope.kind === 'vendor') {
    throw forbidden(
      ctx.viewer,
      'cloud costs are for the joint-conference office, finance, analysts and the units concerned; a provider reads its own contracts instead.',
    );
  }
  return scope;
}

/** A unit's data (its contracts, its cloud cost): a unit viewer reads only a unit of its scope. */
export function mayReadUnit(viewer: Viewer, scope: ReadScope, unitId: string): void {
  if (scope.kind === 'units' && !scope.unitIds.has(unitId)) {
    throw forbidden(
      viewer,
      `a unit reads only its own contracts and costs (a coordinating unit those of its subtree); unit ${unitId} is not one of them.`,
    );
  }
}

/** A provider's lists (its contracts, its migration tasks): another provider is refused outright. */
export function mayReadProvider(viewer: Viewer, scope: ReadScope, vendorId: string): void {
  if (scope.kind === 'vendor' && scope.vendorId !== vendorId) {
    throw forbidden(viewer, `a provider reads only its own contracts and migration tasks, not those of ${vendorId}.`);
  }
}

/** Whether a contract is in the viewer's scope: its provider's, or one of its units'. */
export const contractVisible = (scope: ReadScope, contract: Pick<ContractRow, 'unitId' | 'vendorId'>) =>
  scope.kind === 'all' || (scope.kind === 'vendor' ? contract.vendorId === scope.vendorId : scope.unitIds.has(contract.unitId));

/** The contracts of a list the viewer sees; the others are left out. */
export const visibleContracts = <C extends Pick<ContractRow, 'unitId' | 'vendorId'>>(scope: ReadScope, contracts: C[]) =>
  contracts.filter((c) => contractVisible(scope, c));

/** One contract asked for by id: refused when out of the viewer's scope (without saying whose it is). */
export function mayReadContract(viewer: Viewer, scope: ReadScope, contract: ContractRow): ContractRow {
  if (contractVisible(scope, contract)) return contract;
  throw forbidden(
    viewer,
    scope.kind === 'vendor'
      ? `a provider reads only its own contracts; contract ${contract.id} is not one of them.`
      : `a unit reads only its own contracts (a coordinating unit those of its subtree); contract ${contract.id} is not one of them.`,
  );
}

/** The units of these systems a unit viewer may see, asked of the units subgraph in one call. */
async function systemsInScope({ loaders, askPeer }: Asking, unitIds: ReadonlySet<string>, systemIds: readonly string[]) {
  const systems = await loaders.units.systems(askPeer).loadMany([...new Set(systemIds)]);
  const seen = new Set<string>();
  for (const system of systems) {
    // A failed answer fails the whole request: nothing is shown unchecked.
    if (system instanceof Error) throw system;
    if (system && unitIds.has(system.unitId)) seen.add(system.id);
  }
  return seen;
}

/** A system's own data here (its migration task, its cloud cost): a unit viewer reads only its scope's systems. */
export async function mayReadSystem(ctx: Asking, scope: ReadScope, systemId: string): Promise<void> {
  if (scope.kind !== 'units') return;
  if (!(await systemsInScope(ctx, scope.unitIds, [systemId])).has(systemId)) {
    throw forbidden(
      ctx.viewer,
      `a unit reads only its own systems' migration tasks and costs (a coordinating unit those of its subtree); system ${systemId} is not one of them.`,
    );
  }
}

/** A system's migration task: a provider reads only its own. */
export function mayReadTask(viewer: Viewer, scope: ReadScope, task: MigrationTaskRow): MigrationTaskRow {
  if (scope.kind === 'vendor' && task.vendorId !== scope.vendorId) {
    throw forbidden(viewer, `a provider reads only its own migration tasks; the task of system ${task.systemId} is not one of them.`);
  }
  return task;
}

/** The tasks of a list the viewer sees: a provider its own, a unit viewer those of its scope's systems. */
export async function visibleTasks(ctx: Asking, scope: ReadScope, tasks: MigrationTaskRow[]): Promise<MigrationTaskRow[]> {
  if (scope.kind === 'all') return tasks;
  if (scope.kind === 'vendor') return tasks.filter((t) => t.vendorId === scope.vendorId);
  if (!tasks.length) return tasks;
  const seen = await systemsInScope(
    ctx,
    scope.unitIds,
    tasks.map((t) => t.systemId),
  );
  return tasks.filter((t) => seen.has(t.systemId));
}

/**
 * The SQL twin of `contractVisible` for a provider's list (`mayReadProvider` has refused another provider):
 * undefined when the caller sees every contract of it, else those of the caller's units.
 */
export const contractScopeSql = (scope: ReadScope): SQL | undefined => (scope.kind === 'units' ? ofUnits(scope.unitIds) : undefined);

/** Contracts of these units: one array parameter, however many units a coordinating unit's subtree holds. */
const ofUnits = (unitIds: Iterable<string>) => sql`${contracts.unitId} = any(${sql.param([...unitIds])}::text[])`;

/**
 * The SQL twin of `contractVisible` for the programme's list of contracts (`Query.contracts`): undefined
 * when the caller sees every contract; a provider's own; a unit viewer's units' (one array parameter,
 * however many units a coordinating unit's subtree holds).
 */
export function contractListScopeSql(scope: ReadScope): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'vendor') return eq(contracts.vendorId, scope.vendorId);
  return ofUnits(scope.unitIds);
}

/**
 * The SQL twin of `visibleTasks` for a provider's list (`mayReadProvider` has refused another provider):
 * undefined when the caller sees every task of it; for a unit viewer, the tasks of its units' systems, which
 * the units subgraph is asked for once (a task names its system, not the system's unit). The ids go as one
 * array parameter, however many systems a coordinating unit's subtree holds.
 */
export async function taskScopeSql(ctx: Asking, scope: ReadScope): Promise<SQL | undefined> {
  if (scope.kind !== 'units') return undefined;
  const systemIds = await askSystemsOfUnits(ctx.askPeer, [...scope.unitIds]);
  return sql`${migrationTasks.systemId} = any(${sql.param(systemIds)}::text[])`;
}

/** The SQL condition on migration tasks for the stale list: a provider's own; units have no such list (the schema refuses them). */
export function taskListSql(viewer: Viewer, scope: ReadScope): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'vendor') return eq(migrationTasks.vendorId, scope.vendorId);
  throw forbidden(viewer, "the stale-task list is the programme's and each provider's own; a unit reads its systems' tasks.");
}

/**
 * A provider changes only its own catalogue, contracts and task reports: `vendorId` is the provider the
 * record is (or would be) of, `why` says so in the refusal.
 */
export function mayChangeFor(viewer: Viewer, vendorId: string, why: string): void {
  if (viewer.role !== 'vendor' || viewer.vendorId !== vendorId) {
    throw forbidden(viewer, `a provider changes only its own catalogue, contracts and task reports; ${why}.`);
  }
}

/**
 * §3.2, §3.4: a provider's first report on a system needs the system to have selected it (as the units
 * subgraph says: `system`); after that the task is the provider's (TASK_OF_ANOTHER_VENDOR guards it, rules.ts).
 */
export function mayStartTaskOn(viewer: Viewer, system: Pick<SystemFacts, 'id' | 'selectedVendorId'>): void {
  if (viewer.role !== 'vendor' || system.selectedVendorId !== viewer.vendorId) {
    throw forbidden(
      viewer,
      `a provider reports only on systems that selected it (§3.2); system ${system.id} did not select ${viewer.vendorId}.`,
    );
  }
}
