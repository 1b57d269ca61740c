/**
 * Writing the history of corrections (data/schema.ts: corrections): who changed what recorded fact, when,
 * in which role and why, and the facts a correction derives again (a unit's batch, coordinating unit and
 * voluntariness), refused where they would break a rule an approved plan relies on. Used by the workflow's
 * commands (commands.ts) and by the corrections (corrections.ts), inside their transactions.
 */
import { selectRows } from '@cq/kit/database';
import { ruleError } from '@cq/kit/errors';
import { desc, eq, sql } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { dataCenterKinds } from '../data/peers.ts';
import { instantParam } from '../data/progress.ts';
import { assessments, type CorrectedField, corrections, informationSystems, type SystemRow, type UnitRow, units } from '../data/schema.ts';
import type { Tx } from './commands.ts';
import { CENTRALISED_STAGES, derivedBatch, destinationAllowed, dueDateSql, PLANNED_STAGES } from './rules.ts';

/** One value of a corrected field, as the history keeps it: text, or null for none. */
const asText = (value: string | number | boolean | null) => (value === null ? null : String(value));

/** Records corrections of one unit or system, in one statement, stamped with the request's moment, actor and role. */
export async function recordCorrections(
  ctx: Context,
  tx: Tx,
  actor: string,
  rows: {
    unitId?: string;
    systemId?: string;
    field: CorrectedField;
    before: string | null;
    after: string | null;
    reason: string;
    derived: boolean;
  }[],
) {
  if (!rows.length) return;
  await tx.insert(corrections).values(
    rows.map((r) => ({
      unitId: r.unitId ?? null,
      systemId: r.systemId ?? null,
      field: r.field,
      before: r.before,
      after: r.after,
      reason: r.reason,
      derived: r.derived,
      at: ctx.now,
      actor,
      role: ctx.viewer.role,
    })),
  );
}

/** The latest assessment of a system (step 1), or null. */
export async function latestAssessment(tx: Tx, systemId: string) {
  const [assessment] = await tx
    .select()
    .from(assessments)
    .where(eq(assessments.systemId, systemId))
    .orderBy(desc(assessments.at), desc(assessments.id))
    .limit(1);
  return assessment ?? null;
}

/** Sets where a system runs (without raising its version: the change it belongs to does), recorded when it changes. */
export async function recordHosting(
  ctx: Context,
  tx: Tx,
  system: SystemRow,
  hosting: SystemRow['hosting'],
  actor: string,
  why: { reason: string; derived: boolean },
) {
  if (system.hosting === hosting) return;
  await tx.update(informationSystems).set({ hosting }).where(eq(informationSystems.id, system.id));
  await recordCorrections(ctx, tx, actor, [{ systemId: system.id, field: 'HOSTING', before: system.hosting, after: hosting, ...why }]);
}

/** The facts of a unit that a correction changes, as asked or as the rules derive them. */
export type UnitFacts = Pick<
  UnitRow,
  'systemsAlreadyHosted' | 'hasAdministrativeApproval' | 'parentId' | 'coordinatingUnitId' | 'voluntary' | 'batchNumber'
>;

/** Each corrected field of a unit, its column, and the clause that derives it when it is not asked for. */
const UNIT_FIELDS: [CorrectedField, keyof UnitFacts, string][] = [
  ['SYSTEMS_ALREADY_HOSTED', 'systemsAlreadyHosted', '§5'],
  ['HAS_ADMINISTRATIVE_APPROVAL', 'hasAdministrativeApproval', '§4'],
  ['PARENT', 'parentId', '§6.2'],
  ['COORDINATING_UNIT', 'coordinatingUnitId', '§6.2'],
  ['VOLUNTARY', 'voluntary', '§1'],
  ['BATCH', 'batchNumber', '§5'],
];

/** A unit's facts as they stand, and as a correction makes them. */
export interface UnitChange {
  unit: UnitRow;
  next: UnitFacts;
  /** The fields asked for; every other change is derived. */
  asked: ReadonlySet<CorrectedField>;
  /** Why each field changes (the reason given, or the rule that derives it). */
  reason: (field: CorrectedField, clause: string) => string;
}

export const changedFields = (change: UnitChange) => UNIT_FIELDS.filter(([, column]) => change.unit[column] !== change.next[column]);

/**
 * The plans that stand for the systems of some units and are still to be carried out or already carried
 * out (PLANNED_STAGES), the latest per system, of non-classified systems: what a correction of the units
 * must not break.
 */
export async function standingPlansOf(tx: Tx, unitIds: readonly string[]) {
  if (!unitIds.length) return [];
  return await selectRows<{ system_id: string; unit_id: string; stage: SystemRow['stage']; destination: string; cutover: string }>(
    tx,
    sql`select distinct on (p.system_id) p.system_id, s.unit_id, s.stage, p.destination_data_center_id as destination,
          p.planned_cutover::text as cutover
        from migration_plans p join information_systems s on s.id = p.system_id
        where s.unit_id in (${sql.join(
          unitIds.map((id) => sql`${id}`),
          sql`, `,
        )}) and s.stage in (${sql.join(
          PLANNED_STAGES.map((stage) => sql`${stage}`),
          sql`, `,
        )}) and s.classification = 'NON_CLASSIFIED'
        order by p.system_id, p.at desc, p.id desc`,
  );
}

/**
 * Writes corrections of units (the unit corrected and the units below it whose derived facts follow),
 * after refusing what would break a rule an approved plan relies on: §4 (administrative-approval functions
 * while a standing plan names a data centre that is not a government one, asked of the park once) and §5
 * (a due date before the cut-over of a plan still to be carried out). Every changed field is recorded.
 */
export async function applyUnitChanges(ctx: Context, tx: Tx, changes: UnitChange[], actor: string): Promise<void> {
  const changed = changes.filter((c) => changedFields(c).length);
  // §4: a unit given administrative-approval functions sends its systems to government data centres only.
  const approving = changed.filter((c) => c.next.hasAdministrativeApproval && !c.unit.hasAdministrativeApproval);
  const approvingPlans = await standingPlansOf(
    tx,
    approving.map((c) => c.unit.id),
  );
  if (approvingPlans.length) {
    const kinds = await dataCenterKinds(ctx.askPeer, [...new Set(approvingPlans.map((p) => p.destination))]);
    for (const plan of approvingPlans) {
      const kind = kinds.get(plan.destination) ?? 'UNKNOWN';
      if (!destinationAllowed({ hasAdministrativeApproval: true }, kind)) {
        // A plan still to be carried out can be re-planned first; a system centralised there already cannot.
        const remedy = CENTRALISED_STAGES.includes(plan.stage)
          ? 'it was centralised there, so the flag cannot be corrected while it runs there'
          : 're-plan it first (replanMigration)';
        throw ruleError(
          'DESTINATION_NOT_ALLOWED',
          `§4: with administrative-approval functions, ${plan.unit_id}'s systems may only go to the transitional government data centre or the Government Cloud Platform, but the approved plan of ${plan.system_id} (${plan.stage}) names ${plan.destination} (a ${kind}); ${remedy}.`,
          { systemId: plan.system_id, kind },
        );
      }
    }
  }
  // §5: a unit whose batch or voluntariness changes gets a new due date; a plan still to be carried out
  // must cut over by it.
  const rescheduled = changed.filter((c) => c.next.batchNumber !== c.unit.batchNumber || c.next.voluntary !== c.unit.voluntary);
  if (rescheduled.length) {
    const dues = await selectRows<{ id: string; window_start: string; due_date: string | null }>(
      tx,
      sql`select v.id, b.window_start::text as window_start,
            ${dueDateSql({ id: sql`v.id`, voluntary: sql`v.voluntary` }, sql`b.window_end`, instantParam(ctx.now))}::text as due_date
          from (values ${sql.join(
            rescheduled.map((c) => sql`(${c.unit.id}, ${c.next.voluntary}::boolean, ${c.next.batchNumber}::int)`),
            sql`, `,
          )}) v(id, voluntary, batch) join batches b on b.number = v.batch`,
    );
    const due = new Map(dues.map((d) => [d.id, d]));
    const plans = await standingPlansOf(
      tx,
      rescheduled.map((c) => c.unit.id),
    );
    for (const plan of plans) {
      const dueDate = due.get(plan.unit_id)?.due_date ?? null;
      if (CENTRALISED_STAGES.includes(plan.stage) || !dueDate || plan.cutover <= dueDate) continue;
      const change = rescheduled.find((c) => c.unit.id === plan.unit_id);
      throw ruleError(
        'PLAN_OUTSIDE_WINDOW',
        `§5: corrected, ${plan.unit_id} would be in batch ${change?.next.batchNumber} and due by ${dueDate}, but the approved plan of ${plan.system_id} cuts over on ${plan.cutover}; re-plan it first (replanMigration).`,
        { systemId: plan.system_id, dueDate, plannedCutover: plan.cutover },
      );
    }
  }
  for (const change of changed) {
    await tx.update(units).set(change.next).where(eq(units.id, change.unit.id));
  }
  await recordCorrections(
    ctx,
    tx,
    actor,
    changed.flatMap((change) =>
      changedFields(change).map(([field, column, clause]) => ({
        unitId: change.unit.id,
        field,
        before: asText(change.unit[column]),
        after: asText(change.next[column]),
        reason: change.reason(field, clause),
        derived: !change.asked.has(field),
      })),
    ),
  );
}

export const factsOf = (unit: UnitRow): UnitFacts => ({
  systemsAlreadyHosted: unit.systemsAlreadyHosted,
  hasAdministrativeApproval: unit.hasAdministrativeApproval,
  parentId: unit.parentId,
  coordinatingUnitId: unit.coordinatingUnitId,
  voluntary: unit.voluntary,
  batchNumber: unit.batchNumber,
});

/**
 * §5: a unit with a system hosted by a third party is already hosted: it is marked so and re-derived into
 * batch 1 (unless only encouraged to migrate, §1), both recorded as derived corrections.
 */
export async function markAlreadyHosted(ctx: Context, tx: Tx, unit: UnitRow, systemId: string, actor: string) {
  if (unit.systemsAlreadyHosted) return;
  const next = { ...factsOf(unit), systemsAlreadyHosted: true };
  next.batchNumber = derivedBatch({ ...unit, ...next });
  await applyUnitChanges(
    ctx,
    tx,
    [
      {
        unit,
        next,
        asked: new Set(),
        reason: (field) =>
          field === 'BATCH'
            ? `§5: units whose systems are already hosted finish in batch 1 (${systemId} is hosted by a third party).`
            : `§5: ${systemId} is hosted by a third party (THIRD_PARTY_HOSTED), so its unit's systems already use hosting.`,
      },
    ],
    actor,
  );
}
