/**
 * What the dashboard asks the graph, and the figures it draws from the answers. The page reads only the
 * public /graphql with the viewer's token and an `As-Of` header, so every panel says what that role may
 * see at that moment and nothing more. Plain functions of the answers: the figures a chart draws are
 * exactly these (exposed as the panel's `data-figures`, which the browser test compares with the graph).
 */
import type { Stage } from './dashboard-labels.ts';

export interface StageCount {
  stage: Stage;
  count: number;
}

export interface Figures {
  systemCount: number;
  exemptCount: number;
  retiredCount: number;
  centralisedCount: number;
}

export interface Named {
  id: string;
  name: string;
  officialName: string;
}

export const BURN_DOWN = `query DashboardBurnDown($from: String!, $to: String!) {
  batches { number name officialName windowStart windowEnd }
  monthlyBatchProgress(from: $from, to: $to) {
    month asOf batch { number }
    figures { systemCount exemptCount retiredCount centralisedCount }
  }
  progressReport(groupBy: BATCH) {
    asOf
    groups { batch { number } figures { systemCount exemptCount retiredCount centralisedCount } }
  }
}`;

export const APPROVED_EXTENSIONS = `query DashboardApprovedExtensions($after: String) {
  extensionRequests(status: APPROVED, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id newDueDate unit { id name officialName batch { number } } } }
  }
}`;

export const STAGES_BY_COORDINATING_UNIT = `query DashboardStages {
  progressReport(groupBy: COORDINATING_UNIT) {
    groupCount truncated
    groups {
      coordinatingUnit { id name officialName kind }
      figures { systemCount byStage { stage count } }
    }
  }
}`;

/** The first page of each list: the export has every row. */
export const OVERDUE = `query DashboardOverdue {
  overdueSystems(first: 50) {
    totalCount
    edges { node { dueDate stage daysOverdue system { id name officialName unit { id name officialName } } } }
  }
}`;

export const PENDING_EXTENSIONS = `query DashboardPendingExtensions {
  extensionRequests(status: PENDING, first: 50) {
    totalCount
    edges { node { id newDueDate requestedAt reason unit { id name officialName batch { number } } } }
  }
}`;

export const CAPACITY = `query DashboardCapacity {
  dataCenters { id name officialName racksUsed racksFree powerUsedKw powerFreeKw }
}`;

export const COSTS = `query DashboardCosts($after: String) {
  units(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id name officialName batch { number } monthlyCost { cloudServicesCny parkCny communicationCny } } }
  }
}`;

export const BUDGET = `query DashboardBudget($year: Int!, $after: String) {
  budgetCompliance(year: $year, groupBy: COORDINATING_UNIT, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { unit { id name officialName } lineCount totalCny nonCompliantLineCount nonCompliantCny } }
  }
}`;

export const JOURNEY = `query DashboardJourney($id: ID!) {
  system(id: $id) {
    id name officialName stage dueDate isOverdue
    unit { id name officialName batch { number windowEnd } }
    migrationPlan { plannedCutover destination { name officialName } }
    dataCenter { name officialName }
    history { from to at actor note }
  }
}`;

export const UNIT_SYSTEMS = `query DashboardUnit($id: ID!) {
  unit(id: $id) {
    id name officialName batch { number windowEnd }
    systems { id name officialName stage dueDate isOverdue }
  }
}`;

/** Systems still to centralise: neither exempt (§1) nor retired, and not yet centralised or integrated. */
export const remaining = (f: Figures) => f.systemCount - f.exemptCount - f.retiredCount - f.centralisedCount;

export interface BurnDownSeries {
  batch: number;
  name: string;
  officialName: string;
  windowStart: string;
  windowEnd: string;
  /** Each month's end before the moment, then the moment itself: [date or date-time, systems not yet centralised]. */
  points: { at: string; remaining: number }[];
  /** Approved extensions (as of the moment) of this batch's units: the new due dates. */
  extensions: { unitId: string; unit: string; newDueDate: string }[];
}

interface BurnDownAnswer {
  batches: { number: number; name: string; officialName: string; windowStart: string; windowEnd: string }[];
  monthlyBatchProgress: { month: string; asOf: string; batch: { number: number }; figures: Figures }[] | null;
  progressReport: { asOf: string; groups: { batch: { number: number } | null; figures: Figures }[] } | null;
}

/**
 * One burn-down per batch: the month ends the series has before the moment, then the moment's own figures
 * (the progress report as of that day), so the last point is the report's number for the date asked.
 */
export function burnDown(answer: BurnDownAnswer, approved: { newDueDate: string; unit: Named & { batch: { number: number } } }[]) {
  const moment = answer.progressReport?.asOf ?? '';
  return answer.batches.map((batch): BurnDownSeries => {
    const months = (answer.monthlyBatchProgress ?? []).filter((m) => m.batch.number === batch.number && m.asOf < moment);
    const now = answer.progressReport?.groups.find((g) => g.batch?.number === batch.number);
    return {
      batch: batch.number,
      name: batch.name,
      officialName: batch.officialName,
      windowStart: batch.windowStart,
      windowEnd: batch.windowEnd,
      points: [
        ...months.map((m) => ({ at: m.asOf, remaining: remaining(m.figures) })),
        ...(now ? [{ at: moment, remaining: remaining(now.figures) }] : []),
      ],
      extensions: approved
        .filter((e) => e.unit.batch.number === batch.number)
        .map((e) => ({ unitId: e.unit.id, unit: `${e.unit.officialName} ${e.unit.name}`, newDueDate: e.newDueDate })),
    };
  });
}

/** The monthly series' range: from the notice's month to the moment's, at most the 60 months the graph gives. */
export function monthRange(asOf: string): { from: string; to: string } {
  const first = '2015-07';
  const month = asOf.slice(0, 7);
  if (month <= first) return { from: first, to: first };
  const [year = 2015, m = 7] = first.split('-').map(Number);
  const last = new Date(Date.UTC(year, m - 1 + 59, 1)).toISOString().slice(0, 7);
  // Months written YYYY-MM sort as text.
  return { from: first, to: [month, last].sort()[0] ?? last };
}

export interface StageRow {
  id: string;
  name: string;
  officialName: string;
  kind: string;
  systemCount: number;
  byStage: Partial<Record<Stage, number>>;
}

/** Districts, counties and autonomous counties coordinate the units of their area (§6.2). */
export const DISTRICT_KINDS = ['DISTRICT', 'COUNTY', 'AUTONOMOUS_COUNTY'];

export function stageRows(
  groups: { coordinatingUnit: (Named & { kind: string }) | null; figures: { systemCount: number; byStage: StageCount[] } }[],
) {
  return groups.flatMap(({ coordinatingUnit: unit, figures }): StageRow[] =>
    unit
      ? [
          {
            id: unit.id,
            name: unit.name,
            officialName: unit.officialName,
            kind: unit.kind,
            systemCount: figures.systemCount,
            byStage: Object.fromEntries(figures.byStage.map((s) => [s.stage, s.count])),
          },
        ]
      : [],
  );
}

/** Money as the graph writes it ("1869690.00"), summed exactly in cents: never through a float. */
export function cents(decimal: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(decimal.trim());
  if (!match) throw new Error(`Not an amount of money: ${decimal}`);
  const [, sign, whole = '0', fraction = ''] = match;
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0') || '0');
  return sign ? -value : value;
}

export const yuan = (value: bigint) => {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};

export type CostSource = 'cloudServicesCny' | 'parkCny' | 'communicationCny';
export const COST_SOURCES: CostSource[] = ['cloudServicesCny', 'parkCny', 'communicationCny'];

export interface CostFigures {
  /** Each source summed over every unit the viewer sees, in CNY as exact decimals. */
  totals: Record<CostSource, string>;
  /** The same per batch of the units (the stacks of the chart). */
  byBatch: Record<string, Record<CostSource, string>>;
  unitCount: number;
  /** Units with a part the graph could not answer (null): left out of that part's sum. */
  unknownParts: number;
}

export function costFigures(
  units: { batch: { number: number }; monthlyCost: Partial<Record<CostSource, string | null>> | null }[],
): CostFigures {
  const zero = () => ({ cloudServicesCny: 0n, parkCny: 0n, communicationCny: 0n });
  const totals = zero();
  const byBatch: Record<string, Record<CostSource, bigint>> = {};
  let unknownParts = 0;
  for (const unit of units) {
    const batch = String(unit.batch.number);
    byBatch[batch] ??= zero();
    for (const source of COST_SOURCES) {
      const amount = unit.monthlyCost?.[source];
      if (amount == null) {
        unknownParts += 1;
        continue;
      }
      totals[source] += cents(amount);
      (byBatch[batch] as Record<CostSource, bigint>)[source] += cents(amount);
    }
  }
  const text = (sums: Record<CostSource, bigint>) =>
    Object.fromEntries(COST_SOURCES.map((s) => [s, yuan(sums[s])])) as Record<CostSource, string>;
  return {
    totals: text(totals),
    byBatch: Object.fromEntries(Object.entries(byBatch).map(([b, sums]) => [b, text(sums)])),
    unitCount: units.length,
    unknownParts,
  };
}
