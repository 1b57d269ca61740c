import { loaded } from '@cq/kit/loaders';
import { parseAsOf } from '@cq/kit/time';
import type { Context } from '../context.ts';
import { recordedBy } from '../data/loaders.ts';
import type { StageReading } from '../data/progress.ts';
import { monthlyCost } from '../domain/cost.ts';
import { mayReadSystemData, readableSystem } from '../domain/policy.ts';
import { isExempt, PLANNED_STAGES, scheduleWarning, valueAt } from '../domain/rules.ts';
import type { InformationSystemResolvers } from '../generated/resolvers.ts';
import type { InformationSystemModel } from '../mappers.ts';

/**
 * A system's step at a moment: the field's own `asOf` when it asks one, else the operation's moment (kit:
 * moment.ts). Now, the row's own stage; any other moment is read from the history.
 */
async function stepOf(ctx: Context, s: InformationSystemModel, asOf?: string | null) {
  if (asOf == null && !ctx.moment.asOf) return s.stage;
  return (await ctx.loaders.systemAt.load({ id: s.id, at: parseAsOf(asOf, ctx.now) }))?.stage ?? null;
}

/**
 * What the `stage` field reads: the step, or EXEMPT while the system is classified (§1), whatever step it
 * had reached (a reclassification counts from its approval on: data/progress.ts, systemsAt).
 */
async function stageOf(ctx: Context, s: InformationSystemModel, asOf?: string | null): Promise<StageReading | null> {
  const exempt =
    asOf == null && !ctx.moment.asOf
      ? isExempt(s)
      : ((await ctx.loaders.systemAt.load({ id: s.id, at: parseAsOf(asOf, ctx.now) }))?.exempt ?? false);
  const step = await stepOf(ctx, s, asOf);
  return step && exempt ? 'EXEMPT' : step;
}

/** A system's programme data: answered only when the caller's scope holds the system (policy.ts). */
async function inReach<T>(ctx: Context, s: InformationSystemModel, field: string, answer: () => T | Promise<T>): Promise<T> {
  await mayReadSystemData(ctx, s, field);
  return answer();
}

export const InformationSystem: InformationSystemResolvers = {
  // The reference may carry fields other subgraphs resolved (@requires); keep them beside the row.
  __resolveReference: async (ref, ctx) => {
    const row = await readableSystem(ctx, await ctx.loaders.system.load(ref.id));
    return row && { ...ref, ...row };
  },
  // Who the system is: shown wherever the graph names it (e.g. as another system's dependency).
  name: (s) => s.nameEn,
  officialName: (s) => s.nameZh,
  unit: async (s, _, { loaders }) => loaded(await loaders.unit.load(s.unitId), 'unit', s.unitId),
  isExempt: (s) => isExempt(s),
  // Where it runs at the moment, read from the corrections of its hosting (the row holds the value now).
  hosting: async (s, { asOf }, ctx) => {
    const corrections = (await ctx.loaders.correctionsOfSystem.load(s.id)).filter((c) => c.field === 'HOSTING');
    return valueAt(s.hosting, corrections, parseAsOf(asOf, ctx.now));
  },
  // Its programme data needs the system in reach.
  // Circuits serve the whole unit: a system's cost has no communication part.
  monthlyCost: (s, _, ctx) => inReach(ctx, s, 'monthlyCost', () => monthlyCost(s.cloudMonthlyCostCny, s.parkMonthlyCostCny)),
  version: (s, _, ctx) => inReach(ctx, s, 'version', () => s.version),
  stage: (s, { asOf }, ctx) => inReach(ctx, s, 'stage', () => stageOf(ctx, s, asOf)),
  vendor: (s, _, ctx) =>
    inReach(ctx, s, 'vendor', async () => {
      const selection = await ctx.loaders.vendorSelection.load(s.id);
      return selection ? { id: selection.vendorId } : null;
    }),
  dueDate: (s, { asOf }, ctx) =>
    inReach(
      ctx,
      s,
      'dueDate',
      async () =>
        // Exempt or retired at the moment: none (data/progress.ts: systemsAt).
        (await ctx.loaders.systemAt.load({ id: s.id, at: parseAsOf(asOf, ctx.now) }))?.dueDate ?? null,
    ),
  isOverdue: (s, { asOf }, ctx) =>
    inReach(
      ctx,
      s,
      'isOverdue',
      async () => (await ctx.loaders.systemAt.load({ id: s.id, at: parseAsOf(asOf, ctx.now) }))?.overdue ?? false,
    ),
  history: (s, _, ctx) => inReach(ctx, s, 'history', () => ctx.loaders.historyOfSystem.load(s.id)),
  assessment: (s, _, ctx) => inReach(ctx, s, 'assessment', () => ctx.loaders.assessment.load(s.id)),
  vendorSelection: (s, _, ctx) => inReach(ctx, s, 'vendorSelection', () => ctx.loaders.vendorSelection.load(s.id)),
  // The latest plan stands from its approval on; after a change of provider (back to VENDOR_SELECTED) or
  // once retired, none does (rules.ts: PLANNED_STAGES).
  migrationPlan: (s, _, ctx) =>
    inReach(ctx, s, 'migrationPlan', async () => {
      const step = await stepOf(ctx, s);
      return step && PLANNED_STAGES.includes(step) ? ctx.loaders.migrationPlan.load(s.id) : null;
    }),
  corrections: (s, _, ctx) =>
    inReach(ctx, s, 'corrections', async () => recordedBy(await ctx.loaders.correctionsOfSystem.load(s.id), ctx.moment)),
  reclassificationRequests: (s, _, ctx) =>
    inReach(ctx, s, 'reclassificationRequests', () => ctx.loaders.reclassificationRequestsOfSystem.load(s.id)),
  // A system's own dependencies name the systems depended on: who they are shows, their data needs reach.
  dependencies: (s, _, ctx) =>
    inReach(ctx, s, 'dependencies', async () => (await ctx.loaders.dependenciesOf.load(s.id)).map((r) => r.system)),
  dependentsPage: (s, page, ctx) => inReach(ctx, s, 'dependentsPage', () => ctx.loaders.dependentPages().load(s.id, page, null)),
  dependents: (s, _, ctx) => inReach(ctx, s, 'dependents', async () => (await ctx.loaders.dependentsOf.load(s.id)).map((r) => r.system)),
  scheduleWarnings: (s, _, ctx) =>
    inReach(ctx, s, 'scheduleWarnings', async () => {
      const { loaders } = ctx;
      const dependencies = (await loaders.dependenciesOf.load(s.id)).map((r) => r.system);
      const [own, ...others] = await Promise.all([s.unitId, ...dependencies.map((d) => d.unitId)].map((id) => loaders.unit.load(id)));
      const system = { id: s.id, batch: loaded(own, 'unit', s.unitId).batchNumber };
      return dependencies.flatMap((dependsOn, i) => {
        const message = scheduleWarning(system, { id: dependsOn.id, batch: loaded(others[i], 'unit', dependsOn.unitId).batchNumber });
        return message ? [{ dependsOn, message }] : [];
      });
    }),
};
