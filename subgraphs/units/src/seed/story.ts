/**
 * The programme's story as sample history: every non-classified system goes through the steps of §3 at
 * dated moments inside its batch's window, most on time, some late, a few still unfinished today;
 * some units asked for extensions (approved, rejected, pending). Dates follow the real schedule of §5;
 * which system did what, and when exactly, is made up (deterministically) and marked sample.
 */
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
} from '../data/schema.ts';
import { NOTICE_DATE } from '../domain/rules.ts';

type Stage = SystemRow['stage'];
type New<T> = Omit<T, 'id'>;

const OFFICE = 'joint-conference-office';

/** A stable number in [0, 1) for a text: the same story on every seed. */
function chance(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619);
  return ((h >>> 0) % 10_000) / 10_000;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + Math.round(days));
  return d.toISOString().slice(0, 10);
}

const daysBetween = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

/** A moment in Asia/Shanghai on a day (10:00 unless said otherwise). */
const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);

/** The element a number in [0, 1) picks from a list that is not empty. */
function pick<T>(list: readonly T[], at: number): T {
  const item = list[Math.floor(at * list.length)];
  if (item === undefined) throw new Error('Nothing to pick from.');
  return item;
}

/** The park seed's government data centres (§4), by their ids in the park subgraph. */
const TRANSITIONAL_DATA_CENTER = 'transitional-government-data-center';
const GOVERNMENT_CLOUD_PLATFORM = 'government-cloud-platform';

/** Providers of the vendors subgraph's sample catalogue, with their services and data centre in the park. */
const providers = [
  { id: 'chongqing-cloud-investment', services: ['cci-gov-vm', 'cci-gov-storage'], dataCenter: TRANSITIONAL_DATA_CENTER },
  { id: 'sample-jialing-cloud', services: ['jialing-vm', 'jialing-backup'], dataCenter: 'sample-jialing-data-center' },
  { id: 'sample-shancheng-data', services: ['shancheng-rds'], dataCenter: 'sample-jialing-data-center' },
  { id: 'sample-yangtze-cloud', services: ['yangtze-hosting', 'yangtze-oa'], dataCenter: 'sample-yangtze-data-center' },
];

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

export interface SystemStory {
  stage: Stage;
  version: number;
  transitions: New<TransitionRow>[];
  assessment?: New<AssessmentRow>;
  selection?: New<VendorSelectionRow>;
  plan?: New<MigrationPlanRow>;
}

const STRATEGY: Record<SystemRow['businessType'], [AssessmentRow['strategy'], AssessmentRow['recommendedServiceModel']]> = {
  GOVERNMENT_SERVICE: ['REHOST', 'IAAS'],
  OFFICE_AUTOMATION: ['REPURCHASE', 'SAAS'],
  DATA_AND_REGISTRY: ['REPLATFORM', 'PAAS'],
  MONITORING: ['REHOST', 'IAAS'],
  PUBLIC_WEBSITE: ['REPLATFORM', 'PAAS'],
  ENTERPRISE_OPERATIONS: ['REHOST', 'HOSTING'],
};

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
  const story: SystemStory = { stage: 'INVENTORIED', version: 1, transitions };
  if (system.classification === 'CLASSIFIED') return story;

  const dice = chance(system.id);
  const start = batch.windowStart > NOTICE_DATE ? batch.windowStart : addDays(NOTICE_DATE, 1);
  const span = daysBetween(start, batch.windowEnd);
  const on = (fraction: number) => addDays(start, span * fraction);
  const special = extensionStories.find((s) => s.unitId === unit.id);

  // When the system was centralised: on time for most; late for one in ten; never, for some in batch 3.
  let centralisedOn: string | null;
  if (special) centralisedOn = special.centralisedOn;
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
  } else if (dice < 0.15) {
    steps.pop(); // stuck before the move started
  }

  const provider = pick(providers, chance(`${system.id}/vendor`));
  const [strategy, model] = STRATEGY[system.businessType];
  const governmentOnly = unit.hasAdministrativeApproval || !['MUNICIPAL_SOE_GROUP', 'SOE_SUBSIDIARY', 'CENTRAL_SOE'].includes(unit.kind);
  const destination = governmentOnly ? (batch.number === 3 ? GOVERNMENT_CLOUD_PLATFORM : TRANSITIONAL_DATA_CENTER) : provider.dataCenter;
  // The due date as known on a day: an extension counts from its approval on.
  const dueDateOn = (date: string) => (special?.decided?.approved && special.decided.on <= date ? special.newDueDate : batch.windowEnd);

  let previous: Stage = 'INVENTORIED';
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
        cloudServiceIds: provider.services,
        procurementMethod: chance(`${system.id}/procurement`) < 0.5 ? 'PROCUREMENT_CATALOGUE' : 'PUBLIC_TENDER',
        procurementReference: `CQGP-${date.slice(0, 4)}-${String(Math.floor(chance(`${system.id}/ref`) * 9000) + 1000)}`,
        at: moment,
        actor: officer,
      };
    }
    if (stage === 'PLAN_APPROVED') {
      const planStart = addDays(date, 5);
      const dueDate = dueDateOn(date);
      story.plan = {
        systemId: system.id,
        destinationDataCenterId: destination,
        writtenWithVendorId: provider.id,
        plannedStart: planStart,
        plannedCutover: centralisedOn && centralisedOn < dueDate ? (centralisedOn > planStart ? centralisedOn : planStart) : dueDate,
        contingencyPlan: 'Run the old system in parallel until two weeks after cut-over; roll back by DNS switch within one hour.',
        at: moment,
        actor: OFFICE,
      };
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
 * Sample budget lines of 2015 and 2016; a few break §6.2 and are flagged by the compliance report. The
 * 2015 lines were recorded on 1 March 2015, before the notice: the tourism bureau's database licences are
 * base software budgeted while that was still allowed, so they are not counted as non-compliant.
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
