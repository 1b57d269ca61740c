/**
 * The dashboard's charts as ECharts options, built from the figures (dashboard-queries.ts) and nothing
 * else, so what a chart draws is what the panel's `data-figures` says. Labels carry both languages.
 */
import type { EChartsOption } from 'echarts';
import { both, LABELS, STAGE_COLOURS, STAGE_LABELS, STAGES } from './dashboard-labels.ts';
import { type BurnDownSeries, COST_SOURCES, type CostFigures, type CostSource, cents, type StageRow } from './dashboard-queries.ts';

const TEXT = { fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif' };

/** A unit's short label: its Chinese name without the city's prefix and the government's suffix, then its English name. */
export const shortName = (unit: { name: string; officialName: string }) =>
  `${unit.officialName.replace(/^重庆市/, '').replace(/人民政府$/, '')} ${unit.name}`;

/** One batch's systems not yet centralised over time, its window shaded, its end and approved extensions marked. */
export function burnDownChart(series: BurnDownSeries): EChartsOption {
  const marks = [
    {
      xAxis: series.windowEnd,
      name: `${both(LABELS.windowEnd)} ${series.windowEnd}`,
      lineStyle: { color: '#c23531', type: 'solid' as const },
    },
    ...series.extensions.map((e) => ({
      xAxis: e.newDueDate,
      name: `${both(LABELS.extension)}: ${e.unit} → ${e.newDueDate}`,
      lineStyle: { color: '#e98f36', type: 'dashed' as const },
    })),
  ];
  // From the notice's month to whichever comes last of the moment, the window's end and the extensions,
  // so the deadline and every extension are always on the chart.
  const DAY = 86_400_000;
  const last = Math.max(
    ...series.points.map((p) => Date.parse(p.at)),
    Date.parse(series.windowEnd),
    ...series.extensions.map((e) => Date.parse(e.newDueDate)),
  );
  return {
    textStyle: TEXT,
    title: { text: `${series.officialName} ${series.name}`, left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 44, right: 24, top: 30, bottom: 30 },
    xAxis: {
      type: 'time',
      min: Date.parse('2015-07-01'),
      max: last + 15 * DAY,
      axisLabel: { formatter: '{yyyy}-{MM}', hideOverlap: true },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'line',
        name: both(LABELS.remaining),
        step: false,
        symbolSize: 6,
        data: series.points.map((p) => [p.at, p.remaining]),
        markArea: {
          silent: true,
          itemStyle: { color: 'rgba(61, 111, 196, 0.08)' },
          label: { position: 'insideBottom', fontSize: 10, color: '#5a6474' },
          data: [[{ xAxis: series.windowStart, name: both(LABELS.window) }, { xAxis: series.windowEnd }]],
        },
        markLine: {
          symbol: 'none',
          label: { show: true, formatter: '{b}', fontSize: 10, position: 'insideEndTop' },
          data: marks,
        },
      },
    ],
  };
}

/** Systems per stage, one stacked bar per unit. */
export function stagesChart(rows: StageRow[]): EChartsOption {
  const names = rows.map(shortName);
  return {
    textStyle: TEXT,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, itemWidth: 14, textStyle: { fontSize: 11 } },
    grid: { left: 8, right: 20, top: 58, bottom: 10, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 230, overflow: 'truncate' } },
    series: STAGES.map((stage) => ({
      type: 'bar',
      stack: 'stages',
      name: both(STAGE_LABELS[stage]),
      itemStyle: { color: STAGE_COLOURS[stage] },
      data: rows.map((row) => row.byStage[stage] ?? 0),
    })),
  };
}

export interface CapacityRow {
  id: string;
  name: string;
  officialName: string;
  racksUsed: number;
  racksFree: number;
  powerUsedKw: number;
  powerFreeKw: number;
}

/** Used and free per data centre, racks or power. */
export function capacityChart(rows: CapacityRow[], what: 'racks' | 'power'): EChartsOption {
  const [used, free] = what === 'racks' ? (['racksUsed', 'racksFree'] as const) : (['powerUsedKw', 'powerFreeKw'] as const);
  return {
    textStyle: TEXT,
    title: { text: both(what === 'racks' ? LABELS.racks : LABELS.power), left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 8, right: 20, top: 30, bottom: 30, containLabel: true },
    xAxis: { type: 'value', splitNumber: 4 },
    yAxis: { type: 'category', data: rows.map((r) => `${r.officialName}\n${r.name}`), inverse: true, axisLabel: { fontSize: 11 } },
    series: [
      { type: 'bar', stack: what, name: both(LABELS.used), itemStyle: { color: '#3d6fc4' }, data: rows.map((r) => r[used]) },
      { type: 'bar', stack: what, name: both(LABELS.free), itemStyle: { color: '#cfd8e6' }, data: rows.map((r) => r[free]) },
    ],
  };
}

const SOURCE_LABELS: Record<CostSource, string> = {
  cloudServicesCny: both(LABELS.cloud),
  parkCny: both(LABELS.park),
  communicationCny: both(LABELS.circuits),
};

/** The month's cost per source, stacked by the units' batch. */
export function costsChart(figures: CostFigures, batchNames: Record<string, string>): EChartsOption {
  const batches = Object.keys(figures.byBatch).sort();
  return {
    textStyle: TEXT,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 20, top: 56, bottom: 10, containLabel: true },
    xAxis: { type: 'category', data: COST_SOURCES.map((s) => SOURCE_LABELS[s]) },
    yAxis: { type: 'value', name: 'CNY' },
    series: batches.map((batch) => ({
      type: 'bar',
      stack: 'cost',
      name: batchNames[batch] ?? batch,
      data: COST_SOURCES.map((s) => Number(figures.byBatch[batch]?.[s] ?? 0)),
    })),
  };
}

export interface BudgetRow {
  id: string;
  name: string;
  officialName: string;
  lineCount: number;
  totalCny: string;
  nonCompliantLineCount: number;
  nonCompliantCny: string;
}

/** Budget lines per coordinating unit: the compliant and the non-compliant amounts, stacked. */
export function budgetChart(rows: BudgetRow[]): EChartsOption {
  return {
    textStyle: TEXT,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 20, top: 34, bottom: 10, containLabel: true },
    xAxis: { type: 'value', name: 'CNY' },
    yAxis: { type: 'category', data: rows.map(shortName), inverse: true, axisLabel: { width: 230, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        stack: 'budget',
        name: both(LABELS.compliant),
        itemStyle: { color: '#3ba272' },
        // In cents, then to yuan once: a difference of floats would show 0.30000000000000004.
        data: rows.map((r) => Number(cents(r.totalCny) - cents(r.nonCompliantCny)) / 100),
      },
      {
        type: 'bar',
        stack: 'budget',
        name: both(LABELS.nonCompliant),
        itemStyle: { color: '#c23531' },
        data: rows.map((r) => Number(r.nonCompliantCny)),
      },
    ],
  };
}
