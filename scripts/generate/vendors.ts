/**
 * The vendors subgraph's rows of the generated programme, derived as the seed derives the story's: a
 * contract of each unit with each provider its systems selected, signed when the first of them selected
 * it, in force once the first was placed in the park, with a line per service bought for each system that
 * selected that provider (§3.2: only from it, only what it sells, never for a classified system, §1),
 * priced from today's catalogue as createContract prices it; the pre-programme hosting of units whose
 * systems were already hosted (§5), ended once all of them were placed; and each provider's migration
 * task on each system that selected it, with every report it made (§3.4).
 */
import { multiplyCny } from '@cq/kit/money';
import { addDays, at, dayOf, PRE_PROGRAMME_HOSTING } from '@cq/story/world';
import * as schema from '@cq/vendors/schema';
import { type CopyTable, copyOf } from './db.ts';
import type { Programme } from './programme.ts';
import { hashOf } from './random.ts';
import type { SystemHistory } from './timeline.ts';
import type { World } from './world.ts';

type Contract = schema.ContractRow;
type Line = Omit<schema.ContractLineRow, 'id'>;
type Task = schema.MigrationTaskRow;
type Report = Omit<typeof schema.migrationTaskReports.$inferSelect, 'id'>;

/** A contract's term: fifteen years less a day (renewed; the programme's contracts run into the 2030s), as the story's. */
const termFrom = (startsOn: string) => addDays(`${Number(startsOn.slice(0, 4)) + 15}${startsOn.slice(4)}`, -1);

const first = (days: string[]) => [...days].sort()[0] ?? null;
const last = (days: string[]) => [...days].sort().at(-1) ?? null;

/** The first day a system was placed in the park (its first placement, even one taken out later). */
const placedOn = (h: SystemHistory) => h.placements[0]?.since ?? null;

function contractsOf(programme: Programme, world: World) {
  const { seed } = programme.options;
  const priceOf = (serviceId: string) => {
    const service = world.services.get(serviceId);
    if (!service) throw new Error(`The catalogue has no service ${serviceId}.`);
    return service.unitPriceCny;
  };
  const byUnit = new Map<string, SystemHistory[]>();
  for (const h of programme.histories) byUnit.set(h.unit.id, [...(byUnit.get(h.unit.id) ?? []), h]);
  const contracts: Contract[] = [];
  const lines: Line[] = [];
  for (const { row: unit } of programme.units) {
    const own = byUnit.get(unit.id) ?? [];
    for (const provider of world.providers) {
      const selected = own.filter((h) => h.selection?.vendorId === provider.id);
      if (!selected.length) continue;
      const startsOn = first(selected.map((h) => dayOf(h.selection?.at ?? new Date(0)))) ?? '';
      const activatedOn = first(selected.flatMap((h) => placedOn(h) ?? []));
      const id = `contract-${unit.id}-${provider.short}`;
      // Signed when the first system selected the provider; in force from the day the first of them was placed.
      contracts.push({
        id,
        unitId: unit.id,
        vendorId: provider.id,
        status: activatedOn ? 'ACTIVE' : 'SIGNED',
        startsOn,
        endsOn: termFrom(startsOn),
        signedOn: startsOn,
        activatedOn,
        endedOn: null,
        isSample: true,
      });
      for (const h of selected) {
        for (const service of provider.services) {
          const quantity = String(
            service.quantity === 'racks'
              ? h.footprint.racks
              : service.quantity.min + service.quantity.step * (hashOf(seed, h.system.id, service.id) % service.quantity.steps),
          );
          lines.push({
            contractId: id,
            cloudServiceId: service.id,
            systemId: h.system.id,
            quantity,
            monthlyAmountCny: multiplyCny(quantity, priceOf(service.id)),
          });
        }
      }
    }
    // §5: hosted before the programme; the hosting ends the day the last of its systems to move was placed.
    if (unit.systemsAlreadyHosted) {
      const moving = own.filter((h) => h.system.classification === 'NON_CLASSIFIED');
      if (!moving.length) continue;
      const placed = moving.flatMap((h) => placedOn(h) ?? []);
      const ended = placed.length === moving.length ? last(placed) : null;
      const id = `contract-${unit.id}-hosting-before-migration`;
      contracts.push({
        id,
        unitId: unit.id,
        vendorId: PRE_PROGRAMME_HOSTING.vendorId,
        status: ended ? 'ENDED' : 'ACTIVE',
        startsOn: PRE_PROGRAMME_HOSTING.since,
        endsOn: ended ?? termFrom(PRE_PROGRAMME_HOSTING.since),
        signedOn: PRE_PROGRAMME_HOSTING.since,
        activatedOn: PRE_PROGRAMME_HOSTING.since,
        endedOn: ended ? addDays(ended, 1) : null,
        isSample: true,
      });
      const quantity = String(moving.length);
      lines.push({
        contractId: id,
        cloudServiceId: PRE_PROGRAMME_HOSTING.serviceId,
        systemId: null,
        quantity,
        monthlyAmountCny: multiplyCny(quantity, priceOf(PRE_PROGRAMME_HOSTING.serviceId)),
      });
    }
  }
  return { contracts, lines };
}

/**
 * The provider's reports on a system that selected it, as the story tells them: one the day it was
 * selected, one when the move started, and the latest: done the day it was centralised; on a system still
 * unfinished the last came two weeks after its last step (blocked while its unit waits for an extension),
 * and the next never did (a stale task).
 */
function tasksOf(programme: Programme, world: World) {
  const tasks: Task[] = [];
  const reports: Report[] = [];
  const pendingUnits = new Set(programme.extensions.filter((e) => !e.decision && !e.withdrawal).map((e) => e.request.unitId));
  for (const h of programme.histories) {
    const { selection, system } = h;
    if (!selection) continue;
    const vendorId = selection.vendorId;
    const made: Omit<Report, 'taskId' | 'systemId' | 'vendorId'>[] = [];
    const report = (status: Report['status'], percentComplete: number, detail: string, moment: Date) =>
      made.push({
        status,
        percentComplete,
        detail,
        reportedAt: moment,
        reportedBy: `${vendorId}-engineer`,
        nextUpdateDue: addDays(dayOf(moment), 15),
      });
    report('NOT_STARTED', 0, 'Selected; the plan is being written with the unit.', at(dayOf(selection.at), '18:00'));
    if (h.migratingOn) report('IN_PROGRESS', 20, 'Moving equipment and data.', at(h.migratingOn, '18:00'));
    const current = h.placements.at(-1);
    if (h.centralisedAt && h.plan && current) {
      const day = dayOf(h.centralisedAt);
      report('DONE', 100, `Cut over on ${day}; running in ${h.plan.destinationDataCenterId} since ${current.since}.`, h.centralisedAt);
      const done = made.at(-1);
      if (done) done.nextUpdateDue = addDays(day, 30);
    } else {
      const lastStep = h.transitions.at(-1)?.at ?? selection.at;
      const moment = at(addDays(dayOf(lastStep), 14), '18:00');
      if (pendingUnits.has(h.unit.id))
        report('BLOCKED', 30, 'Blocked: waiting for the joint conference to decide on an extension.', moment);
      else if (system.stage === 'MIGRATING')
        report('IN_PROGRESS', 40 + 10 * (hashOf(programme.options.seed, system.id, 'percent') % 5), 'Moving equipment and data.', moment);
      else if (system.stage === 'PLAN_APPROVED') report('NOT_STARTED', 0, 'Plan approved; the move has not started.', moment);
    }
    // Each report but the latest was followed by the next on the day it was due.
    for (let i = 0; i + 1 < made.length; i++) {
      const [report, next] = [made[i], made[i + 1]];
      if (report && next) report.nextUpdateDue = dayOf(next.reportedAt);
    }
    const latest = made.at(-1);
    if (!latest) continue;
    const id = world.nextTaskId + tasks.length;
    tasks.push({
      id,
      systemId: system.id,
      vendorId,
      status: latest.status,
      percentComplete: latest.percentComplete,
      detail: latest.detail,
      updatedAt: latest.reportedAt,
      updatedBy: latest.reportedBy,
      nextUpdateDue: latest.nextUpdateDue,
    });
    for (const r of made) reports.push({ ...r, taskId: id, systemId: system.id, vendorId });
  }
  return { tasks, reports };
}

export interface VendorsRows {
  contracts: Contract[];
  lines: Line[];
  tasks: Task[];
  reports: Report[];
}

export function vendorsRows(programme: Programme, world: World): VendorsRows {
  return { ...contractsOf(programme, world), ...tasksOf(programme, world) };
}

export function vendorsTables(rows: VendorsRows): CopyTable[] {
  return [
    copyOf(
      'contracts',
      schema.contracts,
      ['id', 'unitId', 'vendorId', 'status', 'startsOn', 'endsOn', 'signedOn', 'activatedOn', 'endedOn', 'isSample'],
      rows.contracts,
    ),
    copyOf(
      'contract_lines',
      schema.contractLines,
      ['contractId', 'cloudServiceId', 'systemId', 'quantity', 'monthlyAmountCny'],
      rows.lines,
    ),
    copyOf(
      'migration_tasks',
      schema.migrationTasks,
      ['id', 'systemId', 'vendorId', 'status', 'percentComplete', 'detail', 'updatedAt', 'updatedBy', 'nextUpdateDue'],
      rows.tasks,
    ),
    copyOf(
      'migration_task_reports',
      schema.migrationTaskReports,
      ['taskId', 'systemId', 'vendorId', 'status', 'percentComplete', 'detail', 'reportedAt', 'reportedBy', 'nextUpdateDue'],
      rows.reports,
    ),
  ];
}

/** The tasks were given ids of their own: the sequence moves past them. */
export const vendorsAfterLoad = [`select setval(pg_get_serial_sequence('migration_tasks', 'id'), (select max(id) from migration_tasks))`];
