/**
 * The calendar checks of a day D: what the owners of the facts say as of the end of D (Asia/Shanghai),
 * asked as this subgraph's service identity (a service reads everything and changes nothing):
 * - DUE_SOON: each system not yet centralised whose due date falls within D..D+7 (units: `systems`, each
 *   with its `dueDate` and `stage` at the moment; the seed has 148 systems, two pages);
 * - OVERDUE: each system overdue at the end of D (units: `overdueSystems`);
 * - EXTENSION_PENDING: each extension request pending then (units: `extensionRequests(status: PENDING)`);
 * - TASK_STALE: each provider's task whose next report was late then (vendors: `staleMigrationTasks`), with
 *   the system's unit asked of units in one `_entities` question.
 * A peer that cannot answer fails the whole check (SUBGRAPH_UNAVAILABLE): nothing is made from half the facts.
 */

import type { Moment } from '@cq/kit/moment';
import type { AskPeer } from '@cq/kit/services';
import { endOfDay, nextDay } from '@cq/kit/time';
import type { Draft } from './drafts.ts';

/** How many days ahead a due date counts as near: D itself and the seven days after it. */
export const DUE_SOON_DAYS = 7;

/** The stages from which a system is centralised, or needs not be: never due soon. */
const DONE_STAGES = new Set(['CENTRALISED', 'INTEGRATED', 'RETIRED', 'EXEMPT']);

/**
 * The moment a day's checks read: the end of the day; a day not yet over (the schedule checks today just
 * after midnight) is read as it stands at `now`, so a system due today is due soon, not yet overdue.
 */
export const momentOfDay = (day: string, now: Date): Moment => ({
  at: new Date(Math.min(endOfDay(day).getTime(), now.getTime())),
  asOf: true,
});

/** `day` plus `days` calendar days. */
function addDays(day: string, days: number): string {
  let result = day;
  for (let i = 0; i < days; i++) result = nextDay(result);
  return result;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

interface Page<N> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: N }[];
}

/** Every node of a peer's list, 100 at a time. */
async function allPages<N>(fetch: (after: string | null) => Promise<Page<N> | null>): Promise<N[]> {
  const nodes: N[] = [];
  for (let after: string | null = null; ; ) {
    const page: Page<N> | null = await fetch(after);
    nodes.push(...(page?.edges.map((e) => e.node) ?? []));
    if (!page?.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

const SYSTEMS = `query NotificationDueDates($after: String) {
  systems(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id name unit { id } stage dueDate } } }
}`;
const OVERDUE = `query NotificationOverdue($after: String) {
  overdueSystems(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { dueDate daysOverdue stage system { id name unit { id } } } }
  }
}`;
const PENDING = `query NotificationPendingExtensions($after: String) {
  extensionRequests(status: PENDING, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { id newDueDate reason unit { id name } } }
  }
}`;
const STALE = `query NotificationStaleTasks { staleMigrationTasks { id nextUpdateDue percentComplete system { id } vendor { id name } } }`;
const UNITS_OF_SYSTEMS = `query NotificationSystemUnits($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on InformationSystem { id name unit { id } } }
}`;

interface SystemNode {
  id: string;
  name: string;
  unit: { id: string };
  stage: string;
  dueDate: string | null;
}

/** DUE_SOON: systems not yet centralised whose due date falls within D..D+7. */
async function dueSoon(askPeer: AskPeer, day: string): Promise<Draft[]> {
  const last = addDays(day, DUE_SOON_DAYS);
  const systems = await allPages((after) =>
    askPeer<{ systems: Page<SystemNode> | null }>('units', SYSTEMS, { after }).then((d) => d.systems),
  );
  return systems
    .filter((s) => s.dueDate !== null && s.dueDate >= day && s.dueDate <= last && !DONE_STAGES.has(s.stage))
    .map((s) => {
      const left = daysBetween(day, s.dueDate as string);
      return {
        kind: 'DUE_SOON',
        subject: s.id,
        day,
        title: `${s.name} is due by ${s.dueDate}`,
        message: `System ${s.id} of unit ${s.unit.id} must be centralised by the end of ${s.dueDate} (${left === 0 ? 'today' : `in ${left} day${left === 1 ? '' : 's'}`}); on ${day} it was at stage ${s.stage}.`,
        unitId: s.unit.id,
        systemId: s.id,
        dueDate: s.dueDate,
      } satisfies Draft;
    });
}

/** OVERDUE: systems past the end of their due date and not yet centralised at the end of D. */
async function overdue(askPeer: AskPeer, day: string): Promise<Draft[]> {
  type Node = { dueDate: string; daysOverdue: number; stage: string; system: { id: string; name: string; unit: { id: string } } };
  const rows = await allPages((after) =>
    askPeer<{ overdueSystems: Page<Node> | null }>('units', OVERDUE, { after }).then((d) => d.overdueSystems),
  );
  return rows.map(({ system, dueDate, daysOverdue, stage }) => ({
    kind: 'OVERDUE',
    subject: system.id,
    day,
    title: `${system.name} is overdue`,
    message: `System ${system.id} of unit ${system.unit.id} was due by ${dueDate} and, ${daysOverdue} day${daysOverdue === 1 ? '' : 's'} later, is still at stage ${stage}.`,
    unitId: system.unit.id,
    systemId: system.id,
    dueDate,
  }));
}

/** EXTENSION_PENDING: requests still waiting for the office's decision at the end of D. */
async function pendingExtensions(askPeer: AskPeer, day: string): Promise<Draft[]> {
  type Node = { id: string; newDueDate: string; reason: string; unit: { id: string; name: string } };
  const requests = await allPages((after) =>
    askPeer<{ extensionRequests: Page<Node> | null }>('units', PENDING, { after }).then((d) => d.extensionRequests),
  );
  return requests.map((request) => extensionPending(request.id, request.unit.id, request.newDueDate, day, request.unit.name));
}

/** The one EXTENSION_PENDING of a request, whether a check or the request's event tells of it first. */
export const extensionPending = (requestId: string, unitId: string, newDueDate: string, day: string, unitName = unitId): Draft => ({
  kind: 'EXTENSION_PENDING',
  subject: `extension-request-${requestId}`,
  day,
  title: `${unitName} asks to finish by ${newDueDate}`,
  message: `Extension request ${requestId} of unit ${unitId} asks for a due date of ${newDueDate} (§6.4) and waits for the joint-conference office's decision.`,
  unitId,
  dueDate: newDueDate,
});

/** TASK_STALE: providers' tasks whose next report was late at the end of D. */
async function staleTasks(askPeer: AskPeer, day: string): Promise<Draft[]> {
  type Task = { id: string; nextUpdateDue: string; percentComplete: number; system: { id: string }; vendor: { id: string; name: string } };
  const { staleMigrationTasks: tasks } = await askPeer<{ staleMigrationTasks: Task[] | null }>('vendors', STALE);
  if (!tasks?.length) return [];
  const representations = [...new Set(tasks.map((t) => t.system.id))].map((id) => ({ __typename: 'InformationSystem', id }));
  const { _entities: systems } = await askPeer<{ _entities: ({ id: string; name: string; unit: { id: string } } | null)[] }>(
    'units',
    UNITS_OF_SYSTEMS,
    { representations },
  );
  const systemById = new Map(systems.flatMap((s) => (s ? [[s.id, s] as const] : [])));
  return tasks.map((task) => {
    const system = systemById.get(task.system.id);
    return {
      kind: 'TASK_STALE',
      subject: task.id,
      day,
      title: `${task.vendor.name} has not reported on ${system?.name ?? task.system.id}`,
      message: `${task.vendor.name}'s migration task ${task.id} for system ${task.system.id} (${task.percentComplete}% done) was due a report by ${task.nextUpdateDue} (§3.4).`,
      unitId: system?.unit.id ?? null,
      systemId: task.system.id,
      vendorId: task.vendor.id,
      dueDate: task.nextUpdateDue,
    } satisfies Draft;
  });
}

/** Every notification the calendar tells of on day D, from the owners' facts as of its end. */
export async function draftsOfDay(askPeer: AskPeer, day: string): Promise<Draft[]> {
  const lists = await Promise.all([
    dueSoon(askPeer, day),
    overdue(askPeer, day),
    pendingExtensions(askPeer, day),
    staleTasks(askPeer, day),
  ]);
  return lists.flat();
}
