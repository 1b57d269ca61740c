/**
 * What each mutation of the units subgraph tells the programme (kit: event-declarations.ts): the events its
 * change records in its own transaction, read from the mutation's answer and, for a system, from one
 * statement (`systemFacts`) that reads what the answer leaves out: the unit, the selected provider (whom the
 * gateway sends a system's events to, besides its unit), the stage it came from and the value a correction
 * replaced. A §4 refusal (DESTINATION_NOT_ALLOWED) is told too: the supervisors follow the rule's breaches.
 */
import { selectRows } from '@cq/kit/database';
import type { EventDeclarations } from '@cq/kit/event-declarations';
import type { NewEvent } from '@cq/kit/events';
import { dateOf } from '@cq/kit/time';
import { sql } from 'drizzle-orm';
import type { Context } from '../context.ts';
import type { BudgetLineRow, ExtensionRequestRow, ReclassificationRequestRow, SystemRow, UnitRow } from '../data/schema.ts';
import { nonComplianceReason } from './rules.ts';

/** One allowed change as a declaration reads it: the mutation's answer, its `input`, its context (db: the transaction). */
interface Change<R, I = Record<string, unknown>> {
  result: R;
  args: { input: I };
  ctx: Context;
}

/** What a system's events need and its answer leaves out, as the transaction sees it after the change. */
interface SystemFacts {
  unit_id: string;
  /** The provider of its latest selection (§3.2); null before one. */
  vendor_id: string | null;
  /** The stage its latest transition left. */
  from_stage: string | null;
  /** The value its latest hosting and provider corrections replaced. */
  hosting_before: string | null;
  provider_before: string | null;
  /** Its latest approved plan (§3.3). */
  plan_data_center_id: string | null;
  plan_start: string | null;
  plan_cutover: string | null;
}

/** One statement, whatever the change: the latest rows of a system's histories (ids order them within a transaction). */
async function systemFacts(ctx: Context, systemId: string): Promise<SystemFacts> {
  const [facts] = await selectRows<SystemFacts>(
    ctx.db,
    sql`select s.unit_id,
          (select v.vendor_id from vendor_selections v where v.system_id = s.id order by v.at desc, v.id desc limit 1) as vendor_id,
          (select t.from_stage::text from stage_transitions t where t.system_id = s.id order by t.id desc limit 1) as from_stage,
          (select c.before from corrections c where c.system_id = s.id and c.field = 'HOSTING' order by c.id desc limit 1) as hosting_before,
          (select c.before from corrections c where c.system_id = s.id and c.field = 'PROVIDER' order by c.id desc limit 1) as provider_before,
          p.destination_data_center_id as plan_data_center_id, p.planned_start::text as plan_start, p.planned_cutover::text as plan_cutover
        from information_systems s
        left join lateral (select * from migration_plans m where m.system_id = s.id order by m.at desc, m.id desc limit 1) p on true
        where s.id = ${systemId}`,
  );
  if (!facts) throw new Error(`System ${systemId} is not there to tell of.`);
  return facts;
}

/** An event about a system, sent to its unit and its selected provider. */
const systemEvent = (
  kind: NewEvent['kind'],
  systemId: string,
  facts: SystemFacts,
  summary: string,
  data: Record<string, unknown> = {},
): NewEvent => ({
  kind,
  subjectType: 'InformationSystem',
  subjectId: systemId,
  unitId: facts.unit_id,
  systemId,
  vendorId: facts.vendor_id,
  summary,
  data,
});

/** A step of §3 or §2.2, or a retirement: one stage on, from the stage the transition left. */
const stageMoved =
  (step: string) =>
  async ({ result, ctx }: Change<SystemRow>): Promise<NewEvent[]> => {
    const facts = await systemFacts(ctx, result.id);
    return [
      systemEvent('STAGE_MOVED', result.id, facts, `System ${result.id} moved from ${facts.from_stage} to ${result.stage}.`, {
        step,
        from: facts.from_stage,
        to: result.stage,
      }),
    ];
  };

/** A first plan or a new one (§3.3): where and when it moves the system. */
const planApproved =
  (replanned: boolean) =>
  async ({ result, ctx }: Change<SystemRow>): Promise<NewEvent[]> => {
    const facts = await systemFacts(ctx, result.id);
    return [
      systemEvent(
        'PLAN_APPROVED',
        result.id,
        facts,
        `System ${result.id}'s migration plan to ${facts.plan_data_center_id} (cut-over ${facts.plan_cutover}) was ${replanned ? 'replanned' : 'approved'}.`,
        {
          replanned,
          dataCenterId: facts.plan_data_center_id,
          plannedStart: facts.plan_start,
          plannedCutover: facts.plan_cutover,
          stage: result.stage,
        },
      ),
    ];
  };

/** An extension request's event, sent to its unit (§6.4). */
const extensionEvent = (
  kind: NewEvent['kind'],
  request: ExtensionRequestRow,
  summary: string,
  data: Record<string, unknown>,
): NewEvent => ({
  kind,
  subjectType: 'ExtensionRequest',
  subjectId: String(request.id),
  unitId: request.unitId,
  summary,
  data: { newDueDate: request.newDueDate, ...data },
});

/** A reclassification request's event, sent to the system's unit (§1). */
async function reclassificationEvent(
  kind: NewEvent['kind'],
  request: ReclassificationRequestRow,
  ctx: Context,
  summary: string,
  data: Record<string, unknown> = {},
): Promise<NewEvent[]> {
  const facts = await systemFacts(ctx, request.systemId);
  return [
    {
      ...systemEvent(kind, request.systemId, facts, summary, {
        from: request.fromClassification,
        to: request.toClassification,
        ...data,
      }),
      subjectType: 'ReclassificationRequest',
      subjectId: String(request.id),
    },
  ];
}

export const events: EventDeclarations<Context> = {
  changes: {
    createUnit: ({ result }: Change<UnitRow>) => [
      {
        kind: 'UNIT_CREATED',
        subjectType: 'Unit',
        subjectId: result.id,
        unitId: result.id,
        summary: `Unit ${result.id} was registered in batch ${result.batchNumber}.`,
        data: { kind: result.kind, batch: result.batchNumber, parentId: result.parentId, coordinatingUnitId: result.coordinatingUnitId },
      },
    ],
    correctUnit: ({ result, args }: Change<UnitRow>) => [
      {
        kind: 'UNIT_CORRECTED',
        subjectType: 'Unit',
        subjectId: result.id,
        unitId: result.id,
        summary: `Unit ${result.id}'s registered facts were corrected.`,
        data: {
          // The fields asked for; the reason stays in the unit's corrections, for those who read them.
          corrected: Object.keys(args.input).filter((field) => field !== 'unitId' && field !== 'reason'),
          batch: result.batchNumber,
          parentId: result.parentId,
          coordinatingUnitId: result.coordinatingUnitId,
        },
      },
    ],
    // A new system has no provider yet: no statement needed.
    createSystem: ({ result }: Change<SystemRow>) => [
      {
        kind: 'SYSTEM_CREATED',
        subjectType: 'InformationSystem',
        subjectId: result.id,
        unitId: result.unitId,
        systemId: result.id,
        vendorId: null,
        summary: `System ${result.id} of unit ${result.unitId} was inventoried.`,
        data: { classification: result.classification, hosting: result.hosting },
      },
    ],
    addDependency: async ({ result, args, ctx }: Change<SystemRow, { dependsOnId: string }>) => [
      systemEvent(
        'DEPENDENCY_ADDED',
        result.id,
        await systemFacts(ctx, result.id),
        `System ${result.id} was recorded as depending on ${args.input.dependsOnId}.`,
        {
          dependsOnId: args.input.dependsOnId,
        },
      ),
    ],
    assessSystem: stageMoved('assessSystem'),
    selectVendor: stageMoved('selectVendor'),
    startMigration: stageMoved('startMigration'),
    markCentralised: stageMoved('markCentralised'),
    markIntegrated: stageMoved('markIntegrated'),
    retireSystem: stageMoved('retireSystem'),
    approveMigrationPlan: planApproved(false),
    replanMigration: planApproved(true),
    changeProvider: async ({ result, ctx }: Change<SystemRow>) => {
      const facts = await systemFacts(ctx, result.id);
      return [
        systemEvent(
          'PROVIDER_CHANGED',
          result.id,
          facts,
          `System ${result.id} changed its provider from ${facts.provider_before} to ${facts.vendor_id}.`,
          { from: facts.provider_before, to: facts.vendor_id, stage: result.stage },
        ),
      ];
    },
    correctSystemHosting: async ({ result, ctx }: Change<SystemRow>) => {
      const facts = await systemFacts(ctx, result.id);
      return [
        systemEvent(
          'HOSTING_CORRECTED',
          result.id,
          facts,
          `System ${result.id}'s hosting was corrected from ${facts.hosting_before} to ${result.hosting}.`,
          { from: facts.hosting_before, to: result.hosting },
        ),
      ];
    },
    requestReclassification: ({ result, ctx }: Change<ReclassificationRequestRow>) =>
      reclassificationEvent(
        'RECLASSIFICATION_REQUESTED',
        result,
        ctx,
        `Reclassification of system ${result.systemId} from ${result.fromClassification} to ${result.toClassification} was requested (request ${result.id}).`,
      ),
    decideReclassification: ({ result, args, ctx }: Change<ReclassificationRequestRow, { approve: boolean }>) =>
      reclassificationEvent(
        'RECLASSIFICATION_DECIDED',
        result,
        ctx,
        `Reclassification request ${result.id} for system ${result.systemId} was ${args.input.approve ? 'approved' : 'rejected'}.`,
        { approved: args.input.approve },
      ),
    requestExtension: ({ result }: Change<ExtensionRequestRow>) => [
      extensionEvent(
        'EXTENSION_REQUESTED',
        result,
        `Unit ${result.unitId} asked to finish by ${result.newDueDate} (request ${result.id}).`,
        {},
      ),
    ],
    decideExtension: ({ result, args, ctx }: Change<ExtensionRequestRow, { approve: boolean }>) => [
      extensionEvent(
        'EXTENSION_DECIDED',
        result,
        `Extension request ${result.id} of unit ${result.unitId} was ${args.input.approve ? 'approved' : 'rejected'}.`,
        { approved: args.input.approve, decidedOn: dateOf(ctx.now) },
      ),
    ],
    withdrawExtensionRequest: ({ result }: Change<ExtensionRequestRow>) => [
      extensionEvent('EXTENSION_WITHDRAWN', result, `Extension request ${result.id} of unit ${result.unitId} was withdrawn.`, {}),
    ],
    // BUDGET_LINE_ADDED reaches only the roles that read budget lines (kit: EVENT_KINDS), never an analyst.
    addBudgetLine: ({ result }: Change<BudgetLineRow>) => [
      {
        kind: 'BUDGET_LINE_ADDED',
        subjectType: 'BudgetLine',
        subjectId: String(result.id),
        unitId: result.unitId,
        summary: `A ${result.year} budget line (${result.category}) was recorded for unit ${result.unitId}.`,
        data: {
          year: result.year,
          category: result.category,
          amountCny: result.amountCny,
          nonCompliance: nonComplianceReason(result),
        },
      },
    ],
  },
  /**
   * §4's destinations: a plan (approveMigrationPlan, replanMigration) or a unit's correction (correctUnit)
   * refused for breaking them. The change was rolled back: the system's unit is read outside it.
   */
  refusal: async ({ operation, args, ctx, code, message }) => {
    if (code !== 'DESTINATION_NOT_ALLOWED') return null;
    const input = (args as { input?: { systemId?: string; unitId?: string } }).input ?? {};
    const systemId = input.systemId ?? null;
    const [system] = systemId
      ? await selectRows<{ unit_id: string }>(ctx.db, sql`select unit_id from information_systems where id = ${systemId}`)
      : [];
    const unitId = system?.unit_id ?? input.unitId ?? null;
    return {
      kind: 'RULE_REFUSED',
      subjectType: systemId ? 'InformationSystem' : 'Unit',
      subjectId: systemId ?? unitId ?? '',
      unitId,
      systemId,
      summary: `${operation} for ${systemId ? `system ${systemId}` : `unit ${unitId}`} was refused: it breaks §4's destinations.`,
      data: { code, operation, message },
    };
  },
};
