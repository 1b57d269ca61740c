/**
 * Corrections as history, one command per mutation: a unit's flags and parent, a system's hosting and
 * classification (asked by the unit, approved by the joint-conference office), re-planning, a change of
 * provider, retiring a system and withdrawing an extension request. Each runs in one transaction, checks
 * the caller's permission first (policy.ts), checks the rules of the first recording again (commands.ts),
 * and appends who, when, in which role and why to the history of corrections (history.ts), never
 * rewriting what was recorded before.
 */
import { onlyRow, selectRows } from '@cq/kit/database';
import { badInput, notFound, requiredText, ruleError } from '@cq/kit/errors';
import { requireActor } from '@cq/kit/identity';
import { dateOf } from '@cq/kit/time';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { placedIn } from '../data/peers.ts';
import {
  type CorrectedField,
  extensionDecisions,
  extensionRequests,
  extensionWithdrawals,
  informationSystems,
  migrationPlans,
  reclassificationDecisions,
  reclassificationRequests,
  type SystemRow,
  type UnitRow,
  units,
  vendorSelections,
} from '../data/schema.ts';
import type {
  ChangeProviderInput,
  CorrectSystemHostingInput,
  CorrectUnitInput,
  DecideReclassificationInput,
  ReplanMigrationInput,
  RequestReclassificationInput,
  RetireSystemInput,
  WithdrawExtensionRequestInput,
} from '../generated/resolvers.ts';
import {
  checkedPlan,
  checkedSelection,
  DECIDED_REQUESTS,
  lockSystem,
  lockUnit,
  moveStage,
  refuseDecidedAgain,
  refuseSelfDecision,
  refuseStale,
  touch,
  workflowChange,
} from './commands.ts';
import {
  applyUnitChanges,
  changedFields,
  factsOf,
  latestAssessment,
  markAlreadyHosted,
  recordCorrections,
  recordHosting,
  type UnitChange,
  type UnitFacts,
} from './history.ts';
import { serialOf } from './ids.ts';
import {
  mayCorrectHostingOf,
  mayCorrectUnit,
  mayDecideReclassification,
  mayRequestReclassificationOf,
  mayWithdrawExtensionOf,
} from './policy.ts';
import {
  alreadyHosted,
  CENTRALISED_STAGES,
  CHANGES,
  derivedBatch,
  derivedCoordinator,
  derivedVoluntary,
  SELF_COORDINATING_KINDS,
} from './rules.ts';

/**
 * Corrects a unit's flags or parent (§4, §5, §6.2), re-deriving what createUnit derives (batch, coordinating
 * unit, voluntariness) for the unit and, along the parent chain, for every unit below it.
 */
export async function correctUnit(ctx: Context, input: CorrectUnitInput): Promise<UnitRow> {
  mayCorrectUnit(ctx.viewer);
  const actor = requireActor(ctx);
  const reason = requiredText(input.reason, 'reason');
  const asksParent = input.parentId !== undefined;
  if (input.systemsAlreadyHosted == null && input.hasAdministrativeApproval == null && !asksParent && input.coordinatingUnitId == null) {
    throw badInput('Name what to correct: systemsAlreadyHosted, hasAdministrativeApproval, parentId or coordinatingUnitId.');
  }
  return ctx.db.transaction(async (tx) => {
    const [unit] = await tx.select().from(units).where(eq(units.id, input.unitId)).for('update');
    if (!unit) throw notFound('Unit', input.unitId);
    if (input.hasAdministrativeApproval && unit.kind !== 'PUBLIC_INSTITUTION') {
      throw badInput('§4: only public institutions (事业单位) can have administrative-approval functions.', 'hasAdministrativeApproval');
    }
    // The parent: kept when omitted, none when null; never the unit itself or a unit below it.
    const parentId = asksParent ? (input.parentId ?? null) : unit.parentId;
    if (unit.kind === 'SOE_SUBSIDIARY' && !parentId)
      throw badInput('An SOE_SUBSIDIARY needs its parent enterprise (parentId).', 'parentId');
    let parent: UnitRow | null = null;
    if (parentId) {
      if (parentId === unit.id) throw ruleError('PARENT_CYCLE', `§6.2: ${unit.id} cannot be its own parent.`);
      parent = await lockUnit(tx, parentId, 'parentId');
      const cycle = await selectRows<{ hit: number }>(
        tx,
        sql`with recursive up(id, parent_id) as (
              select id, parent_id from units where id = ${parentId}
              union select u.id, u.parent_id from units u join up on u.id = up.parent_id)
            select 1 as hit from up where id = ${unit.id} limit 1`,
      );
      if (cycle.length) throw ruleError('PARENT_CYCLE', `§6.2: ${parentId} is below ${unit.id}; it cannot become its parent.`);
    }
    // §5: the flag cannot be cleared while a system of the unit is hosted by a third party.
    if (input.systemsAlreadyHosted === false) {
      const [hosted] = await tx
        .select({ id: informationSystems.id })
        .from(informationSystems)
        .where(and(eq(informationSystems.unitId, unit.id), eq(informationSystems.hosting, 'THIRD_PARTY_HOSTED')))
        .limit(1);
      if (hosted) {
        throw ruleError(
          'SYSTEMS_ALREADY_HOSTED',
          `§5: ${hosted.id} of ${unit.id} is hosted by a third party (THIRD_PARTY_HOSTED), so the unit's systems already use hosting; correct the system's hosting first.`,
          { systemId: hosted.id },
        );
      }
    }
    // Derived again, exactly as createUnit derives them.
    const voluntary = derivedVoluntary(unit, parent);
    const derived = derivedCoordinator({ id: unit.id, kind: unit.kind, parentId }, parent);
    let coordinatingUnitId = derived ?? unit.coordinatingUnitId;
    if (input.coordinatingUnitId != null) {
      if (derived && input.coordinatingUnitId !== derived) {
        throw ruleError(
          'COORDINATOR_MISMATCH',
          `§6.2 makes ${derived} the coordinating unit of such a unit, not ${input.coordinatingUnitId}.`,
          { derived },
        );
      }
      if (!derived) {
        const coordinator = await lockUnit(tx, input.coordinatingUnitId, 'coordinatingUnitId');
        if (!SELF_COORDINATING_KINDS.includes(coordinator.kind)) {
          throw ruleError(
            'COORDINATOR_INVALID',
            `§6.2: coordinating units are municipal departments and district or county governments; ${coordinator.id} is a ${coordinator.kind}.`,
          );
        }
        coordinatingUnitId = coordinator.id;
      }
    }
    const next: UnitFacts = {
      systemsAlreadyHosted: input.systemsAlreadyHosted ?? unit.systemsAlreadyHosted,
      hasAdministrativeApproval: input.hasAdministrativeApproval ?? unit.hasAdministrativeApproval,
      parentId,
      coordinatingUnitId,
      voluntary,
      batchNumber: 0,
    };
    next.batchNumber = derivedBatch({ ...unit, ...next });
    const asked = new Set<CorrectedField>([
      ...(input.systemsAlreadyHosted != null ? (['SYSTEMS_ALREADY_HOSTED'] as const) : []),
      ...(input.hasAdministrativeApproval != null ? (['HAS_ADMINISTRATIVE_APPROVAL'] as const) : []),
      ...(asksParent ? (['PARENT'] as const) : []),
      ...(input.coordinatingUnitId != null ? (['COORDINATING_UNIT'] as const) : []),
    ]);
    const root: UnitChange = {
      unit,
      next,
      asked,
      reason: (field, clause) => (asked.has(field) ? reason : `${clause}, derived from the correction: ${reason}`),
    };
    if (!changedFields(root).length) throw badInput(`The correction changes nothing of ${unit.id}: each value named is already recorded.`);
    const changes = [root];
    // Along the parent chain, the units below follow their parent's coordinator and voluntariness (§6.2, §1).
    if (next.coordinatingUnitId !== unit.coordinatingUnitId || next.voluntary !== unit.voluntary) {
      const below = await tx
        .select()
        .from(units)
        .where(
          sql`${units.id} in (with recursive below(id) as (
                select id from units where parent_id = ${unit.id}
                union select c.id from units c join below on c.parent_id = below.id)
              select id from below)`,
        )
        .orderBy(units.id)
        .for('update');
      const nextOf = new Map<string, UnitFacts>([[unit.id, next]]);
      for (let pending = below; pending.length; ) {
        const ready = pending.filter((u) => u.parentId && nextOf.has(u.parentId));
        if (!ready.length) break;
        for (const child of ready) {
          const parentNext = nextOf.get(child.parentId ?? '') as UnitFacts;
          const childNext = {
            ...factsOf(child),
            voluntary: derivedVoluntary(child, parentNext),
            coordinatingUnitId: derivedCoordinator(child, parentNext) ?? child.coordinatingUnitId,
          };
          childNext.batchNumber = derivedBatch({ ...child, ...childNext });
          nextOf.set(child.id, childNext);
          changes.push({
            unit: child,
            next: childNext,
            asked: new Set(),
            reason: (_, clause) => `${clause}, derived from the correction of ${unit.id} above it: ${reason}`,
          });
        }
        pending = pending.filter((u) => !nextOf.has(u.id));
      }
    }
    await applyUnitChanges(ctx, tx, changes, actor);
    return onlyRow(await tx.select().from(units).where(eq(units.id, unit.id)));
  });
}

/**
 * Corrects where a system runs, by its unit's officer or the office. Once centralised a system runs in the
 * park (§2.2); a system hosted by a third party marks its unit as already hosted (§5: batch 1).
 */
export async function correctSystemHosting(ctx: Context, input: CorrectSystemHostingInput): Promise<SystemRow> {
  const actor = requireActor(ctx);
  const reason = requiredText(input.reason, 'reason');
  return ctx.db.transaction(async (tx) => {
    const system = await lockSystem(tx, input.systemId);
    mayCorrectHostingOf(ctx.viewer, system);
    refuseStale(system, input.expectedVersion);
    if (input.hosting === system.hosting) throw badInput(`${system.id} is recorded as ${system.hosting} already.`, 'hosting');
    if (CENTRALISED_STAGES.includes(system.stage) && input.hosting !== 'PARK_DATA_CENTER' && input.hosting !== 'CLOUD_SERVICE') {
      throw badInput(
        `§2.2: ${system.id} is ${system.stage}: it runs in the park, as PARK_DATA_CENTER or CLOUD_SERVICE, not ${input.hosting}.`,
        'hosting',
      );
    }
    await recordHosting(ctx, tx, system, input.hosting, actor, { reason, derived: false });
    if (alreadyHosted(input)) await markAlreadyHosted(ctx, tx, await lockUnit(tx, system.unitId, 'systemId'), system.id, actor);
    return touch(tx, system);
  });
}

/** §1: a unit's officer asks for its system's reclassification; nothing changes until the office approves. */
export async function requestReclassification(ctx: Context, input: RequestReclassificationInput) {
  const actor = requireActor(ctx);
  const reason = requiredText(input.reason, 'reason');
  return ctx.db.transaction(async (tx) => {
    const system = await lockSystem(tx, input.systemId, false);
    mayRequestReclassificationOf(ctx.viewer, system);
    if (system.classification === input.classification) {
      throw ruleError(
        'RECLASSIFICATION_UNCHANGED',
        `§1: ${system.id} is ${system.classification} already; a reclassification asks for the other classification.`,
      );
    }
    const [waiting] = await tx
      .select({ id: reclassificationRequests.id })
      .from(reclassificationRequests)
      .leftJoin(reclassificationDecisions, eq(reclassificationDecisions.requestId, reclassificationRequests.id))
      .where(and(eq(reclassificationRequests.systemId, system.id), sql`${reclassificationDecisions.requestId} is null`))
      .limit(1);
    if (waiting) {
      throw ruleError(
        'RECLASSIFICATION_ALREADY_PENDING',
        `§1: ${system.id} already has reclassification request ${waiting.id} waiting for the joint-conference office.`,
      );
    }
    return onlyRow(
      await tx
        .insert(reclassificationRequests)
        .values({
          systemId: system.id,
          fromClassification: system.classification,
          toClassification: input.classification,
          reason,
          requestedAt: ctx.now,
          requestedBy: actor,
        })
        .returning(),
    );
  });
}

/**
 * §1: the joint-conference office decides a reclassification request, never its own. An approval takes
 * effect at once: a system that becomes classified is exempt from then on (no step, never overdue); one
 * that becomes non-classified enters the workflow at its stage, due as its unit's batch.
 */
export async function decideReclassification(ctx: Context, input: DecideReclassificationInput) {
  mayDecideReclassification(ctx.viewer);
  const actor = requireActor(ctx);
  const id = serialOf(input.requestId);
  if (id === undefined) throw notFound('Reclassification request', input.requestId);
  return ctx.db.transaction(async (tx) => {
    const [request] = await tx.select().from(reclassificationRequests).where(eq(reclassificationRequests.id, id)).for('update');
    if (!request) throw notFound('Reclassification request', input.requestId);
    refuseSelfDecision(DECIDED_REQUESTS.reclassification, request, id, actor);
    const [decided] = await tx.select().from(reclassificationDecisions).where(eq(reclassificationDecisions.requestId, id));
    refuseDecidedAgain(DECIDED_REQUESTS.reclassification, decided, id);
    const system = await lockSystem(tx, request.systemId, false);
    // §1: a classified system is never placed in the park; the park is asked, and removes the placement
    // first (one that proves a centralisation stays, PLACEMENT_IS_PROOF, and so does the classification).
    if (input.approve && request.toClassification === 'CLASSIFIED') {
      const placed = await placedIn(ctx.askPeer, system.id);
      if (placed) {
        throw ruleError(
          'CLASSIFIED_SYSTEM_EXEMPT',
          `§1: a classified system is never placed in the park, and the park holds ${system.id} in ${placed.dataCenterId} since ${placed.since}; the park removes the placement before the request can be approved.`,
          { placedDataCenterId: placed.dataCenterId },
        );
      }
    }
    await tx
      .insert(reclassificationDecisions)
      .values({ requestId: id, approved: input.approve, note: input.note ?? null, decidedAt: ctx.now, decidedBy: actor });
    if (input.approve && system.classification !== request.toClassification) {
      await recordCorrections(ctx, tx, actor, [
        {
          systemId: system.id,
          field: 'CLASSIFICATION',
          before: system.classification,
          after: request.toClassification,
          reason: `${request.reason} (request ${id} by ${request.requestedBy}, approved${input.note ? `: ${input.note}` : ''})`,
          derived: false,
        },
      ]);
      await touch(tx, system, { classification: request.toClassification });
    }
    return request;
  });
}

/**
 * §2.2, §3.3: a system is placed only in the data centre its standing plan names, and nowhere without one.
 * A change that moves the plan elsewhere (`keeps`: the new plan's destination) or ends it (`keeps`: null)
 * asks the park where the system is placed, and is refused while the placement would contradict it: the
 * park removes the placement first (a system not yet centralised can be removed; a centralised one is
 * past such a change).
 */
async function refuseContradictedPlacement(ctx: Context, system: SystemRow, keeps: string | null, change: string) {
  const placed = await placedIn(ctx.askPeer, system.id);
  if (!placed || placed.dataCenterId === keeps) return;
  throw ruleError(
    'PLACEMENT_NOT_AS_PLANNED',
    keeps
      ? `§3.3: ${system.id} is placed in ${placed.dataCenterId}; ${change} naming ${keeps} would contradict its placement: the park removes it first (removePlacement).`
      : `§3.3: ${system.id} is placed in ${placed.dataCenterId}; ${change} would leave it placed without a standing plan: the park removes the placement first (removePlacement).`,
    { placedDataCenterId: placed.dataCenterId },
  );
}

/** §3.3: a new approved plan while the approved one is still to be carried out; the latest plan counts. */
export async function replanMigration(ctx: Context, input: ReplanMigrationInput): Promise<SystemRow> {
  const reason = requiredText(input.reason, 'reason');
  return workflowChange(ctx, CHANGES.replan, input, async (tx, system, at, actor) => {
    const [old] = await tx
      .select()
      .from(migrationPlans)
      .where(eq(migrationPlans.systemId, system.id))
      .orderBy(desc(migrationPlans.at), desc(migrationPlans.id))
      .limit(1);
    const plan = await checkedPlan(ctx, tx, system, input, at, actor);
    await refuseContradictedPlacement(ctx, system, plan.destinationDataCenterId, 'a new plan');
    await tx.insert(migrationPlans).values(plan);
    const describe = (p: { destinationDataCenterId: string; plannedStart: string; plannedCutover: string }) =>
      `${p.destinationDataCenterId}, ${p.plannedStart} to ${p.plannedCutover}`;
    await recordCorrections(ctx, tx, actor, [
      { systemId: system.id, field: 'MIGRATION_PLAN', before: old ? describe(old) : null, after: describe(plan), reason, derived: false },
    ]);
    return touch(tx, system);
  });
}

/**
 * §3.2: another provider, with the checks of a first selection; a plan written with the old provider no
 * longer stands (§3.3), so a system past VENDOR_SELECTED goes back to it, the reason its note.
 */
export async function changeProvider(ctx: Context, input: ChangeProviderInput): Promise<SystemRow> {
  const reason = requiredText(input.reason, 'reason');
  return workflowChange(ctx, CHANGES.changeProvider, input, async (tx, system, at, actor) => {
    const [current] = await tx
      .select()
      .from(vendorSelections)
      .where(eq(vendorSelections.systemId, system.id))
      .orderBy(desc(vendorSelections.at), desc(vendorSelections.id))
      .limit(1);
    if (current?.vendorId === input.vendorId.trim()) {
      throw badInput(`${input.vendorId} is ${system.id}'s selected provider already; a change of provider names another.`, 'vendorId');
    }
    const selection = await checkedSelection(ctx, tx, system, input, at, actor);
    // The plan written with the old provider no longer stands once the system is past VENDOR_SELECTED.
    if (system.stage !== CHANGES.changeProvider.to) await refuseContradictedPlacement(ctx, system, null, 'a change of provider');
    await tx.insert(vendorSelections).values(selection);
    await recordCorrections(ctx, tx, actor, [
      { systemId: system.id, field: 'PROVIDER', before: current?.vendorId ?? null, after: selection.vendorId, reason, derived: false },
    ]);
    if (system.stage === CHANGES.changeProvider.to) return touch(tx, system);
    return moveStage(ctx, tx, system, CHANGES.changeProvider.to, actor, reason);
  });
}

/** §3.1: a system whose latest assessment says RETIRE is switched off instead of moved: RETIRED, an end state. */
export async function retireSystem(ctx: Context, input: RetireSystemInput): Promise<SystemRow> {
  const reason = requiredText(input.reason, 'reason');
  return workflowChange(ctx, CHANGES.retire, input, async (tx, system, _at, actor) => {
    const assessment = await latestAssessment(tx, system.id);
    if (assessment?.strategy !== 'RETIRE') {
      throw ruleError(
        'RETIREMENT_NOT_ASSESSED',
        `§3.1: the latest assessment of ${system.id} chose ${assessment?.strategy ?? 'no strategy'}; a system is retired only when its assessment says RETIRE (reassess it first).`,
        { strategy: assessment?.strategy ?? null },
      );
    }
    await refuseContradictedPlacement(ctx, system, null, 'retiring it');
    return moveStage(ctx, tx, system, CHANGES.retire.to, actor, reason);
  });
}

/** §6.4: a pending extension request withdrawn by its unit's officer or its coordinating unit; the unit may ask again. */
export async function withdrawExtensionRequest(ctx: Context, input: WithdrawExtensionRequestInput) {
  const actor = requireActor(ctx);
  const reason = requiredText(input.reason, 'reason');
  const id = serialOf(input.requestId);
  if (id === undefined) throw notFound('Extension request', input.requestId);
  return ctx.db.transaction(async (tx) => {
    const [request] = await tx.select().from(extensionRequests).where(eq(extensionRequests.id, id)).for('update');
    if (!request) throw notFound('Extension request', input.requestId);
    await mayWithdrawExtensionOf(ctx.viewer, tx, request.unitId);
    const [withdrawn] = await tx.select().from(extensionWithdrawals).where(eq(extensionWithdrawals.requestId, id));
    if (withdrawn) {
      throw ruleError('EXTENSION_WITHDRAWN', `§6.4: request ${id} was withdrawn already on ${dateOf(withdrawn.withdrawnAt)}.`);
    }
    const [decided] = await tx.select().from(extensionDecisions).where(eq(extensionDecisions.requestId, id));
    if (decided) {
      throw ruleError(
        'EXTENSION_ALREADY_DECIDED',
        `§6.4: request ${id} was already ${decided.approved ? 'approved' : 'rejected'} on ${dateOf(decided.decidedAt)}; a decided request cannot be withdrawn.`,
      );
    }
    await tx
      .insert(extensionWithdrawals)
      .values({ requestId: id, reason, withdrawnAt: ctx.now, withdrawnBy: actor, role: ctx.viewer.role });
    return request;
  });
}
