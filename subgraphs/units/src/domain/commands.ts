/**
 * The notice's workflow as commands, one per mutation. Each runs in one transaction: it locks what it
 * checks (the system or unit row, or the dependency graph), checks the rules (rules.ts), appends to the
 * history and writes, or throws and leaves nothing behind; a duplicate id is refused by the database's
 * unique constraint and answered ALREADY_EXISTS (kit). What a request
 * records is stamped with its own moment (ctx.now), the same "now" its answer is computed at. Errors
 * carry the code of the rule they enforce (e.g. STEP_OUT_OF_ORDER) and a message that cites the notice.
 * Each asks the policy (policy.ts) whether the caller may make the change for that unit or system
 * (FORBIDDEN otherwise) before it checks any rule of the notice, so that a refusal by role or unit tells
 * nothing of the rows (only a target that does not exist is NOT_FOUND first: its unit is not known).
 * Facts another subgraph owns are asked of it (data/peers.ts) once the local rules have passed, while the
 * system's row is locked: the park for a plan's destination and for where a system is placed, vendors for
 * a selection's provider and services. A peer that cannot be asked refuses the change
 * (SUBGRAPH_UNAVAILABLE); nothing is accepted unchecked.
 */
import { onlyRow, selectRows, type Transaction } from '@cq/kit/database';
import { badInput, newId, notFound, orderedRange, requiredText, ruleError, unknownReference } from '@cq/kit/errors';
import { requireActor } from '@cq/kit/identity';
import { moneyInput } from '@cq/kit/money';
import { dateOf, parseDate } from '@cq/kit/time';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { destinationFacts, placedIn, selectionFacts } from '../data/peers.ts';
import { instantParam } from '../data/progress.ts';
import type * as schema from '../data/schema.ts';
import {
  assessments,
  budgetLines,
  extensionDecisions,
  extensionRequests,
  extensionWithdrawals,
  informationSystems,
  migrationPlans,
  type SystemRow,
  stageTransitions,
  systemDependencies,
  type UnitRow,
  units,
  vendorSelections,
} from '../data/schema.ts';
import type {
  AddBudgetLineInput,
  AddDependencyInput,
  ApproveMigrationPlanInput,
  AssessSystemInput,
  CreateSystemInput,
  CreateUnitInput,
  DecideExtensionInput,
  RequestExtensionInput,
  SelectVendorInput,
  StepInput,
} from '../generated/resolvers.ts';
import { latestAssessment, markAlreadyHosted, recordHosting } from './history.ts';
import { serialOf } from './ids.ts';
import {
  mayAddBudgetLineFor,
  mayDecideExtension,
  mayRegisterSystemOf,
  mayRegisterUnit,
  mayRequestExtensionFor,
  mayRunWorkflowOf,
} from './policy.ts';
import {
  alreadyHosted,
  derivedBatch,
  derivedCoordinator,
  derivedVoluntary,
  destinationAllowed,
  dueDateSql,
  governmentDestination,
  hostingWhenCentralised,
  isExempt,
  NOTICE_DATE,
  placedAsPlanned,
  planOutsideWindow,
  SELF_COORDINATING_KINDS,
  STEPS,
  type StepName,
  selectionBlocker,
  serviceNotSold,
  strategyRefusal,
} from './rules.ts';

export type Tx = Transaction<typeof schema>;

/** Locks a unit the input refers to; a missing one is an UNKNOWN_REFERENCE naming the field. */
export async function lockUnit(tx: Tx, id: string, field: string): Promise<UnitRow> {
  const [unit] = await tx.select().from(units).where(eq(units.id, id)).for('update');
  if (!unit) throw unknownReference('unit', id, field);
  return unit;
}

/** The unit's window start and the day its systems are due by at this request's moment (rules.ts: dueDateSql). */
async function windowOf(tx: Tx, unit: UnitRow, now: Date): Promise<{ windowStart: string; dueDate: string | null }> {
  const [row] = await selectRows<{ window_start: string; due_date: string | null }>(
    tx,
    sql`select b.window_start::text as window_start, ${dueDateSql({ id: sql`u.id`, voluntary: sql`u.voluntary` }, sql`b.window_end`, instantParam(now))}::text as due_date
        from units u join batches b on b.number = u.batch_number where u.id = ${unit.id}`,
  );
  if (!row) throw new Error(`Unit ${unit.id} has no batch.`);
  return { windowStart: row.window_start, dueDate: row.due_date };
}

/**
 * Locks the system a change is made to (its own target: NOT_FOUND when missing). For a change sent with
 * the version it read (`expectedVersion`), a system another change holds is not waited for (NOWAIT:
 * CONFLICT, errors.ts): that change raises the version, so this one would only learn CONFLICT later, and
 * meanwhile it would hold a connection while the holder may be asking the park or vendors. A change that
 * carries no version (a reclassification request or decision) waits its turn instead (`versioned` false).
 */
export async function lockSystem(tx: Tx, id: string, versioned = true): Promise<SystemRow> {
  const [system] = await tx
    .select()
    .from(informationSystems)
    .where(eq(informationSystems.id, id))
    .for('update', versioned ? { noWait: true } : {});
  if (!system) throw notFound('Information system', id);
  return system;
}

/** §1: a classified system is never migrated: no step and no change of its workflow. */
export function refuseExempt(system: SystemRow): void {
  if (isExempt(system)) {
    throw ruleError('CLASSIFIED_SYSTEM_EXEMPT', `§1: ${system.id} is classified; classified systems are exempt and never migrated.`);
  }
}

/** A change made on a stale read of the system is refused, so a concurrent change is never overwritten. */
export function refuseStale(system: SystemRow, expectedVersion: number): void {
  if (system.version !== expectedVersion) {
    throw ruleError(
      'CONFLICT',
      `${system.id} changed since it was read (version ${expectedVersion}, now ${system.version}); read it again and retry.`,
      {
        currentVersion: system.version,
      },
    );
  }
}

/**
 * A change to a system's workflow (a step of §3, or a change of CHANGES): locks the system, checks that
 * the caller runs its unit's workflow, refuses a classified system (§1), a stale version and a stage the
 * change may not start from (§3), then runs the change's own checks and writes.
 */
export async function workflowChange(
  ctx: Context,
  change: { from: readonly SystemRow['stage'][]; name: string },
  input: { systemId: string; expectedVersion: number },
  run: (tx: Tx, system: SystemRow, at: Date, actor: string) => Promise<SystemRow>,
): Promise<SystemRow> {
  const actor = requireActor(ctx);
  return ctx.db.transaction(async (tx) => {
    const system = await lockSystem(tx, input.systemId);
    mayRunWorkflowOf(ctx.viewer, system);
    refuseExempt(system);
    refuseStale(system, input.expectedVersion);
    if (!change.from.includes(system.stage)) {
      throw ruleError(
        'STEP_OUT_OF_ORDER',
        `§3: steps go in order and none may be skipped; ${system.id} is ${system.stage}, so ${change.name} cannot be recorded (it needs ${change.from.join(' or ')}).`,
        { stage: system.stage },
      );
    }
    return run(tx, system, ctx.now, actor);
  });
}

/** Appends a transition to the system's history (who, when, from, to, why) and moves its stage, raising its version. */
export async function moveStage(ctx: Context, tx: Tx, system: SystemRow, to: SystemRow['stage'], actor: string, note: string | null) {
  await tx.insert(stageTransitions).values({ systemId: system.id, fromStage: system.stage, toStage: to, at: ctx.now, actor, note });
  return onlyRow(
    await tx
      .update(informationSystems)
      .set({ stage: to, version: system.version + 1 })
      .where(eq(informationSystems.id, system.id))
      .returning(),
  );
}

/** Raises a system's version after a change that keeps its stage. */
export async function touch(tx: Tx, system: SystemRow, changes: Partial<Pick<SystemRow, 'hosting' | 'classification'>> = {}) {
  return onlyRow(
    await tx
      .update(informationSystems)
      .set({ ...changes, version: system.version + 1 })
      .where(eq(informationSystems.id, system.id))
      .returning(),
  );
}

/**
 * Moves a system one step: locks it, refuses a classified system (§1), a stale version and a step out
 * of order (§3), runs the step's own checks, then appends the transition and raises the version.
 */
async function step(
  ctx: Context,
  name: StepName,
  input: { systemId: string; expectedVersion: number; note?: string | null },
  record?: (tx: Tx, system: SystemRow, at: Date, actor: string) => Promise<void>,
): Promise<SystemRow> {
  return workflowChange(ctx, STEPS[name], input, async (tx, system, at, actor) => {
    await record?.(tx, system, at, actor);
    return moveStage(ctx, tx, system, STEPS[name].to, actor, input.note ?? null);
  });
}

export const assessSystem = (ctx: Context, input: AssessSystemInput) =>
  step(ctx, 'assess', input, async (tx, system, at, actor) => {
    const refusal = strategyRefusal(input.strategy);
    if (refusal) throw ruleError('STRATEGY_NOT_ALLOWED', refusal, { strategy: input.strategy });
    const blockers = (input.blockers ?? []).map((b) => ({
      description: requiredText(b.description, 'blockers.description'),
      severity: b.severity,
    }));
    await tx.insert(assessments).values({
      systemId: system.id,
      readiness: input.readiness,
      strategy: input.strategy,
      recommendedServiceModel: input.recommendedServiceModel,
      blockers,
      at,
      actor,
    });
  });

/**
 * §3.1, §3.2: the checks of a provider's selection, for a first one (selectVendor) and a change of provider
 * (changeProvider): the latest assessment must allow one, and the vendors subgraph must know the provider
 * and that it sells each service. The row to record, or a refusal.
 */
export async function checkedSelection(
  ctx: Context,
  tx: Tx,
  system: SystemRow,
  input: Pick<SelectVendorInput, 'vendorId' | 'cloudServiceIds' | 'procurementMethod' | 'procurementReference'>,
  at: Date,
  actor: string,
): Promise<typeof vendorSelections.$inferInsert> {
  const vendorId = requiredText(input.vendorId, 'vendorId');
  const reference = requiredText(input.procurementReference, 'procurementReference');
  if (!input.cloudServiceIds.length) throw badInput('cloudServiceIds must name at least one catalogue service.', 'cloudServiceIds');
  const [assessment] = await tx
    .select()
    .from(assessments)
    .where(eq(assessments.systemId, system.id))
    .orderBy(desc(assessments.at), desc(assessments.id))
    .limit(1);
  // The stage is ASSESSED, so an assessment exists.
  const blocker = assessment && selectionBlocker(assessment);
  if (blocker === 'SYSTEM_NOT_READY') {
    throw ruleError(
      blocker,
      `§3.1: the assessment of ${system.id} says NOT_READY; a new assessment must find it ready before a provider is selected.`,
    );
  }
  if (blocker === 'CRITICAL_BLOCKER') {
    throw ruleError(blocker, `§3.1: the assessment of ${system.id} lists a CRITICAL blocker; reassess once it is resolved.`);
  }
  // §3.2: the provider and what it sells are the vendors subgraph's to say, asked once for all services.
  const cloudServiceIds = [...new Set(input.cloudServiceIds)];
  const facts = await selectionFacts(ctx.askPeer, vendorId, cloudServiceIds);
  if (!facts.vendorExists) throw unknownReference('cloud service provider', vendorId, 'vendorId');
  const unsold = serviceNotSold(vendorId, facts.services);
  if (unsold) {
    throw ruleError(
      'UNKNOWN_REFERENCE',
      unsold.vendorId
        ? `§3.2: ${vendorId} does not sell ${unsold.id} (it is ${unsold.vendorId}'s); select services of the selected provider's catalogue.`
        : `There is no cloud service ${unsold.id}.`,
      { field: 'cloudServiceIds', id: unsold.id },
    );
  }
  return {
    systemId: system.id,
    vendorId,
    cloudServiceIds,
    procurementMethod: input.procurementMethod,
    procurementReference: reference,
    at,
    actor,
  };
}

export const selectVendor = (ctx: Context, input: SelectVendorInput) =>
  step(ctx, 'selectVendor', input, async (tx, system, at, actor) => {
    await tx.insert(vendorSelections).values(await checkedSelection(ctx, tx, system, input, at, actor));
  });

/**
 * §3.3, §4, §5, §6.5: the checks of an approved plan, for a first one (approveMigrationPlan) and a new one
 * (replanMigration): a contingency plan, dates in order, written with the selected provider, a destination
 * the park knows and §4 allows, a cut-over by the unit's due date. The row to record, or a refusal.
 */
export async function checkedPlan(
  ctx: Context,
  tx: Tx,
  system: SystemRow,
  input: Omit<ApproveMigrationPlanInput, 'systemId' | 'expectedVersion' | 'note'>,
  at: Date,
  actor: string,
): Promise<typeof migrationPlans.$inferInsert> {
  const contingencyPlan = input.contingencyPlan?.trim();
  if (!contingencyPlan) {
    throw ruleError('CONTINGENCY_PLAN_REQUIRED', '§6.5: a migration plan needs a contingency plan for the move (迁移部署应急预案).');
  }
  const destinationId = requiredText(input.destinationDataCenterId, 'destinationDataCenterId');
  parseDate(input.plannedStart, 'plannedStart');
  parseDate(input.plannedCutover, 'plannedCutover');
  orderedRange(input.plannedStart, input.plannedCutover, 'A migration plan', 'plannedCutover');
  const [selection] = await tx
    .select()
    .from(vendorSelections)
    .where(eq(vendorSelections.systemId, system.id))
    .orderBy(desc(vendorSelections.at), desc(vendorSelections.id))
    .limit(1);
  // Past ASSESSED (a first plan or a new one), a selection exists.
  if (selection?.vendorId !== input.writtenWithVendorId) {
    throw ruleError(
      'PLAN_NOT_WRITTEN_WITH_VENDOR',
      `§3.3: the plan is written jointly with the selected provider (${selection?.vendorId}), not ${input.writtenWithVendorId}.`,
    );
  }
  const [unit] = await tx.select().from(units).where(eq(units.id, system.unitId));
  if (!unit) throw new Error(`System ${system.id} has no unit.`);
  // The destination is the park's: it must exist there, and its kind decides §4, with the Government
  // Cloud Platform's opening day for a government department (one question to the park).
  const { dataCenter: destination, platform } = await destinationFacts(ctx.askPeer, destinationId);
  if (!destination) throw unknownReference('park data centre', destinationId, 'destinationDataCenterId');
  if (!destinationAllowed(unit, destination.kind)) {
    throw ruleError(
      'DESTINATION_NOT_ALLOWED',
      `§4: ${unit.id} has administrative-approval functions; its systems may only go to the transitional government data centre or the Government Cloud Platform, not ${destination.id} (a ${destination.kind}).`,
      { kind: destination.kind },
    );
  }
  const required = governmentDestination(unit, input.plannedCutover, platform);
  if (required && destination.kind !== required) {
    const opening = platform ? (platform.opensOn ? `opens on ${platform.opensOn}` : 'is open') : 'has no opening day in the park';
    throw ruleError(
      'DESTINATION_NOT_ALLOWED',
      required === 'TRANSITIONAL_GOVERNMENT_DATA_CENTER'
        ? `§4: ${unit.id} is a government department and the Government Cloud Platform ${opening}; until it opens, government systems go to the transitional government data centre first, so a plan cutting over on ${input.plannedCutover} names it, not ${destination.id} (a ${destination.kind}).`
        : `§4: ${unit.id} is a government department and the Government Cloud Platform ${opening}; a plan cutting over on ${input.plannedCutover} names the platform, not ${destination.id} (a ${destination.kind}).`,
      { kind: destination.kind, requiredKind: required, platformOpensOn: platform?.opensOn ?? null },
    );
  }
  // §5: the batch is a deadline: an early start is welcome from the notice's date on; the cut-over must
  // come by the due date (none for a unit only encouraged to migrate, §1).
  const { windowStart, dueDate } = await windowOf(tx, unit, ctx.now);
  const outside = planOutsideWindow(input, dueDate);
  if (outside === 'STARTS_BEFORE_NOTICE') {
    throw ruleError(
      'PLAN_OUTSIDE_WINDOW',
      `§5: a plan of ${unit.id} may start before batch ${unit.batchNumber} opens (${windowStart}), from the notice's date (${NOTICE_DATE}) on; ${input.plannedStart} is before the notice.`,
      { windowStart, dueDate, earliestStart: NOTICE_DATE },
    );
  }
  if (outside === 'CUTS_OVER_LATE') {
    throw ruleError(
      'PLAN_OUTSIDE_WINDOW',
      `§5: batch ${unit.batchNumber} runs from ${windowStart} to ${dueDate} for ${unit.id} (an approved extension included); a plan may start before the window opens, but must cut over by its end, not on ${input.plannedCutover}.`,
      { windowStart, dueDate, earliestStart: NOTICE_DATE },
    );
  }
  return {
    systemId: system.id,
    destinationDataCenterId: destination.id,
    writtenWithVendorId: input.writtenWithVendorId,
    plannedStart: input.plannedStart,
    plannedCutover: input.plannedCutover,
    contingencyPlan,
    at,
    actor,
  };
}

export const approveMigrationPlan = (ctx: Context, input: ApproveMigrationPlanInput) =>
  step(ctx, 'approvePlan', input, async (tx, system, at, actor) => {
    await tx.insert(migrationPlans).values(await checkedPlan(ctx, tx, system, input, at, actor));
  });

export const startMigration = (ctx: Context, input: StepInput) => step(ctx, 'startMigration', input);
/**
 * §2.2's first milestone: the system is centralised once the park has placed it in the data centre its
 * approved plan names (the park's placement is the proof; the officer's word alone is not).
 */
export const markCentralised = (ctx: Context, input: StepInput) =>
  step(ctx, 'markCentralised', input, async (tx, system, _at, actor) => {
    const [plan] = await tx
      .select({ destinationDataCenterId: migrationPlans.destinationDataCenterId })
      .from(migrationPlans)
      .where(eq(migrationPlans.systemId, system.id))
      .orderBy(desc(migrationPlans.at), desc(migrationPlans.id))
      .limit(1);
    // The stage is MIGRATING, so an approved plan exists.
    if (!plan) throw new Error(`System ${system.id} is migrating without an approved plan.`);
    const planned = plan.destinationDataCenterId;
    const placed = await placedIn(ctx.askPeer, system.id);
    const today = dateOf(ctx.now);
    if (!placedAsPlanned(planned, placed, today)) {
      throw ruleError(
        'PLACEMENT_NOT_AS_PLANNED',
        !placed
          ? `§2.2, §3.3: the park has not placed ${system.id} yet; it is centralised once placed in ${planned}, as its approved plan names.`
          : placed.dataCenterId !== planned
            ? `§2.2, §3.3: ${system.id} is placed in ${placed.dataCenterId}, but its approved plan names ${planned}; it is centralised only once the park has placed it there.`
            : `§2.2: ${system.id} is placed in ${planned} from ${placed.since} on; it is centralised once it is there, not on ${today}.`,
        { plannedDataCenterId: planned, placedDataCenterId: placed?.dataCenterId ?? null, placedSince: placed?.since ?? null },
      );
    }
    // §2.2: it runs in the park from now on, as its assessment chose (rules.ts: hostingWhenCentralised).
    const hosting = hostingWhenCentralised(await latestAssessment(tx, system.id));
    await recordHosting(ctx, tx, system, hosting, actor, {
      reason: `§2.2: centralised in ${planned}; it runs there ${hosting === 'CLOUD_SERVICE' ? "on the provider's cloud services" : 'on its own equipment under unified operations'}, as its assessment chose.`,
      derived: true,
    });
  });
/** §2.2's second milestone: the system runs as cloud services. */
export const markIntegrated = (ctx: Context, input: StepInput) =>
  step(ctx, 'markIntegrated', input, async (tx, system, _at, actor) => {
    await recordHosting(ctx, tx, system, 'CLOUD_SERVICE', actor, {
      reason: '§2.2: integrated; it runs as cloud services.',
      derived: true,
    });
  });

export async function createUnit(ctx: Context, input: CreateUnitInput): Promise<UnitRow> {
  mayRegisterUnit(ctx.viewer);
  requireActor(ctx);
  newId(input.id);
  const nameEn = requiredText(input.name, 'name');
  const nameZh = requiredText(input.officialName, 'officialName');
  if ((input.kind === 'SOE_SUBSIDIARY') !== Boolean(input.ownershipStake)) {
    throw badInput('ownershipStake is required for an SOE_SUBSIDIARY and only for one.', 'ownershipStake');
  }
  if (input.kind === 'SOE_SUBSIDIARY' && !input.parentId)
    throw badInput('An SOE_SUBSIDIARY needs its parent enterprise (parentId).', 'parentId');
  if (input.hasAdministrativeApproval && input.kind !== 'PUBLIC_INSTITUTION') {
    throw badInput('§4: only public institutions (事业单位) can have administrative-approval functions.', 'hasAdministrativeApproval');
  }
  return ctx.db.transaction(async (tx) => {
    const parent = input.parentId ? await lockUnit(tx, input.parentId, 'parentId') : null;
    const draft = {
      id: input.id,
      kind: input.kind,
      parentId: parent?.id ?? null,
      isPilot: false,
      systemsAlreadyHosted: input.systemsAlreadyHosted ?? false,
      // §1: a central agency or SOE, or a unit below one of them, is only encouraged to migrate.
      voluntary: derivedVoluntary(input, parent),
    };
    const derived = derivedCoordinator(draft, parent);
    let coordinatingUnitId: string;
    if (derived && input.coordinatingUnitId && input.coordinatingUnitId !== derived) {
      throw ruleError(
        'COORDINATOR_MISMATCH',
        `§6.2 makes ${derived} the coordinating unit of such a unit, not ${input.coordinatingUnitId}.`,
        { derived },
      );
    }
    if (derived) coordinatingUnitId = derived;
    else {
      if (!input.coordinatingUnitId) {
        throw ruleError(
          'COORDINATOR_REQUIRED',
          '§6.2 fixes no coordinating unit for this unit; name one (a municipal department or a district or county government).',
        );
      }
      const coordinator = await lockUnit(tx, input.coordinatingUnitId, 'coordinatingUnitId');
      if (!SELF_COORDINATING_KINDS.includes(coordinator.kind)) {
        throw ruleError(
          'COORDINATOR_INVALID',
          `§6.2: coordinating units are municipal departments and district or county governments; ${coordinator.id} is a ${coordinator.kind}.`,
        );
      }
      coordinatingUnitId = coordinator.id;
    }
    const unit = await tx
      .insert(units)
      .values({
        ...draft,
        nameEn,
        nameZh,
        noticeNameZh: null,
        ownershipStake: input.ownershipStake ?? null,
        coordinatingUnitId,
        hasAdministrativeApproval: input.hasAdministrativeApproval ?? false,
        batchNumber: derivedBatch(draft),
        isSample: false,
      })
      .returning();
    return onlyRow(unit);
  });
}

export async function createSystem(ctx: Context, input: CreateSystemInput): Promise<SystemRow> {
  mayRegisterSystemOf(ctx.viewer, input.unitId);
  const actor = requireActor(ctx);
  newId(input.id);
  const nameEn = requiredText(input.name, 'name');
  const nameZh = requiredText(input.officialName, 'officialName');
  return ctx.db.transaction(async (tx) => {
    const unit = await lockUnit(tx, input.unitId, 'unitId');
    const system = onlyRow(
      await tx
        .insert(informationSystems)
        .values({
          id: input.id,
          unitId: input.unitId,
          nameEn,
          nameZh,
          classification: input.classification,
          businessType: input.businessType,
          hosting: input.hosting,
          isSample: false,
        })
        .returning(),
    );
    await tx
      .insert(stageTransitions)
      .values({ systemId: system.id, fromStage: null, toStage: 'INVENTORIED', at: ctx.now, actor, note: 'Inventoried' });
    // §5: a system hosted by a third party means its unit's systems already use hosting: batch 1.
    if (alreadyHosted(system)) await markAlreadyHosted(ctx, tx, unit, system.id, actor);
    return system;
  });
}

/** The advisory lock that serialises changes to system dependencies (any fixed number will do). */
const DEPENDENCY_GRAPH_LOCK = 4_201_507;

export async function addDependency(ctx: Context, input: AddDependencyInput): Promise<SystemRow> {
  requireActor(ctx);
  return ctx.db.transaction(async (tx) => {
    // One change to the dependency graph at a time: two concurrent edges could otherwise close a cycle
    // that neither transaction sees.
    await tx.execute(sql`select pg_advisory_xact_lock(${DEPENDENCY_GRAPH_LOCK})`);
    const [system] = await tx.select().from(informationSystems).where(eq(informationSystems.id, input.systemId));
    if (!system) throw notFound('Information system', input.systemId);
    // The system that depends is the officer's own; the one it depends on may be any unit's.
    mayRunWorkflowOf(ctx.viewer, system);
    if (input.systemId === input.dependsOnId) throw ruleError('DEPENDENCY_CYCLE', 'A system cannot depend on itself.');
    const [other] = await tx
      .select({ id: informationSystems.id })
      .from(informationSystems)
      .where(eq(informationSystems.id, input.dependsOnId));
    if (!other) throw unknownReference('information system', input.dependsOnId, 'dependsOnId');
    // A cycle would make the order of the move impossible: refuse when the other already depends on this one.
    const hits = await selectRows<{ hit: number }>(
      tx,
      sql`
      with recursive r(id) as (
        select depends_on_id from system_dependencies where system_id = ${input.dependsOnId}
        union select d.depends_on_id from system_dependencies d join r on d.system_id = r.id)
      select 1 as hit from r where id = ${input.systemId} limit 1`,
    );
    if (hits.length)
      throw ruleError('DEPENDENCY_CYCLE', `${input.dependsOnId} already depends on ${input.systemId}, directly or through others.`);
    await tx.insert(systemDependencies).values({ systemId: input.systemId, dependsOnId: input.dependsOnId }).onConflictDoNothing();
    return system;
  });
}

export async function requestExtension(ctx: Context, input: RequestExtensionInput) {
  mayRequestExtensionFor(ctx.viewer, input.unitId);
  const actor = requireActor(ctx);
  const reason = requiredText(input.reason, 'reason');
  parseDate(input.newDueDate, 'newDueDate');
  return ctx.db.transaction(async (tx) => {
    const unit = await lockUnit(tx, input.unitId, 'unitId');
    const { dueDate } = await windowOf(tx, unit, ctx.now);
    if (!dueDate) throw ruleError('NO_DUE_DATE', `§1: ${unit.id} is only encouraged to migrate; it has no due date to extend.`);
    if (input.newDueDate <= dueDate) {
      throw ruleError(
        'EXTENSION_NOT_AFTER_WINDOW',
        `§6.4: an extension asks for more time; ${unit.id}'s systems are already due by ${dueDate}.`,
      );
    }
    const pending = await tx
      .select({ id: extensionRequests.id })
      .from(extensionRequests)
      .leftJoin(extensionDecisions, eq(extensionDecisions.requestId, extensionRequests.id))
      .leftJoin(extensionWithdrawals, eq(extensionWithdrawals.requestId, extensionRequests.id))
      .where(
        and(
          eq(extensionRequests.unitId, unit.id),
          sql`${extensionDecisions.requestId} is null`,
          // A withdrawn request waits for nothing: the unit may ask again.
          sql`${extensionWithdrawals.requestId} is null`,
        ),
      );
    const [waiting] = pending;
    if (waiting) {
      throw ruleError('EXTENSION_ALREADY_PENDING', `§6.4: ${unit.id} already has request ${waiting.id} waiting for the joint conference.`);
    }
    const request = await tx
      .insert(extensionRequests)
      .values({ unitId: unit.id, reason, newDueDate: input.newDueDate, requestedAt: ctx.now, requestedBy: actor })
      .returning();
    return onlyRow(request);
  });
}

/** Requests the joint-conference office decides: an extension (§6.4), a reclassification (§1). */
export const DECIDED_REQUESTS = {
  extension: { clause: '§6.4', what: 'extension', self: 'EXTENSION_SELF_DECISION', again: 'EXTENSION_ALREADY_DECIDED' },
  reclassification: {
    clause: '§1',
    what: 'reclassification',
    self: 'RECLASSIFICATION_SELF_DECISION',
    again: 'RECLASSIFICATION_ALREADY_DECIDED',
  },
} as const;

type DecidedRequest = (typeof DECIDED_REQUESTS)[keyof typeof DECIDED_REQUESTS];

/** One person may hold two roles: nobody decides a request they asked for. */
export function refuseSelfDecision(kind: DecidedRequest, request: { requestedBy: string }, id: number, actor: string): void {
  if (request.requestedBy !== actor) return;
  throw ruleError(
    kind.self,
    `${kind.clause}: the joint-conference office decides ${kind.what} requests; ${actor} asked for request ${id} and cannot decide it.`,
  );
}

/** Decisions are final: a request is decided once. */
export function refuseDecidedAgain(kind: DecidedRequest, decided: { approved: boolean; decidedAt: Date } | undefined, id: number): void {
  if (!decided) return;
  throw ruleError(
    kind.again,
    `${kind.clause}: request ${id} was already ${decided.approved ? 'approved' : 'rejected'} on ${dateOf(decided.decidedAt)}; decisions are final.`,
  );
}

export async function decideExtension(ctx: Context, input: DecideExtensionInput) {
  mayDecideExtension(ctx.viewer);
  const actor = requireActor(ctx);
  const id = serialOf(input.requestId);
  if (id === undefined) throw notFound('Extension request', input.requestId);
  return ctx.db.transaction(async (tx) => {
    const [request] = await tx.select().from(extensionRequests).where(eq(extensionRequests.id, id)).for('update');
    if (!request) throw notFound('Extension request', input.requestId);
    // Only the office decides (policy.ts); and one person may hold two roles: nobody decides their own request.
    refuseSelfDecision(DECIDED_REQUESTS.extension, request, id, actor);
    const [withdrawn] = await tx.select().from(extensionWithdrawals).where(eq(extensionWithdrawals.requestId, id));
    if (withdrawn) {
      throw ruleError(
        'EXTENSION_WITHDRAWN',
        `§6.4: request ${id} was withdrawn on ${dateOf(withdrawn.withdrawnAt)} by ${withdrawn.withdrawnBy}; there is nothing to decide.`,
      );
    }
    const [decided] = await tx.select().from(extensionDecisions).where(eq(extensionDecisions.requestId, id));
    refuseDecidedAgain(DECIDED_REQUESTS.extension, decided, id);
    await tx
      .insert(extensionDecisions)
      .values({ requestId: id, approved: input.approve, note: input.note ?? null, decidedAt: ctx.now, decidedBy: actor });
    return request;
  });
}

export async function addBudgetLine(ctx: Context, input: AddBudgetLineInput) {
  mayAddBudgetLineFor(ctx.viewer, input.unitId);
  const actor = requireActor(ctx);
  if (!Number.isInteger(input.year) || input.year < 2015 || input.year > 2030)
    throw badInput('year must be between 2015 and 2030.', 'year');
  const amountCny = moneyInput(input.amountCny, 'amountCny', { positive: true });
  const description = requiredText(input.description, 'description');
  return ctx.db.transaction(async (tx) => {
    await lockUnit(tx, input.unitId, 'unitId');
    const line = await tx
      .insert(budgetLines)
      .values({
        unitId: input.unitId,
        year: input.year,
        category: input.category,
        description,
        amountCny,
        recordedAt: ctx.now,
        recordedBy: actor,
      })
      .returning();
    return onlyRow(line);
  });
}
