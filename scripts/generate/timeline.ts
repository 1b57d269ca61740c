/**
 * The dated history of each generated system, told as the units subgraph's own mutations would have
 * written it: inventoried on the notice's date, then the steps of §3 in order, on days inside its unit's
 * batch window (most on time, some late, some still unfinished, some never started), each step by the
 * actor the workflow names; a plan to a destination §4 allows, cutting over by the due date known when it
 * was approved (§5, §6.4); centralised only once placed in the plan's data centre (§2.2); and the hosting
 * each milestone changes. Units may ask for extensions (approved, rejected, pending, withdrawn). The
 * rules are the units subgraph's functions, called here rather than restated; a history that broke one
 * throws before anything is written.
 */

import { addDays, at, daysBetween } from '@cq/story/world';
import {
  destinationAllowed,
  governmentDestination,
  hostingWhenCentralised,
  NOTICE_DATE,
  planOutsideWindow,
  strategyRefusal,
} from '@cq/units/rules';
import type {
  AssessmentRow,
  BatchRow,
  CorrectionRow,
  ExtensionDecisionRow,
  ExtensionRequestRow,
  ExtensionWithdrawalRow,
  MigrationPlanRow,
  SystemRow,
  TransitionRow,
  UnitRow,
  VendorSelectionRow,
} from '@cq/units/schema';
import type { Random } from './random.ts';
import type { GeneratedUnit, RegisteredSystem } from './registry.ts';
import type { DataCenterKind, Provider } from './world.ts';

type Stage = SystemRow['stage'];
type New<T> = Omit<T, 'id'>;

export const OFFICE = 'joint-conference-office';
const officerOf = (unitId: string) => `${unitId}-officer`;

/** A unit's extension request (§6.4) and what became of it: decided once, or withdrawn, or still pending. */
export interface Extension {
  request: ExtensionRequestRow;
  decision: ExtensionDecisionRow | null;
  withdrawal: ExtensionWithdrawalRow | null;
}

/** The data centres a plan may name: the two government ones and each provider's own in the park. */
export interface Destinations {
  transitional: string;
  platform: { id: string; opensOn: string | null };
  /** Park data centres by provider id (generated, run by the provider). */
  parkOf: Map<string, string[]>;
  kindOf: (id: string) => DataCenterKind;
}

/** What one system takes in the park once placed. */
export interface Footprint {
  racks: number;
  powerKw: string;
}

export interface SystemHistory {
  system: SystemRow;
  unit: UnitRow;
  transitions: New<TransitionRow>[];
  assessments: New<AssessmentRow>[];
  selection: New<VendorSelectionRow> | null;
  provider: Provider | null;
  plan: New<MigrationPlanRow> | null;
  /** Each change of hosting a milestone made, as markCentralised and markIntegrated record it. */
  hostingChanges: New<CorrectionRow>[];
  migratingOn: string | null;
  centralisedAt: Date | null;
  /** Every placement in the park, oldest first; only the last may be current (`until` null). */
  placements: { since: string; until: string | null }[];
  footprint: Footprint;
}

const REASONS = [
  'The carrier needs more time to build the dedicated line to the park.',
  'The application vendor must certify the new platform first.',
  'Staff are committed to flood-season preparations.',
  'The unit is being reorganised.',
  'Year-end workload.',
];

/** Some units ask the joint conference for more time near the end of their window (none when only encouraged, §1). */
export function extensionOf(unit: UnitRow, batch: BatchRow, rng: Random, id: number): Extension | null {
  if (unit.voluntary || !rng.chance(0.03)) return null;
  const requested = addDays(batch.windowEnd, -rng.int(5, 25));
  const officer = officerOf(unit.id);
  const request: ExtensionRequestRow = {
    id,
    unitId: unit.id,
    reason: rng.pick(REASONS),
    // EXTENSION_NOT_AFTER_WINDOW: the new date is after the one due.
    newDueDate: addDays(batch.windowEnd, rng.int(30, 120)),
    requestedAt: during(requested, rng),
    requestedBy: officer,
  };
  const outcome = rng.weighted([
    ['approved', 55],
    ['rejected', 25],
    ['pending', 12],
    ['withdrawn', 8],
  ] as const);
  // Decided by the office, never by its requester (EXTENSION_SELF_DECISION), after it was asked.
  const decision: ExtensionDecisionRow | null =
    outcome === 'approved' || outcome === 'rejected'
      ? {
          requestId: id,
          approved: outcome === 'approved',
          note: outcome === 'approved' ? 'Approved: the reason is sound and the new date is close.' : 'Rejected: the window can be kept.',
          decidedAt: at(addDays(requested, rng.int(5, 15)), '16:00'),
          decidedBy: OFFICE,
        }
      : null;
  const withdrawal: ExtensionWithdrawalRow | null =
    outcome === 'withdrawn'
      ? {
          requestId: id,
          reason: 'The systems will make the window after all.',
          withdrawnAt: at(addDays(requested, rng.int(3, 10)), '11:00'),
          withdrawnBy: officer,
          role: 'unit-officer',
        }
      : null;
  return { request, decision, withdrawal };
}

/** The day a unit's systems are due by at a moment (§5, §6.4): an extension counts from its approval on; none for a voluntary unit (§1). */
export function dueAt(unit: UnitRow, batch: BatchRow, extension: Extension | null, moment: Date): string | null {
  if (unit.voluntary) return null;
  const decision = extension?.decision;
  return decision?.approved && decision.decidedAt <= moment ? (extension?.request.newDueDate ?? batch.windowEnd) : batch.windowEnd;
}

const STRATEGY: Record<SystemRow['businessType'], [AssessmentRow['strategy'], AssessmentRow['recommendedServiceModel']]> = {
  GOVERNMENT_SERVICE: ['REHOST', 'IAAS'],
  OFFICE_AUTOMATION: ['REPURCHASE', 'SAAS'],
  DATA_AND_REGISTRY: ['REPLATFORM', 'PAAS'],
  MONITORING: ['REHOST', 'IAAS'],
  PUBLIC_WEBSITE: ['REPLATFORM', 'PAAS'],
  ENTERPRISE_OPERATIONS: ['REHOST', 'HOSTING'],
};

/** How far a system got: most were centralised; some never started, stopped at a step, or were retired (§3.1). */
type Fate = 'untouched' | 'notReady' | 'retired' | 'selected' | 'planned' | 'migrating' | 'centralised';

function fateOf(unit: UnitRow, batch: BatchRow, extension: Extension | null, rng: Random): Fate {
  const pending = extension && !extension.decision && !extension.withdrawal;
  if (pending)
    return rng.weighted([
      ['centralised', 40],
      ['migrating', 40],
      ['planned', 20],
    ] as const);
  if (unit.voluntary)
    return rng.weighted([
      ['untouched', 35],
      ['notReady', 3],
      ['retired', 2],
      ['selected', 5],
      ['planned', 5],
      ['migrating', 8],
      ['centralised', 42],
    ] as const);
  const early = batch.number < 3;
  return rng.weighted([
    ['untouched', early ? 0 : 2],
    ['notReady', early ? 1 : 1.5],
    ['retired', 1],
    ['selected', early ? 0.2 : 1.5],
    ['planned', early ? 0.3 : 2],
    ['migrating', early ? 0.5 : 5],
    ['centralised', early ? 97 : 87],
  ] as const);
}

/** A moment on a day during office hours (Asia/Shanghai). */
const during = (day: string, rng: Random) =>
  at(day, `${String(rng.int(9, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`);

const later = (a: string, b: string) => (a > b ? a : b);

/** Business systems and registries take two racks, the rest one; each rack draws 4 to 6 kW. */
function footprintOf(system: RegisteredSystem, rng: Random): Footprint {
  const racks = ['GOVERNMENT_SERVICE', 'ENTERPRISE_OPERATIONS', 'DATA_AND_REGISTRY'].includes(system.businessType) ? 2 : 1;
  return { racks, powerKw: `${racks * rng.int(4, 6)}.0` };
}

/** Which provider a system selects: government work mostly the government cloud's operator, enterprises the others. */
function providerFor(unit: GeneratedUnit, providers: Provider[], rng: Random): Provider {
  const weight = (p: Provider) => {
    if (unit.row.systemsAlreadyHosted && p.short === 'yangtze') return 6;
    if (p.short === 'cci') return unit.family === 'enterprise' ? 1 : 4;
    return unit.family === 'enterprise' ? 3 : 2;
  };
  return rng.weighted(providers.map((p) => [p, weight(p)] as const));
}

/**
 * §4: where a plan cutting over on a day sends a system: a government department where
 * `governmentDestination` says (the transitional centre before the platform opens, the platform from
 * then on); a unit with administrative-approval functions to a government data centre too; an
 * enterprise to a data centre of its provider in the park; other units either.
 */
function destinationOf(unit: GeneratedUnit, cutover: string, provider: Provider, where: Destinations, rng: Random): string {
  const government = governmentDestination(unit.row, cutover, where.platform);
  const platformOpen = where.platform.opensOn === null || cutover >= where.platform.opensOn;
  const governmentCentre = platformOpen ? where.platform.id : where.transitional;
  const park = where.parkOf.get(provider.id) ?? [];
  let destination: string;
  if (government === 'GOVERNMENT_CLOUD_PLATFORM') destination = where.platform.id;
  else if (government === 'TRANSITIONAL_GOVERNMENT_DATA_CENTER') destination = where.transitional;
  else if (unit.row.hasAdministrativeApproval || !park.length) destination = governmentCentre;
  else if (unit.family === 'enterprise' || rng.chance(0.5)) destination = rng.pick(park);
  else destination = governmentCentre;
  if (!destinationAllowed(unit.row, where.kindOf(destination)))
    throw new Error(`The generator sends ${unit.row.id} to ${destination}, which §4 forbids.`);
  return destination;
}

/** The dated history of one system of a unit. */
export function historyOf(
  registered: RegisteredSystem,
  unit: GeneratedUnit,
  batch: BatchRow,
  extension: Extension | null,
  providers: Provider[],
  where: Destinations,
  rng: Random,
): SystemHistory {
  const officer = officerOf(unit.row.id);
  const systemId = registered.id;
  const transitions: New<TransitionRow>[] = [
    {
      systemId,
      fromStage: null,
      toStage: 'INVENTORIED',
      at: at(NOTICE_DATE, '09:00'),
      actor: OFFICE,
      note: 'Inventoried under notice 渝经信发〔2015〕45号',
    },
  ];
  const history: SystemHistory = {
    system: { ...registered, stage: 'INVENTORIED', version: 1 },
    unit: unit.row,
    transitions,
    assessments: [],
    selection: null,
    provider: null,
    plan: null,
    hostingChanges: [],
    migratingOn: null,
    centralisedAt: null,
    placements: [],
    footprint: footprintOf(registered, rng),
  };
  // §1: a classified system is exempt: inventoried, and nothing more.
  const fate: Fate = registered.classification === 'CLASSIFIED' ? 'untouched' : fateOf(unit.row, batch, extension, rng);
  if (fate === 'untouched') return history;

  let stage: Stage = 'INVENTORIED';
  let hosting = registered.hosting;
  const move = (to: Stage, moment: Date, actor: string, note: string | null = null) => {
    transitions.push({ systemId, fromStage: stage, toStage: to, at: moment, actor, note });
    stage = to;
  };

  // The days of the steps, in order, inside the batch window (a window opening before the notice starts the day after it).
  const start = later(batch.windowStart, addDays(NOTICE_DATE, 1));
  const span = daysBetween(start, batch.windowEnd);
  const assessedOn = addDays(start, Math.floor(span * (0.03 + 0.12 * rng.next())));
  const selectedOn = addDays(assessedOn, 2 + Math.floor(span * 0.08 * rng.next()));
  const approvedOn = addDays(selectedOn, 2 + Math.floor(span * 0.08 * rng.next()));
  const plannedStart = addDays(approvedOn, 5);
  const migratingOn = addDays(plannedStart, rng.int(0, 3));

  // Step 1 (§3.1): assessed; RETAIN is no strategy the notice allows.
  const [strategy, model] = unit.row.systemsAlreadyHosted ? (['REHOST', 'HOSTING'] as const) : STRATEGY[registered.businessType];
  const assess = (moment: Date, fields: Pick<AssessmentRow, 'readiness' | 'strategy' | 'recommendedServiceModel' | 'blockers'>) => {
    if (strategyRefusal(fields.strategy)) throw new Error(`The generator assesses ${systemId} with a strategy §1 refuses.`);
    move('ASSESSED', moment, officer);
    history.assessments.push({ systemId, ...fields, at: moment, actor: officer });
  };
  const notReady = {
    readiness: 'NOT_READY' as const,
    strategy,
    recommendedServiceModel: model,
    blockers: [{ description: 'Runs on hardware that must be replaced before it can move.', severity: 'HIGH' as const }],
  };
  if (fate === 'notReady') {
    assess(during(assessedOn, rng), notReady);
    return finish(history, stage, hosting);
  }
  if (fate === 'retired') {
    assess(during(assessedOn, rng), { readiness: 'READY', strategy: 'RETIRE', recommendedServiceModel: model, blockers: [] });
    move('RETIRED', during(selectedOn, rng), officer, 'Switched off as its assessment said (RETIRE).');
    return finish(history, stage, hosting);
  }
  // A few were found not ready at first and assessed again the next day, ready.
  if (rng.chance(0.04)) assess(during(assessedOn, rng), notReady);
  const conditional = rng.chance(0.2);
  const reassessedOn = history.assessments.length ? addDays(assessedOn, 1) : assessedOn;
  assess(during(reassessedOn, rng), {
    readiness: conditional ? 'READY_WITH_CONDITIONS' : 'READY',
    strategy,
    recommendedServiceModel: model,
    blockers: conditional ? [{ description: 'Licences tied to the current hardware must be renegotiated.', severity: 'MEDIUM' }] : [],
  });

  // Step 2 (§3.2): a provider and the services it sells for the system.
  const provider = providerFor(unit, providers, rng);
  const selectedAt = during(selectedOn, rng);
  move('VENDOR_SELECTED', selectedAt, officer);
  history.provider = provider;
  history.selection = {
    systemId,
    vendorId: provider.id,
    cloudServiceIds: provider.services.map((s) => s.id),
    procurementMethod: rng.weighted([
      ['PROCUREMENT_CATALOGUE', 5],
      ['PUBLIC_TENDER', 3],
      ['COMPETITIVE_NEGOTIATION', 1],
      ['SINGLE_SOURCE', 0.3],
    ] as const),
    procurementReference: `CQGP-${selectedOn.slice(0, 4)}-${rng.int(1000, 9999)}`,
    at: selectedAt,
    actor: officer,
  };
  if (fate === 'selected') return finish(history, stage, hosting);

  // When it was centralised, if it was: on time for most, late for some (within an approved extension's
  // new date, or past a rejected one's window), after the move started in any case.
  let centralisedOn: string | null = null;
  if (fate === 'centralised') {
    const decision = extension?.decision;
    const lateShare = extension ? 0.35 : 0.1;
    if (rng.chance(lateShare)) {
      centralisedOn =
        decision?.approved && extension
          ? addDays(batch.windowEnd, rng.int(1, daysBetween(batch.windowEnd, extension.request.newDueDate)))
          : addDays(batch.windowEnd, extension ? rng.int(5, 150) : rng.int(10, 480));
    } else {
      centralisedOn = addDays(start, Math.floor(span * (0.7 + 0.29 * rng.next())));
    }
    centralisedOn = later(centralisedOn, addDays(migratingOn, 3));
  }

  // Step 3 (§3.3): the plan, approved by the office, written with the selected provider, cutting over by the
  // due date known that day (§5) at a destination §4 allows.
  const approvedAt = during(approvedOn, rng);
  const due = dueAt(unit.row, batch, extension, approvedAt);
  const target = due ?? batch.windowEnd;
  const plannedCutover = later(centralisedOn !== null && centralisedOn <= target ? centralisedOn : target, plannedStart);
  const plan = { plannedStart, plannedCutover };
  const outside = planOutsideWindow(plan, due);
  if (outside) throw new Error(`The generator's plan for ${systemId} breaks §5 (${outside}).`);
  move('PLAN_APPROVED', approvedAt, OFFICE);
  const destination = destinationOf(unit, plannedCutover, provider, where, rng);
  history.plan = {
    systemId,
    destinationDataCenterId: destination,
    writtenWithVendorId: provider.id,
    ...plan,
    contingencyPlan: 'Run the old system in parallel until two weeks after cut-over; roll back by DNS switch within one hour.',
    at: approvedAt,
    actor: OFFICE,
  };
  if (fate === 'planned') return finish(history, stage, hosting);

  // Step 4: the move starts.
  move('MIGRATING', during(migratingOn, rng), officer);
  history.migratingOn = migratingOn;
  if (!centralisedOn) return finish(history, stage, hosting);

  // §2.2: centralised once placed in the plan's data centre: the equipment moves in up to a week before the
  // cut-over, never before the move started nor, in the Government Cloud Platform, before it opened.
  const opens = destination === where.platform.id ? where.platform.opensOn : null;
  const earliest = opens ? later(migratingOn, opens) : migratingOn;
  if (earliest > centralisedOn) throw new Error(`The generator centralises ${systemId} before it could be placed.`);
  const gap = daysBetween(earliest, centralisedOn);
  if (gap >= 3 && rng.chance(0.03)) {
    // Moved in, taken out again (not yet centralised, so the park may remove it), and moved in for good.
    const until = addDays(earliest, 1 + rng.int(0, Math.floor(gap / 2) - 1));
    history.placements.push(
      { since: earliest, until },
      { since: addDays(until, rng.int(0, daysBetween(until, centralisedOn))), until: null },
    );
  } else {
    history.placements.push({ since: later(addDays(centralisedOn, -rng.int(0, 6)), earliest), until: null });
  }
  const centralisedAt = during(centralisedOn, rng);
  move('CENTRALISED', centralisedAt, officer);
  history.centralisedAt = centralisedAt;
  const runs = hostingWhenCentralised(history.assessments.at(-1));
  if (runs !== hosting) {
    const how = runs === 'CLOUD_SERVICE' ? "on the provider's cloud services" : 'on its own equipment under unified operations';
    history.hostingChanges.push(
      hostingChange(
        systemId,
        centralisedAt,
        officer,
        hosting,
        runs,
        `§2.2: centralised in ${destination}; it runs there ${how}, as its assessment chose.`,
      ),
    );
    hosting = runs;
  }
  // §2.2's second milestone for about half: integrated, running as cloud services.
  if (rng.chance(0.55)) {
    const integratedAt = during(addDays(centralisedOn, rng.int(60, 360)), rng);
    move('INTEGRATED', integratedAt, officer);
    if (hosting !== 'CLOUD_SERVICE') {
      history.hostingChanges.push(
        hostingChange(systemId, integratedAt, officer, hosting, 'CLOUD_SERVICE', '§2.2: integrated; it runs as cloud services.'),
      );
      hosting = 'CLOUD_SERVICE';
    }
  }
  return finish(history, stage, hosting);
}

function hostingChange(
  systemId: string,
  moment: Date,
  actor: string,
  before: SystemRow['hosting'],
  after: SystemRow['hosting'],
  reason: string,
): New<CorrectionRow> {
  return { unitId: null, systemId, field: 'HOSTING', before, after, reason, derived: true, at: moment, actor, role: 'unit-officer' };
}

/** The system as its history leaves it: the stage of its last transition, a version raised by each step. */
function finish(history: SystemHistory, stage: Stage, hosting: SystemRow['hosting']): SystemHistory {
  history.system = { ...history.system, stage, hosting, version: history.transitions.length };
  return history;
}
