/**
 * The programme's one story, told once. From the units seed's registry (the real batch-1 units, the
 * county-level divisions, the named bodies and the sample units, with the batch §5 gives each) and the
 * schedule, it tells what happened to every system (timeline.ts: assessed, a provider selected with its
 * services, a plan to a data centre approved, moved, centralised) and derives from that alone what the
 * other subgraphs hold:
 * - vendors: each selected provider's contract with the unit, a line per service bought for each system
 *   that selected it, and the provider's task report on the system (done once centralised);
 * - park: a placement of every centralised system, in its plan's destination, since a day no later than
 *   it was centralised;
 * - telecom: a circuit from each unit to each data centre its plans name (active once something is
 *   placed there).
 * Each subgraph's seed imports only its slice (`@cq/story/units`, `/vendors`, `/park`, `/telecom`) and
 * writes it in its own rows, with its own prices and reference data; the end-to-end test
 * `e2e/test/seed.test.ts` reads the four back through the gateway and checks they agree.
 *
 * Everything here is sample data (`isSample`), made up deterministically: the same story on every seed.
 */
import type { SystemRow, UnitRow } from '@cq/units/schema';
import { batchRows, seedUnits } from '@cq/units/seed/registry';
import { sampleSystemsFor } from '@cq/units/seed/systems';
import { extensionStories, type SystemStory, storyOf } from './timeline.ts';
import { addDays, amount, at, chance, dayOf, PRE_PROGRAMME_HOSTING, providers } from './world.ts';

export { extensionStories, type SystemStory } from './timeline.ts';

/** A system of the registry with its unit and its story. */
export interface StorySystem {
  system: Omit<SystemRow, 'stage' | 'version'>;
  unit: UnitRow;
  story: SystemStory;
}

/** A contract between a unit and a provider: a line per service bought, naming the system it serves (null: the whole unit). */
export interface StoryContract {
  id: string;
  unitId: string;
  vendorId: string;
  status: 'SIGNED' | 'ACTIVE' | 'ENDED';
  startsOn: string;
  endsOn: string;
  /** The day it was signed: its first day. */
  signedOn: string;
  /** The day it became ACTIVE: when the first system it serves was placed in the park; null while SIGNED. */
  activatedOn: string | null;
  /** The day it was ENDED: the day after its last; null while not ended. */
  endedOn: string | null;
  lines: { serviceId: string; systemId: string | null; quantity: string }[];
}

/** One report of a provider on its migration task for a system (§3.4). */
export interface StoryReport {
  status: 'NOT_STARTED' | 'IN_PROGRESS' | 'BLOCKED' | 'DONE';
  percentComplete: number;
  detail: string;
  updatedAt: Date;
  updatedBy: string;
  /** The day the next report is due: the day it came, for all but the latest. */
  nextUpdateDue: string;
}

/** A provider's migration task for a system: its latest report, and every report it made, oldest first. */
export interface StoryTask extends StoryReport {
  systemId: string;
  vendorId: string;
  reports: StoryReport[];
}

/**
 * A system placed in the park, with the facts the park's placement rules judge, as the units subgraph
 * would answer them (the park's `PLACEMENT_FACTS`).
 */
export interface StoryPlacement {
  systemId: string;
  unitId: string;
  dataCenterId: string;
  racks: number;
  powerKw: string;
  since: string;
  facts: {
    classification: 'CLASSIFIED' | 'NON_CLASSIFIED';
    unit: { id: string; hasAdministrativeApproval: boolean };
    migrationPlan: { destination: { id: string } } | null;
  };
}

/**
 * A unit's line into a data centre its plans name: ordered when the first plan naming the place was
 * approved, provisioned when the first move there started, ACTIVE a week before the first system was
 * placed there (never before it was ordered).
 */
export interface StoryLink {
  unitId: string;
  dataCenterId: string;
  status: 'PLANNED' | 'PROVISIONING' | 'ACTIVE';
  orderedOn: string;
  /** Null while PLANNED. */
  provisioningOn: string | null;
  /** Null until ACTIVE. */
  activeOn: string | null;
}

export interface Story {
  units: UnitRow[];
  systems: StorySystem[];
  contracts: StoryContract[];
  tasks: StoryTask[];
  placements: StoryPlacement[];
  links: StoryLink[];
}

const batchOf = new Map(batchRows.map((b) => [b.number, b]));

/** A date fifteen years on, less a day: the term of the programme's contracts (renewed; they run into the 2030s). */
const termFrom = (startsOn: string) => addDays(`${Number(startsOn.slice(0, 4)) + 15}${startsOn.slice(4)}`, -1);

/** The first or the last of some days (written YYYY-MM-DD, they sort as text). */
function earliest(days: string[]): string {
  const [first] = [...days].sort();
  if (first === undefined) throw new Error('No day to choose from.');
  return first;
}
function latest(days: string[]): string {
  const last = [...days].sort().at(-1);
  if (last === undefined) throw new Error('No day to choose from.');
  return last;
}

function contractsOf(units: UnitRow[], systems: StorySystem[]): StoryContract[] {
  const contracts: StoryContract[] = [];
  for (const unit of units) {
    const own = systems.filter((s) => s.unit.id === unit.id);
    for (const provider of providers) {
      const selected = own.filter((s) => s.story.selection?.vendorId === provider.id);
      if (!selected.length) continue;
      const startsOn = earliest(selected.map((s) => dayOf(s.story.selection?.at ?? new Date())));
      const placed = selected.flatMap((s) => (s.story.placedOn ? [s.story.placedOn] : []));
      contracts.push({
        id: `contract-${unit.id}-${provider.short}`,
        unitId: unit.id,
        vendorId: provider.id,
        // Signed when the first system selected the provider; in force once the first of its systems was
        // placed in the park (so its term covers every placement), signed but not yet in force while none is.
        status: placed.length ? 'ACTIVE' : 'SIGNED',
        startsOn,
        endsOn: termFrom(startsOn),
        signedOn: startsOn,
        activatedOn: placed.length ? earliest(placed) : null,
        endedOn: null,
        lines: selected.flatMap(({ system, story }) =>
          provider.services.map((service) => ({
            serviceId: service.id,
            systemId: system.id,
            quantity: String(service.quantity === 'racks' ? story.footprint.racks : amount(service.quantity, `${system.id}/${service.id}`)),
          })),
        ),
      });
    }
    // §5: a unit whose systems were already hosted had them hosted before the programme; the hosting ends
    // the day the last of them was placed in the park.
    if (unit.systemsAlreadyHosted) {
      const moving = own.filter((s) => s.system.classification === 'NON_CLASSIFIED');
      const placed = moving.flatMap((s) => (s.story.placedOn ? [s.story.placedOn] : []));
      const ended = placed.length === moving.length && placed.length > 0;
      contracts.push({
        id: `contract-${unit.id}-hosting-before-migration`,
        unitId: unit.id,
        vendorId: PRE_PROGRAMME_HOSTING.vendorId,
        status: ended ? 'ENDED' : 'ACTIVE',
        startsOn: PRE_PROGRAMME_HOSTING.since,
        endsOn: ended ? latest(placed) : termFrom(PRE_PROGRAMME_HOSTING.since),
        signedOn: PRE_PROGRAMME_HOSTING.since,
        activatedOn: PRE_PROGRAMME_HOSTING.since,
        endedOn: ended ? addDays(latest(placed), 1) : null,
        lines: [{ serviceId: PRE_PROGRAMME_HOSTING.serviceId, systemId: null, quantity: String(moving.length) }],
      });
    }
  }
  return contracts;
}

/**
 * The provider's reports on a system that selected it: one on the day it was selected, one when the move
 * started, and the latest: done on the day it was centralised; for a system still unfinished, the last
 * report came two weeks after its last step and the next one never did (a stale task).
 */
function taskOf({ system, unit, story }: StorySystem): StoryTask | null {
  const vendorId = story.selection?.vendorId;
  if (!vendorId || !story.selection) return null;
  const updatedBy = `${vendorId}-engineer`;
  const report = (status: StoryReport['status'], percentComplete: number, detail: string, updatedAt: Date): StoryReport => ({
    status,
    percentComplete,
    detail,
    updatedAt,
    updatedBy,
    nextUpdateDue: addDays(dayOf(updatedAt), 15),
  });
  const selectedOn = dayOf(story.selection.at);
  const reports = [report('NOT_STARTED', 0, 'Selected; the plan is being written with the unit.', at(selectedOn, '18:00'))];
  const migrating = story.transitions.find((t) => t.toStage === 'MIGRATING');
  if (migrating) reports.push(report('IN_PROGRESS', 20, 'Moving equipment and data.', at(dayOf(migrating.at), '18:00')));
  if (story.centralisedAt && story.plan) {
    const day = dayOf(story.centralisedAt);
    const detail = `Cut over on ${day}; running in ${story.plan.destinationDataCenterId} since ${story.placedOn}.`;
    reports.push({ ...report('DONE', 100, detail, story.centralisedAt), nextUpdateDue: addDays(day, 30) });
  } else {
    const last = at(addDays(dayOf(story.transitions.at(-1)?.at ?? story.selection.at), 14), '18:00');
    const pending = extensionStories.find((e) => e.unitId === unit.id && !e.decided);
    if (pending) reports.push(report('BLOCKED', 30, `Blocked: ${pending.reason}`, last));
    else if (story.stage === 'MIGRATING')
      reports.push(report('IN_PROGRESS', 40 + 10 * Math.floor(chance(`${system.id}/percent`) * 5), 'Moving equipment and data.', last));
    else if (story.stage === 'PLAN_APPROVED') reports.push(report('NOT_STARTED', 0, 'Plan approved; the move has not started.', last));
  }
  // Each report but the latest was followed by the next on the day it was due.
  for (let i = 0; i + 1 < reports.length; i++) {
    const [current, next] = [reports[i], reports[i + 1]];
    if (current && next) current.nextUpdateDue = dayOf(next.updatedAt);
  }
  const latestReport = reports.at(-1) ?? reports[0];
  if (!latestReport) throw new Error(`No report on ${system.id}.`);
  return { systemId: system.id, vendorId, ...latestReport, reports };
}

function placementOf({ system, unit, story }: StorySystem): StoryPlacement | null {
  if (!story.placedOn || !story.plan) return null;
  const dataCenterId = story.plan.destinationDataCenterId;
  return {
    systemId: system.id,
    unitId: unit.id,
    dataCenterId,
    racks: story.footprint.racks,
    powerKw: story.footprint.powerKw,
    since: story.placedOn,
    facts: {
      classification: system.classification,
      unit: { id: unit.id, hasAdministrativeApproval: unit.hasAdministrativeApproval },
      migrationPlan: { destination: { id: dataCenterId } },
    },
  };
}

function linksOf(units: UnitRow[], systems: StorySystem[]): StoryLink[] {
  const links: StoryLink[] = [];
  for (const unit of units) {
    const planned = systems.filter((s) => s.unit.id === unit.id && s.story.plan);
    const destinations = [...new Set(planned.map((s) => s.story.plan?.destinationDataCenterId ?? ''))].sort();
    for (const dataCenterId of destinations) {
      const there = planned.filter((s) => s.story.plan?.destinationDataCenterId === dataCenterId);
      const orderedOn = earliest(there.map((s) => dayOf(s.story.plan?.at ?? new Date())));
      const moves = there.flatMap((s) => s.story.transitions.filter((t) => t.toStage === 'MIGRATING').map((t) => dayOf(t.at)));
      const placed = there.flatMap((s) => (s.story.placedOn ? [s.story.placedOn] : []));
      const activeOn = placed.length ? latest([addDays(earliest(placed), -7), orderedOn]) : null;
      const provisioningOn = moves.length ? earliest(activeOn ? [...moves, activeOn] : moves) : activeOn;
      links.push({
        unitId: unit.id,
        dataCenterId,
        status: activeOn ? 'ACTIVE' : provisioningOn ? 'PROVISIONING' : 'PLANNED',
        orderedOn,
        provisioningOn,
        activeOn,
      });
    }
  }
  return links;
}

/** The story of these units (the units seed's rows, with their batches) and of everything derived from it. */
export function tellStory(units: UnitRow[]): Story {
  const systems = units.flatMap((unit) => {
    const batch = batchOf.get(unit.batchNumber);
    if (!batch) throw new Error(`Unit ${unit.id} is in batch ${unit.batchNumber}, which the schedule does not have.`);
    return sampleSystemsFor(unit).map((system) => ({ system, unit, story: storyOf(system, unit, batch) }));
  });
  return {
    units,
    systems,
    contracts: contractsOf(units, systems),
    tasks: systems.flatMap((s) => taskOf(s) ?? []),
    placements: systems.flatMap((s) => placementOf(s) ?? []),
    links: linksOf(units, systems),
  };
}

let told: Story | undefined;

/** The programme's own story (its registry's units), told once per process. */
export function programmeStory(): Story {
  told ??= tellStory(seedUnits());
  return told;
}
