/**
 * The notice's rules about units, their systems and their schedule: each stated once, here. Commands
 * (commands.ts) enforce them in a transaction; reports and loaders (data/) use the SQL twins below.
 * Facts other subgraphs own (a data centre's kind, the Government Cloud Platform's opening day, where the
 * park placed a system, a provider's catalogue) are asked of them (data/peers.ts) and passed to the rules
 * here, which stay pure; when a peer cannot be asked the change is refused (SUBGRAPH_UNAVAILABLE), never
 * accepted unchecked.
 *
 * | clause | rule | function | error code |
 * | --- | --- | --- | --- |
 * | §1 | a classified system is exempt, never migrated, never overdue | `isExempt`, `overdueSql` | CLASSIFIED_SYSTEM_EXEMPT |
 * | §1 | central agencies and central SOEs, and every unit below one of them, are encouraged, not obliged: scheduled with batch 3, no due date, never overdue | `VOLUNTARY_KINDS`, `derivedVoluntary`, `derivedBatch`, `dueDateSql` | NO_DUE_DATE |
 * | §2.2 | two milestones: centralised, then integrated | `STEPS.markCentralised`, `STEPS.markIntegrated`, `CENTRALISED_STAGES` | STEP_OUT_OF_ORDER |
 * | §2.2, §3.3 | a system is centralised only once the park has placed it in the data centre its approved plan names | `placedAsPlanned`, `commands.markCentralised` (asks park) | PLACEMENT_NOT_AS_PLANNED |
 * | §3 | four steps in order, none skipped, each recorded | `STEPS`, `stepAllowed` | STEP_OUT_OF_ORDER |
 * | §3 | a system is in migration from its provider's selection until it is centralised; a unit is migrating once one of its systems is | `MIGRATION_STAGES`, `STARTED_STAGES` | — |
 * | §3.1 | no provider for a system assessed NOT_READY or with a CRITICAL blocker (a change of provider too) | `selectionBlocker` | SYSTEM_NOT_READY, CRITICAL_BLOCKER |
 * | §1, §2 | every non-classified system is to be centralised: RETAIN is no strategy the notice allows | `strategyRefusal`, `commands.assessSystem` | STRATEGY_NOT_ALLOWED |
 * | §3.1 | a system whose latest assessment says RETIRE may be retired before it is centralised: an end state, never overdue, no due date | `CHANGES.retire`, `ENDED_STAGES`, `endedSql`, `overdueSql`, `corrections.retireSystem` | RETIREMENT_NOT_ASSESSED, STEP_OUT_OF_ORDER |
 * | §3.2, §3.3 | a change of provider takes the system back to VENDOR_SELECTED: the plan written with the old provider no longer stands; a plan stands from PLAN_APPROVED on | `CHANGES.changeProvider`, `PLANNED_STAGES`, `corrections.changeProvider` | STEP_OUT_OF_ORDER, BAD_USER_INPUT |
 * | §3.3 | re-planning while PLAN_APPROVED or MIGRATING passes the checks of a first plan; the latest plan counts | `CHANGES.replan`, `corrections.replanMigration` | as approveMigrationPlan, STEP_OUT_OF_ORDER |
 * | §1 | a classification changes only by a request of the unit's officer approved by the joint-conference office, never by the one who asked; a system that becomes classified is exempt from then on, one that becomes non-classified enters the workflow, due as its unit's batch | `classificationAtSql`, `corrections.requestReclassification`, `corrections.decideReclassification` | RECLASSIFICATION_UNCHANGED, RECLASSIFICATION_ALREADY_PENDING, RECLASSIFICATION_ALREADY_DECIDED, RECLASSIFICATION_SELF_DECISION |
 * | §2.2 | a centralised system runs in the park: as cloud services where its assessment chose a cloud model, its own equipment in a park data centre where it chose hosting; integrated, as cloud services | `hostingWhenCentralised`, `commands.markCentralised`, `commands.markIntegrated` | — |
 * | §3.2 | the provider selected and each service bought exist in the vendors subgraph, and the provider sells each service | `serviceNotSold`, `commands.selectVendor` (asks vendors) | UNKNOWN_REFERENCE |
 * | §3.3 | the plan is written with the selected provider | `commands.approveMigrationPlan` | PLAN_NOT_WRITTEN_WITH_VENDOR |
 * | §3.3 | the plan's destination is a data centre of the park | `commands.approveMigrationPlan` (asks park) | UNKNOWN_REFERENCE |
 * | §4 | units with administrative-approval functions go to a government data centre, by the kind the park gives it | `destinationAllowed`, `GOVERNMENT_DATA_CENTER_KINDS` | DESTINATION_NOT_ALLOWED |
 * | §4 | a government department's plan cutting over before the Government Cloud Platform opens names the transitional government data centre, one cutting over on or after its opening day the platform (the opening day as the park gives it) | `governmentDestination`, `GOVERNMENT_DEPARTMENT_KINDS`, `commands.approveMigrationPlan` (asks park) | DESTINATION_NOT_ALLOWED |
 * | §5 | a unit's batch | `derivedBatch` | — |
 * | §5 | a unit with a system hosted by a third party (THIRD_PARTY_HOSTED) is already hosted: it finishes in batch 1; the flag is not cleared while such a system remains | `alreadyHosted`, `commands.createSystem`, `corrections.correctSystemHosting`, `corrections.correctUnit` | SYSTEMS_ALREADY_HOSTED |
 * | §4, §5, §6.2 | a correction of a unit's flags or parent re-derives its batch, coordinating unit and voluntariness (and those of the units below it) and is refused when an approved plan would break §4 or §5 under it, or the parent chain would close a cycle | `corrections.correctUnit` | DESTINATION_NOT_ALLOWED, PLAN_OUTSIDE_WINDOW, PARENT_CYCLE |
 * | §5 | a batch is a deadline: a plan may start any day from the notice's (2015-07-14) and cuts over by the unit's due date (batch end or approved extension; none for a voluntary unit) | `planOutsideWindow`, `NOTICE_DATE`, `dueDateSql` | PLAN_OUTSIDE_WINDOW |
 * | §5, §6.4 | overdue once the due day (batch end or approved extension) has ended in Asia/Shanghai | `dueDateSql`, `overdueSql` | — |
 * | §6.2 | exactly one coordinating unit, derived where the notice fixes it: a department or district itself; a unit under a parent its parent's coordinator (an SOE group under a department: the department); an SOE group under no parent the SASAC | `derivedCoordinator`, `SELF_COORDINATING_KINDS` | COORDINATOR_MISMATCH, COORDINATOR_REQUIRED, COORDINATOR_INVALID |
 * | §6.2 | from the notice's date (14 July 2015, Asia/Shanghai), budgets hold no hardware or base software; a line recorded before it is not counted | `nonComplianceReason`, `nonCompliantSql`, `NOTICE_IN_FORCE` | — (kept, flagged) |
 * | §6.4 | an extension asks for a later date; one pending at a time; decided once, never by its requester | `extensionStatus`, `extensionStatusSql`, `commands.requestExtension`, `commands.decideExtension` | EXTENSION_NOT_AFTER_WINDOW, EXTENSION_ALREADY_PENDING, EXTENSION_ALREADY_DECIDED, EXTENSION_SELF_DECISION |
 * | §6.4 | a pending request may be withdrawn, with a reason; a withdrawn one is never decided, and a new one may follow | `extensionStatus`, `corrections.withdrawExtensionRequest` | EXTENSION_WITHDRAWN, EXTENSION_ALREADY_DECIDED |
 * | §6.5 | a plan carries a contingency plan | `commands.approveMigrationPlan` | CONTINGENCY_PLAN_REQUIRED |
 * | — | dependencies never form a cycle; a dependency in a later batch is a warning | `scheduleWarning`, `commands.addDependency` | DEPENDENCY_CYCLE |
 */
import { type SQL, sql } from 'drizzle-orm';
import type { AssessmentRow, BudgetLineRow, ExtensionDecisionRow, ExtensionWithdrawalRow, SystemRow, UnitRow } from '../data/schema.ts';

type UnitKind = UnitRow['kind'];
type Stage = SystemRow['stage'];

/** The municipal SASAC coordinates the municipal SOE groups under no department, and their subsidiaries (§6.2). */
export const SASAC_ID = 'sasac';

/** Kinds that coordinate their own migration and that of the units below them (§6.2). */
export const SELF_COORDINATING_KINDS: readonly UnitKind[] = ['MUNICIPAL_DEPARTMENT', 'DISTRICT', 'COUNTY', 'AUTONOMOUS_COUNTY'];

/**
 * The coordinating unit §6.2 fixes, or null where the notice leaves it open (central agencies and SOEs,
 * which the programme only encourages, and other units without a parent): a department or district
 * coordinates itself; a unit with a parent answers to its parent's coordinator, so a municipal SOE group
 * under a department answers to that department ("each municipal department: itself and its subordinate
 * SOEs and institutions"), a subsidiary of a municipal group reaches the SASAC, one of a district's
 * enterprise the district; a municipal SOE group under no parent answers to the SASAC.
 */
export function derivedCoordinator(
  unit: Pick<UnitRow, 'id' | 'kind' | 'parentId'>,
  parent: Pick<UnitRow, 'coordinatingUnitId'> | null,
): string | null {
  if (SELF_COORDINATING_KINDS.includes(unit.kind)) return unit.id;
  if (parent) return parent.coordinatingUnitId;
  if (unit.kind === 'MUNICIPAL_SOE_GROUP') return SASAC_ID;
  return null;
}

/**
 * §1: central agencies and central SOEs in Chongqing are encouraged, not obliged, to migrate, and so is
 * every unit below one of them (a central SOE's subsidiary, say): the parent chain decides, whatever the
 * unit's own kind.
 */
export const VOLUNTARY_KINDS: readonly UnitKind[] = ['CENTRAL_AGENCY', 'CENTRAL_SOE'];

/** §1: whether a unit is only encouraged to migrate: a central kind, or under a unit that is. */
export const derivedVoluntary = (unit: Pick<UnitRow, 'kind'>, parent: Pick<UnitRow, 'voluntary'> | null): boolean =>
  VOLUNTARY_KINDS.includes(unit.kind) || Boolean(parent?.voluntary);

/**
 * The batch §5 puts a unit in: units only encouraged to migrate (§1) are scheduled with batch 3 but have
 * no due date; pilots and units whose systems are already hosted finish in batch 1; municipal departments
 * and municipal SOE groups under no parent in batch 2; everyone else (district and county units, units
 * under departments, SOE subsidiaries) in batch 3.
 */
export function derivedBatch(unit: Pick<UnitRow, 'kind' | 'isPilot' | 'systemsAlreadyHosted' | 'parentId' | 'voluntary'>): 1 | 2 | 3 {
  if (unit.voluntary) return 3;
  if (unit.isPilot || unit.systemsAlreadyHosted) return 1;
  if ((unit.kind === 'MUNICIPAL_DEPARTMENT' || unit.kind === 'MUNICIPAL_SOE_GROUP') && !unit.parentId) return 2;
  return 3;
}

/** §1: classified systems are exempt. */
export const isExempt = (system: Pick<SystemRow, 'classification'>) => system.classification === 'CLASSIFIED';

/** The stage a step mutation moves a system to, and the stages it may start from (§3, §2.2). */
export const STEPS = {
  assess: { from: ['INVENTORIED', 'ASSESSED'], to: 'ASSESSED', name: 'an assessment (step 1)' },
  selectVendor: { from: ['ASSESSED'], to: 'VENDOR_SELECTED', name: 'a provider selection (step 2)' },
  approvePlan: { from: ['VENDOR_SELECTED'], to: 'PLAN_APPROVED', name: 'a migration plan (step 3)' },
  startMigration: { from: ['PLAN_APPROVED'], to: 'MIGRATING', name: 'the start of the migration (step 4)' },
  markCentralised: { from: ['MIGRATING'], to: 'CENTRALISED', name: 'centralisation (first milestone)' },
  markIntegrated: { from: ['CENTRALISED'], to: 'INTEGRATED', name: 'integration (second milestone)' },
} as const satisfies Record<string, { from: readonly Stage[]; to: Stage; name: string }>;

export type StepName = keyof typeof STEPS;

/** §3: a step may only start from the stages before it. */
export const stepAllowed = (step: StepName, stage: Stage) => (STEPS[step].from as readonly Stage[]).includes(stage);

/** Stages at which a system counts as centralised in the park (§2.2's first milestone or beyond). */
export const CENTRALISED_STAGES: readonly Stage[] = ['CENTRALISED', 'INTEGRATED'];

/** A system is in migration from its provider's selection until it is centralised (the one meaning of "migrating"). */
export const MIGRATION_STAGES: readonly Stage[] = ['VENDOR_SELECTED', 'PLAN_APPROVED', 'MIGRATING'];

/** Stages of a system whose migration has started: in migration or centralised. A unit with one is migrating. */
export const STARTED_STAGES: readonly Stage[] = [...MIGRATION_STAGES, ...CENTRALISED_STAGES];

/**
 * Stages at which a system is no longer due: centralised (§2.2's first milestone or beyond), or retired, an
 * end state (switched off as its assessment said): never overdue. A retired system has no due date either.
 */
export const ENDED_STAGES: readonly Stage[] = [...CENTRALISED_STAGES, 'RETIRED'];

/** Stages at which a system's latest approved plan stands (§3.3): from its approval on, until a change of provider. */
export const PLANNED_STAGES: readonly Stage[] = ['PLAN_APPROVED', 'MIGRATING', ...CENTRALISED_STAGES];

/**
 * Changes to a system's workflow other than its steps, with the stages they may start from: a new plan
 * while the approved one is still to be carried out (§3.3), a new provider from its selection until the
 * system is centralised (§3.2; the system goes back to VENDOR_SELECTED, its old plan no longer standing),
 * and retirement before the system is centralised, when its latest assessment says RETIRE (§3.1).
 */
export const CHANGES = {
  replan: { from: ['PLAN_APPROVED', 'MIGRATING'], name: 'a new migration plan' },
  changeProvider: { from: ['VENDOR_SELECTED', 'PLAN_APPROVED', 'MIGRATING'], to: 'VENDOR_SELECTED', name: 'a change of provider' },
  retire: { from: ['ASSESSED', 'VENDOR_SELECTED', 'PLAN_APPROVED', 'MIGRATING'], to: 'RETIRED', name: 'retirement' },
} as const satisfies Record<string, { from: readonly Stage[]; to?: Stage; name: string }>;

/** Whether a change may start from a stage (CHANGES). */
export const changeAllowed = (change: keyof typeof CHANGES, stage: Stage) => (CHANGES[change].from as readonly Stage[]).includes(stage);

/**
 * §1, §2: within the programme every non-classified system moves into the park, so RETAIN ("keep where it
 * is") is no strategy the notice allows: a system that must not move is classified (its officer asks for
 * a reclassification), one that cannot move in time needs an extension (§6.4). Why a strategy is refused,
 * or null.
 */
export function strategyRefusal(strategy: AssessmentRow['strategy']): string | null {
  if (strategy !== 'RETAIN') return null;
  return '§1, §2: every non-classified system is to be centralised in the park; RETAIN is no strategy the notice allows. A system that must not move is classified (ask for a reclassification); one that cannot move in time needs an extension (§6.4).';
}

/**
 * §2.2: where a system runs once centralised. Its assessment chose the cloud service model that fits its
 * business (§3.1, §3.2): with HOSTING its own equipment runs in a park data centre under unified
 * operations (PARK_DATA_CENTER); with IaaS, PaaS or SaaS it runs on the provider's cloud services in the
 * park (CLOUD_SERVICE). The assessment is the unit's own record of what was chosen, and the basis of the
 * plan; the services a selection bought belong to the vendors subgraph, which is not asked here.
 */
export const hostingWhenCentralised = (assessment: Pick<AssessmentRow, 'recommendedServiceModel'> | null | undefined) =>
  assessment?.recommendedServiceModel === 'HOSTING' ? ('PARK_DATA_CENTER' as const) : ('CLOUD_SERVICE' as const);

/**
 * A corrected fact's value at a moment, from the one history of corrections (its corrections of that field,
 * oldest first): the value before the first correction made after the moment, or the value now when none was.
 */
export function valueAt<V extends string | null>(now: V, corrections: readonly { at: Date; before: string | null }[], at: Date): V {
  const next = corrections.find((c) => c.at > at);
  return next ? (next.before as V) : now;
}

/** §5: a system hosted by a third party means its unit's systems already use hosting: the unit finishes in batch 1. */
export const alreadyHosted = (system: Pick<SystemRow, 'hosting'>) => system.hosting === 'THIRD_PARTY_HOSTED';

/** §3.1: why no provider may be selected after this assessment, or null. */
export function selectionBlocker(
  assessment: Pick<AssessmentRow, 'readiness' | 'blockers'>,
): 'SYSTEM_NOT_READY' | 'CRITICAL_BLOCKER' | null {
  if (assessment.readiness === 'NOT_READY') return 'SYSTEM_NOT_READY';
  if (assessment.blockers.some((b) => b.severity === 'CRITICAL')) return 'CRITICAL_BLOCKER';
  return null;
}

/**
 * §4: the kinds of data centre (as the park subgraph names them) where systems of units with
 * administrative-approval functions may go: the transitional government data centre and the Government
 * Cloud Platform.
 */
export const GOVERNMENT_DATA_CENTER_KINDS: readonly string[] = ['TRANSITIONAL_GOVERNMENT_DATA_CENTER', 'GOVERNMENT_CLOUD_PLATFORM'];

/** §4: whether a unit's system may go to a data centre of this kind (a kind the rule does not know is not a government one). */
export const destinationAllowed = (unit: Pick<UnitRow, 'hasAdministrativeApproval'>, dataCenterKind: string) =>
  !unit.hasAdministrativeApproval || GOVERNMENT_DATA_CENTER_KINDS.includes(dataCenterKind);

/**
 * §4, §5: the government departments whose systems go to the government data centres: municipal
 * departments, districts, counties and autonomous counties, the government bodies the schedule names (not
 * SOEs, public institutions or central units).
 */
export const GOVERNMENT_DEPARTMENT_KINDS: readonly UnitKind[] = ['MUNICIPAL_DEPARTMENT', 'DISTRICT', 'COUNTY', 'AUTONOMOUS_COUNTY'];

/**
 * §4: the kind of data centre (as the park names it) a government department's plan must name: until the
 * Government Cloud Platform opens, government systems go to the transitional government data centre
 * first; a plan cutting over on or after the platform's opening day goes to the platform. `platform` is
 * the park's Government Cloud Platform (null when the park has none: not open), its `opensOn` null when
 * it has been open since before the programme. Null for a unit that is not a government department (it
 * is judged by `destinationAllowed` alone).
 */
export function governmentDestination(
  unit: Pick<UnitRow, 'kind'>,
  plannedCutover: string,
  platform: { opensOn: string | null } | null,
): 'TRANSITIONAL_GOVERNMENT_DATA_CENTER' | 'GOVERNMENT_CLOUD_PLATFORM' | null {
  if (!GOVERNMENT_DEPARTMENT_KINDS.includes(unit.kind)) return null;
  const platformOpen = platform !== null && (platform.opensOn === null || plannedCutover >= platform.opensOn);
  return platformOpen ? 'GOVERNMENT_CLOUD_PLATFORM' : 'TRANSITIONAL_GOVERNMENT_DATA_CENTER';
}

/**
 * §3.2: the first service of a selection that the provider does not sell, or null when it sells them all.
 * `services` are the ids asked for, each with the provider the vendors subgraph says sells it (null: no
 * such service).
 */
export function serviceNotSold<S extends { id: string; vendorId: string | null }>(vendorId: string, services: readonly S[]): S | null {
  return services.find((s) => s.vendorId !== vendorId) ?? null;
}

/**
 * §2.2, §3.3: a system counts as centralised only once the park has placed it (`placed`, null when it is
 * not placed) in the data centre its approved plan names, on `today` or before (Asia/Shanghai).
 */
export const placedAsPlanned = (plannedDataCenterId: string, placed: { dataCenterId: string; since: string } | null, today: string) =>
  placed !== null && placed.dataCenterId === plannedDataCenterId && placed.since <= today;

/** The notice's date (渝经信发〔2015〕45号, 14 July 2015): the programme, and §6.2's budget rule, apply from this day on. */
export const NOTICE_DATE = '2015-07-14';

/** The first instant the notice applies: the start of its day in Asia/Shanghai. */
export const NOTICE_IN_FORCE = new Date(`${NOTICE_DATE}T00:00:00+08:00`);

/**
 * §5: a batch is a deadline to finish by, not a slot to start in: a plan may start any day from the
 * notice's date, so a unit may move early, and must cut over by the unit's due date (its batch's last day
 * or an approved extension's date, §6.4; none for a unit only encouraged to migrate, §1). Why the plan
 * does not fit, or null when it does (dates written YYYY-MM-DD).
 */
export function planOutsideWindow(
  plan: { plannedStart: string; plannedCutover: string },
  dueDate: string | null,
): 'STARTS_BEFORE_NOTICE' | 'CUTS_OVER_LATE' | null {
  if (plan.plannedStart < NOTICE_DATE) return 'STARTS_BEFORE_NOTICE';
  if (dueDate !== null && plan.plannedCutover > dueDate) return 'CUTS_OVER_LATE';
  return null;
}

type BudgetCategory = BudgetLineRow['category'];

/** §6.2: budgets may not contain hardware or base software; everything is bought as cloud services. */
export const NON_COMPLIANT_CATEGORIES: Partial<Record<BudgetCategory, string>> = {
  SERVERS: 'servers',
  STORAGE: 'storage equipment',
  DISASTER_RECOVERY_EQUIPMENT: 'disaster-recovery equipment',
  MACHINE_ROOM_COOLING: 'large machine-room cooling',
  BASE_SOFTWARE: 'base software',
};

/**
 * §6.2: why a budget line is non-compliant, or null when it is. From the notice's date on, units stop
 * buying hardware and base software, so such a line recorded from then on is non-compliant; one recorded
 * before the notice (Asia/Shanghai) was budgeted while it was still allowed and is not counted.
 */
export function nonComplianceReason(line: Pick<BudgetLineRow, 'category' | 'recordedAt'>): string | null {
  const what = NON_COMPLIANT_CATEGORIES[line.category];
  if (!what || line.recordedAt < NOTICE_IN_FORCE) return null;
  return `§6.2: budgets may not contain ${what}; buy cloud services instead.`;
}

/**
 * §6.4: a request's status at a moment: a decision counts from the moment it was taken, a withdrawal from
 * the moment it was made (a request is decided or withdrawn, never both).
 */
export function extensionStatus(
  decision: Pick<ExtensionDecisionRow, 'approved' | 'decidedAt'> | null,
  at: Date,
  withdrawal: Pick<ExtensionWithdrawalRow, 'withdrawnAt'> | null = null,
) {
  if (withdrawal && withdrawal.withdrawnAt <= at) return 'WITHDRAWN' as const;
  if (!decision || decision.decidedAt > at) return 'PENDING' as const;
  return decision.approved ? ('APPROVED' as const) : ('REJECTED' as const);
}

/**
 * `extensionStatus` in SQL, on a request's decision row (left-joined: all null when undecided) and the
 * instant of its withdrawal (left-joined: null when not withdrawn).
 */
export const extensionStatusSql = (d: { requestId: SQL; approved: SQL; decidedAt: SQL; withdrawnAt: SQL }, at: SQL) =>
  sql`(case when ${d.withdrawnAt} is not null and ${d.withdrawnAt} <= ${at} then 'WITHDRAWN' when ${d.requestId} is null or ${d.decidedAt} > ${at} then 'PENDING' when ${d.approved} then 'APPROVED' else 'REJECTED' end)`;

/** A system scheduled before a system it depends on may move before what it needs: a warning, not a refusal. */
export function scheduleWarning(system: { id: string; batch: number }, dependsOn: { id: string; batch: number }): string | null {
  if (dependsOn.batch <= system.batch) return null;
  return `${system.id} is scheduled in batch ${system.batch} but depends on ${dependsOn.id}, scheduled in batch ${dependsOn.batch}: it may move before what it needs.`;
}

// The SQL twins: the same rules inside set-based statements, so reports cost a fixed number of statements.

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** The instant a calendar day (an SQL date) ends in Asia/Shanghai, whatever the session's time zone. */
export const endOfDaySql = (date: SQL) => sql`((${date} + 1)::text || ' 00:00:00+08')::timestamptz`;

/** A stage expression is one of the centralised stages. */
export const centralisedSql = (stage: SQL) => sql`${stage} in (${list(CENTRALISED_STAGES)})`;

/** A stage expression is one at which a system is no longer due (ENDED_STAGES: centralised or retired). */
export const endedSql = (stage: SQL) => sql`${stage} in (${list(ENDED_STAGES)})`;

/**
 * A system's classification at a moment (§1): a reclassification takes effect when approved and is kept
 * in the corrections, so before the first one after the moment the system had that one's `before`; with
 * none after it, the classification now.
 */
export const classificationAtSql = (system: { id: SQL; classification: SQL }, at: SQL) => sql`coalesce((
  select c.before::classification from corrections c
  where c.system_id = ${system.id} and c.field = 'CLASSIFICATION' and c.at > ${at}
  order by c.at, c.id limit 1), ${system.classification})`;

/**
 * The day a unit's systems are due by, at a moment: its batch's last day, or the latest new date of an
 * extension approved by then (§5, §6.4); none for units only encouraged to migrate (§1: `voluntary`, the
 * unit's stored `derivedVoluntary`).
 */
export const dueDateSql = (
  unit: { id: SQL; voluntary: SQL },
  windowEnd: SQL,
  at: SQL,
) => sql`case when ${unit.voluntary} then null else coalesce((
  select max(e.new_due_date) from extension_requests e join extension_decisions d on d.request_id = e.id
  where e.unit_id = ${unit.id} and d.approved and d.decided_at <= ${at}), ${windowEnd}) end`;

/**
 * `classificationAtSql` for every system and moment at once: each reclassification's `before` held from
 * the system's previous reclassification (or from the start) until it, so a moment in `[since, until)`
 * reads it and a moment after the last one reads the classification now. One pass, however many moments.
 */
export const CLASSIFICATION_SPANS = sql`select c.system_id, c.before::classification as classification,
  lag(c.at) over (partition by c.system_id order by c.at, c.id) as since, c.at as until
  from corrections c where c.field = 'CLASSIFICATION'`;

/**
 * `dueDateSql`'s extensions for many moments at once: per moment (`moments` selects `at`) and unit, the
 * latest new date of an extension approved by then; a unit without one keeps its batch's last day.
 */
export const extendedDueDatesSql = (moments: SQL) => sql`
  select m.at, e.unit_id, max(e.new_due_date) as due_date
  from (${moments}) m
  join extension_decisions d on d.approved and d.decided_at <= m.at
  join extension_requests e on e.id = d.request_id
  group by m.at, e.unit_id`;

/** §3.2: a system's provider is the one its latest selection names (`system_id`, `vendor_id` per system). */
export const LATEST_SELECTIONS = sql`select distinct on (system_id) system_id, vendor_id from vendor_selections order by system_id, at desc, id desc`;

/** Overdue at a moment: not exempt (§1), inventoried, neither centralised nor retired, and the due day has ended. */
export const overdueSql = (f: { classification: SQL; stage: SQL; dueDate: SQL }, at: SQL) =>
  sql`(${f.classification} <> 'CLASSIFIED' and ${f.stage} is not null and not ${endedSql(f.stage)} and ${at} >= ${endOfDaySql(f.dueDate)})`;

/** `nonComplianceReason(line) !== null` in SQL: a hardware or base-software line recorded from the notice's first instant on (§6.2). */
export const nonCompliantSql = (line: { category: SQL; recordedAt: SQL }) =>
  sql`(${line.category} in (${list(Object.keys(NON_COMPLIANT_CATEGORIES))}) and ${line.recordedAt} >= ${NOTICE_IN_FORCE.toISOString()}::timestamptz)`;
