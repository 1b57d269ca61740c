/**
 * The dated history of each system, as sample data: every non-classified system goes through the steps
 * of §3 at moments inside its batch's window, most on time, some late, a few still unfinished today; some
 * units asked for extensions (approved, rejected, pending). Dates follow the real schedule of §5; which
 * system did what, and when exactly, is made up (deterministically) and marked sample. A system's story
 * depends only on the system, its unit and its batch, so the programme's systems tell the same story
 * whatever other units are seeded beside them (the scale tests add generated ones).
 *
 * The plans follow the units subgraph's own rules, called here rather than restated: §4's destinations
 * (`governmentDestination`, `destinationAllowed`, with the park's data-centre kinds and the platform's
 * opening day from world.ts) and §5's due date (`planOutsideWindow`); a story that broke one would throw.
 */

import { destinationAllowed, governmentDestination, hostingWhenCentralised, NOTICE_DATE, planOutsideWindow } from '@cq/units/rules';
import type {
  AssessmentRow,
  BatchRow,
  BudgetLineRow,
  ExtensionDecisionRow,
  ExtensionRequestRow,
  MigrationPlanRow,
  SystemRow,
  TransitionRow,
  UnitRow,
  VendorSelectionRow,
} from '@cq/units/schema';
import {
  addDays,
  at,
  chance,
  daysBetween,
  GOVERNMENT_CLOUD_PLATFORM,
  kindOf,
  PLATFORM_OPENS_ON,
  pick,
  providers,
  TRANSITIONAL_DATA_CENTER,
} from './world.ts';

type Stage = SystemRow['stage'];
type New<T> = Omit<T, 'id'>;

export const OFFICE = 'joint-conference-office';

/** Units whose story the reports should show; everything else follows the dice. */
export const extensionStories: {
  unitId: string;
  requested: string;
  newDueDate: string;
  decided?: { on: string; approved: boolean; note: string };
  reason: string;
  /** When the unit's systems were centralised in the end (null: still not). */
  centralisedOn: string | null;
}[] = [
  {
    unitId: 'liangping-county',
    requested: '2015-09-10',
    newDueDate: '2015-11-30',
    decided: { on: '2015-09-18', approved: true, note: 'Approved: circuits to the park are still being built.' },
    reason: 'The county has no dedicated line to the park yet; the carrier needs until November.',
    centralisedOn: '2015-11-20',
  },
  {
    unitId: 'sample-transport-commission',
    requested: '2015-12-10',
    newDueDate: '2016-02-29',
    decided: { on: '2015-12-20', approved: false, note: 'Rejected: the plan shows no reason the window cannot be kept.' },
    reason: 'Year-end workload.',
    centralisedOn: '2016-01-22',
  },
  {
    unitId: 'wushan-county',
    requested: '2016-05-20',
    newDueDate: '2016-09-30',
    decided: { on: '2016-06-03', approved: true, note: 'Approved: flood season work in the county.' },
    reason: 'Staff are committed to flood-season preparations.',
    centralisedOn: '2016-08-25',
  },
  {
    unitId: 'kai-county',
    requested: '2016-06-15',
    newDueDate: '2016-10-31',
    reason: 'The county is being reorganised into a district.',
    centralisedOn: null,
  },
];

/** What one system takes in the park once placed: racks and power (sample figures). */
export interface Footprint {
  racks: number;
  powerKw: string;
}

/**
 * Systems still moving today, told so on purpose: the road permits centre (an institution with
 * administrative-approval functions) has its second system on the way into the Government Cloud Platform,
 * its plan approved and the move started but not finished: overdue since batch 3 ended, and not yet placed.
 */
export const STILL_MOVING: readonly string[] = ['sample-road-permits-centre-system-2'];

export interface SystemStory {
  stage: Stage;
  version: number;
  transitions: New<TransitionRow>[];
  assessment?: New<AssessmentRow>;
  selection?: New<VendorSelectionRow>;
  plan?: New<MigrationPlanRow>;
  /** The moment of the CENTRALISED transition; null while the system is not centralised. */
  centralisedAt: Date | null;
  /** The day the system's equipment was placed in the park: on or before the day it was centralised. */
  placedOn: string | null;
  footprint: Footprint;
  /** Where the system runs now: where it ran when inventoried, until it was centralised (and integrated). */
  hosting: SystemRow['hosting'];
  /** Each change of `hosting` the steps made, as `markCentralised` and `markIntegrated` record it (derived corrections). */
  hostingChanges: { at: Date; actor: string; before: SystemRow['hosting']; after: SystemRow['hosting']; reason: string }[];
}

const STRATEGY: Record<SystemRow['businessType'], [AssessmentRow['strategy'], AssessmentRow['recommendedServiceModel']]> = {
  GOVERNMENT_SERVICE: ['REHOST', 'IAAS'],
  OFFICE_AUTOMATION: ['REPURCHASE', 'SAAS'],
  DATA_AND_REGISTRY: ['REPLATFORM', 'PAAS'],
  MONITORING: ['REHOST', 'IAAS'],
  PUBLIC_WEBSITE: ['REPLATFORM', 'PAAS'],
  ENTERPRISE_OPERATIONS: ['REHOST', 'HOSTING'],
};

/** Business systems and registries take two racks, the rest one; each rack draws 4 to 6 kW. */
function footprintOf(system: Pick<SystemRow, 'id' | 'businessType'>): Footprint {
  const racks = ['GOVERNMENT_SERVICE', 'ENTERPRISE_OPERATIONS', 'DATA_AND_REGISTRY'].includes(system.businessType) ? 2 : 1;
  return { racks, powerKw: `${racks * (4 + Math.floor(chance(`${system.id}/power`) * 3))}.0` };
}

/**
 * §4: where a plan cutting over on a day sends the system. Government departments go where
 * `governmentDestination` says (the transitional centre before the platform opens, the platform from
 * then on); other units that serve government work (public institutions, with or without
 * administrative-approval functions, and central agencies) go to the same government data centres;
 * state-owned enterprises go to their provider's own data centre in the park.
 */
function destinationOf(unit: UnitRow, cutover: string, providerDataCenter: string): string {
  const government = governmentDestination(unit, cutover, { opensOn: PLATFORM_OPENS_ON });
  const enterprise = ['MUNICIPAL_SOE_GROUP', 'SOE_SUBSIDIARY', 'CENTRAL_SOE'].includes(unit.kind) && !unit.hasAdministrativeApproval;
  let destination: string;
  if (government === 'GOVERNMENT_CLOUD_PLATFORM') destination = GOVERNMENT_CLOUD_PLATFORM;
  else if (government === 'TRANSITIONAL_GOVERNMENT_DATA_CENTER') destination = TRANSITIONAL_DATA_CENTER;
  else if (enterprise) destination = providerDataCenter;
  else destination = cutover >= PLATFORM_OPENS_ON ? GOVERNMENT_CLOUD_PLATFORM : TRANSITIONAL_DATA_CENTER;
  if (!destinationAllowed(unit, kindOf(destination))) throw new Error(`The story sends ${unit.id} to ${destination}, which §4 forbids.`);
  return destination;
}

/** The dated history of one system. */
export function storyOf(system: Omit<SystemRow, 'stage' | 'version'>, unit: UnitRow, batch: BatchRow): SystemStory {
  const officer = `${unit.id}-officer`;
  // Every system in the programme is inventoried on the notice's date.
  const transitions: New<TransitionRow>[] = [
    {
      systemId: system.id,
      fromStage: null,
      toStage: 'INVENTORIED',
      at: at(NOTICE_DATE, '09:00'),
      actor: OFFICE,
      note: 'Inventoried under notice 渝经信发〔2015〕45号',
    },
  ];
  const story: SystemStory = {
    stage: 'INVENTORIED',
    version: 1,
    transitions,
    centralisedAt: null,
    placedOn: null,
    footprint: footprintOf(system),
    hosting: system.hosting,
    hostingChanges: [],
  };
  // §1: a classified system is exempt: inventoried, and nothing more.
  if (system.classification === 'CLASSIFIED') return story;

  const dice = chance(system.id);
  const start = batch.windowStart > NOTICE_DATE ? batch.windowStart : addDays(NOTICE_DATE, 1);
  const span = daysBetween(start, batch.windowEnd);
  const on = (fraction: number) => addDays(start, span * fraction);
  const special = extensionStories.find((s) => s.unitId === unit.id);

  // When the system was centralised: on time for most; late for one in ten; never, for some in batch 3.
  let centralisedOn: string | null;
  if (special) centralisedOn = special.centralisedOn;
  else if (STILL_MOVING.includes(system.id)) centralisedOn = null;
  else if (dice < 0.1) centralisedOn = addDays(batch.windowEnd, 10 + dice * 500);
  else if (batch.number === 3 && dice < 0.2) centralisedOn = null;
  else centralisedOn = on(0.7 + dice * 0.29);
  // One pilot system goes live at 23:30 on the last evening of batch 1, Shanghai time: on time by half an hour.
  if (system.id === 'tourism-bureau-system-1') centralisedOn = batch.windowEnd;

  const steps: [Stage, string, string?][] = [
    ['ASSESSED', on(0.1 + dice * 0.1)],
    ['VENDOR_SELECTED', on(0.25 + dice * 0.1)],
    ['PLAN_APPROVED', on(0.4 + dice * 0.1)],
    ['MIGRATING', on(0.5 + dice * 0.1)],
  ];
  if (centralisedOn) {
    steps.push(['CENTRALISED', centralisedOn, system.id === 'tourism-bureau-system-1' ? '23:30' : undefined]);
    if (chance(`${system.id}/integrated`) < 0.55) steps.push(['INTEGRATED', addDays(centralisedOn, 60 + chance(`${system.id}/i`) * 300)]);
  } else if (dice < 0.15 && !STILL_MOVING.includes(system.id)) {
    steps.pop(); // stuck before the move started
  }

  const provider = pick(providers, chance(`${system.id}/vendor`));
  const [strategy, model] = STRATEGY[system.businessType];
  // The due date as known on a day: an extension counts from its approval on; none for a unit only encouraged to migrate (§1).
  const targetOn = (date: string) => (special?.decided?.approved && special.decided.on <= date ? special.newDueDate : batch.windowEnd);
  const dueDateOn = (date: string) => (unit.voluntary ? null : targetOn(date));

  let previous: Stage = 'INVENTORIED';
  let migratingOn: string | null = null;
  for (const [stage, date, time] of steps) {
    const moment = at(date, time);
    transitions.push({
      systemId: system.id,
      fromStage: previous,
      toStage: stage,
      at: moment,
      actor: stage === 'PLAN_APPROVED' ? OFFICE : officer,
      note: null,
    });
    previous = stage;
    if (stage === 'ASSESSED') {
      const conditional = chance(`${system.id}/ready`) < 0.2;
      story.assessment = {
        systemId: system.id,
        readiness: conditional ? 'READY_WITH_CONDITIONS' : 'READY',
        strategy: unit.systemsAlreadyHosted ? 'REHOST' : strategy,
        recommendedServiceModel: unit.systemsAlreadyHosted ? 'HOSTING' : model,
        blockers: conditional ? [{ description: 'Licences tied to the current hardware must be renegotiated.', severity: 'MEDIUM' }] : [],
        at: moment,
        actor: officer,
      };
    }
    if (stage === 'VENDOR_SELECTED') {
      story.selection = {
        systemId: system.id,
        vendorId: provider.id,
        cloudServiceIds: provider.services.map((s) => s.id),
        procurementMethod: chance(`${system.id}/procurement`) < 0.5 ? 'PROCUREMENT_CATALOGUE' : 'PUBLIC_TENDER',
        procurementReference: `CQGP-${date.slice(0, 4)}-${String(Math.floor(chance(`${system.id}/ref`) * 9000) + 1000)}`,
        at: moment,
        actor: officer,
      };
    }
    if (stage === 'PLAN_APPROVED') {
      const plannedStart = addDays(date, 5);
      const target = targetOn(date);
      const plannedCutover =
        centralisedOn && centralisedOn < target ? (centralisedOn > plannedStart ? centralisedOn : plannedStart) : target;
      const plan = { plannedStart, plannedCutover };
      const outside = planOutsideWindow(plan, dueDateOn(date));
      if (outside) throw new Error(`The story's plan for ${system.id} breaks §5 (${outside}).`);
      story.plan = {
        systemId: system.id,
        destinationDataCenterId: destinationOf(unit, plannedCutover, provider.dataCenter),
        writtenWithVendorId: provider.id,
        ...plan,
        contingencyPlan: 'Run the old system in parallel until two weeks after cut-over; roll back by DNS switch within one hour.',
        at: moment,
        actor: OFFICE,
      };
    }
    if (stage === 'MIGRATING') migratingOn = date;
    // §2.2: centralised, the system runs in the park as its assessment chose; integrated, as cloud services.
    const runs =
      stage === 'CENTRALISED' ? hostingWhenCentralised(story.assessment) : stage === 'INTEGRATED' ? ('CLOUD_SERVICE' as const) : null;
    if (runs && runs !== story.hosting) {
      const where = runs === 'CLOUD_SERVICE' ? "on the provider's cloud services" : 'on its own equipment under unified operations';
      story.hostingChanges.push({
        at: moment,
        actor: officer,
        before: story.hosting,
        after: runs,
        reason:
          stage === 'CENTRALISED'
            ? `§2.2: centralised in ${story.plan?.destinationDataCenterId}; it runs there ${where}, as its assessment chose.`
            : '§2.2: integrated; it runs as cloud services.',
      });
      story.hosting = runs;
    }
    if (stage === 'CENTRALISED') {
      story.centralisedAt = moment;
      // The equipment moves in up to a week before the cut-over, never before the move started (§2.2: centralised means placed).
      const early = addDays(date, -Math.floor(chance(`${system.id}/placed`) * 7));
      story.placedOn = migratingOn && early < migratingOn ? migratingOn : early;
    }
  }
  story.stage = previous;
  story.version = transitions.length;
  return story;
}

export function extensionRows(): { request: New<ExtensionRequestRow>; decision?: Omit<ExtensionDecisionRow, 'requestId'> }[] {
  return extensionStories.map((s) => ({
    request: {
      unitId: s.unitId,
      reason: s.reason,
      newDueDate: s.newDueDate,
      requestedAt: at(s.requested),
      requestedBy: `${s.unitId}-officer`,
    },
    decision: s.decided && { approved: s.decided.approved, note: s.decided.note, decidedAt: at(s.decided.on, '16:00'), decidedBy: OFFICE },
  }));
}

/**
 * Sample budget lines of 2015 and 2016. Three break §6.2 on purpose, so the compliance report has
 * something to flag: Banan District's servers, the Energy Group's storage and the Nan'an water company's
 * machine-room cooling, all budgeted for 2016. The 2015 lines were recorded on 1 March 2015, before the
 * notice: the tourism bureau's database licences are base software budgeted while that was still allowed,
 * so they are not counted as non-compliant.
 */
export function budgetRows(unitsById: Map<string, UnitRow>): New<BudgetLineRow>[] {
  const line = (
    unitId: string,
    year: number,
    category: BudgetLineRow['category'],
    description: string,
    amountCny: string,
  ): New<BudgetLineRow> => ({
    unitId,
    year,
    category,
    description,
    amountCny,
    recordedAt: at(year === 2015 ? '2015-03-01' : '2015-11-16'),
    recordedBy: `${unitId}-officer`,
  });
  const rows: New<BudgetLineRow>[] = [];
  for (const unit of unitsById.values()) {
    if (!unit.isPilot && unit.kind !== 'MUNICIPAL_DEPARTMENT' && !unit.isSample) continue;
    const size = 100_000 + Math.floor(chance(`${unit.id}/budget`) * 40) * 10_000;
    rows.push(line(unit.id, 2015, 'OPERATIONS_SERVICES', 'Operations of existing systems', `${size}.00`));
    rows.push(line(unit.id, 2016, 'CLOUD_SERVICES', 'Cloud services for migrated systems', `${size * 2}.00`));
    rows.push(line(unit.id, 2016, 'MIGRATION_SERVICES', 'Migration support from the provider', `${Math.round(size / 2)}.00`));
  }
  rows.push(line('tourism-bureau', 2015, 'BASE_SOFTWARE', 'Database licences (budgeted before the notice)', '86000.00'));
  rows.push(line('banan-district', 2016, 'SERVERS', 'Replacement servers for the district machine room', '420000.00'));
  rows.push(line('sample-energy-group', 2016, 'STORAGE', 'Storage array expansion', '260000.00'));
  rows.push(line('sample-nanan-water-company', 2016, 'MACHINE_ROOM_COOLING', 'Machine-room air conditioning', '95000.00'));
  return rows.filter((r) => unitsById.has(r.unitId));
}

/** Sample dependencies; the first makes a pilot system depend on a batch-3 system, so it warns. */
export const dependencyRows = [
  { systemId: 'human-resources-social-security-bureau-system-1', dependsOnId: 'yuzhong-district-system-1' },
  { systemId: 'finance-bureau-system-1', dependsOnId: 'general-office-system-2' },
  { systemId: 'sample-road-permits-centre-system-1', dependsOnId: 'sample-transport-commission-system-1' },
];
