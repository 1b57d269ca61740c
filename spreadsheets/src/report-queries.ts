/**
 * The five exported reports, each read from the graph as of one day through the gateway as the caller's role
 * (every permission holds: a role that may not read a report is refused, never given part of it), and laid out
 * as sheets (report-sheet.ts). The numbers are the graph's own: nothing is computed here but the total rows.
 */
import { everyNode, type GatewayClient, type GraphQLAnswerError, type Page } from './client.ts';
import { type Column, type Row, type Sheet, totalRow } from './report-sheet.ts';
import { STAGE_LABELS, STAGES } from './stages.ts';

export const REPORTS = ['progress', 'overdue', 'extensions', 'budget-compliance', 'costs'] as const;
export type ReportName = (typeof REPORTS)[number];

export const isReportName = (name: string): name is ReportName => (REPORTS as readonly string[]).includes(name);

/** What each report is, for the About sheet and the command's help. */
export const REPORT_TITLES: Record<ReportName, { zh: string; en: string }> = {
  progress: { zh: '迁移进度', en: 'Migration progress by batch and by coordinating unit' },
  overdue: { zh: '逾期系统', en: 'Overdue systems' },
  extensions: { zh: '延期申请', en: 'Extension requests' },
  'budget-compliance': { zh: '预算合规', en: 'Budget compliance (§6.2) by unit and by coordinating unit' },
  costs: { zh: '月度费用', en: 'Monthly cost of each unit by source' },
};

/** A report the graph would not give: the rule's code and its message (FORBIDDEN for a role that may not read it). */
export class ReportRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReportRefused';
  }
}

export interface ReportQuery {
  report: ReportName;
  /** The day reported on ("2015-09-30"): sent as the As-Of header and as every root asOf. */
  asOf: string;
  /** The budget year (budget-compliance only): the as-of day's year by default. */
  year?: number;
}

export interface ReportBook {
  report: ReportName;
  asOf: string;
  /** The budget year, for budget-compliance. */
  year?: number;
  /** The instant the graph answered at, when the report says it (progressReport's asOf). */
  answeredAt?: string;
  /** Sheets, the main one first. */
  sheets: Sheet[];
  /** Anything a reader must know about the figures (a list cut to the graph's bound). */
  notes: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Sends one operation as of the day; any error refuses the whole report (no half report with gaps that look like zeros). */
async function ask<D>(client: GatewayClient, asOf: string, query: string, variables: Record<string, unknown>): Promise<D> {
  // The As-Of header sets the whole operation's moment; a root asOf, where the operation has one, says the same day.
  const answer = await client.request<D>(query, query.includes('$asOf') ? { ...variables, asOf } : variables, { 'As-Of': asOf });
  const error: GraphQLAnswerError | undefined = answer.errors?.[0];
  if (error) throw new ReportRefused(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), error.message);
  if (!answer.data) throw new ReportRefused('BAD_RESPONSE', 'The gateway gave no data.');
  return answer.data;
}

/** Every page of a root connection (100 at a time, the graph's largest page), in the graph's order. */
const allPages = <N>(
  client: GatewayClient,
  asOf: string,
  query: string,
  variables: Record<string, unknown>,
  pageOf: (data: Record<string, (Page<N> & { totalCount: number }) | null>) => Page<N> | null,
): Promise<N[]> =>
  everyNode(async (after) => {
    const page = pageOf(await ask(client, asOf, query, { ...variables, first: 100, after }));
    if (!page) throw new ReportRefused('BAD_RESPONSE', 'The gateway gave no page.');
    return page;
  });

/** The unit a row is about: its id, English name and official Chinese name, the same in every report. */
const UNIT_COLUMNS: Column[] = [
  { key: 'unitId', zh: '单位编号', en: 'Unit id', kind: 'text' },
  { key: 'unit', zh: '单位', en: 'Unit', kind: 'text' },
  { key: 'unitOfficialName', zh: '单位正式名称', en: 'Unit official name', kind: 'text' },
];

// ---------------------------------------------------------------------------------------------------------
// progress

const FIGURES = `systemCount exemptCount centralisedCount integratedCount retiredCount overdueCount pendingExtensionCount
  percentCentralised percentIntegrated byStage { stage count }`;

const PROGRESS = `query ExportProgress($asOf: String) {
  byBatch: progressReport(groupBy: BATCH, asOf: $asOf) {
    asOf groupCount truncated
    groups { label batch { number name officialName windowEnd } figures { ${FIGURES} } }
    total { ${FIGURES} }
  }
  byCoordinatingUnit: progressReport(groupBy: COORDINATING_UNIT, asOf: $asOf) {
    asOf groupCount truncated
    groups { label coordinatingUnit { id name officialName } figures { ${FIGURES} } }
    total { ${FIGURES} }
  }
}`;

interface Figures {
  systemCount: number;
  exemptCount: number;
  centralisedCount: number;
  integratedCount: number;
  retiredCount: number;
  overdueCount: number;
  pendingExtensionCount: number;
  percentCentralised: number;
  percentIntegrated: number;
  byStage: { stage: string; count: number }[];
}

interface ProgressAnswer {
  asOf: string;
  groupCount: number;
  truncated: boolean;
  groups: {
    label: string;
    batch?: { number: number; name: string; officialName: string; windowEnd: string } | null;
    coordinatingUnit?: { id: string; name: string; officialName: string } | null;
    figures: Figures;
  }[];
  total: Figures;
}

export const FIGURE_COLUMNS: Column[] = [
  { key: 'systemCount', zh: '系统数', en: 'Systems', kind: 'integer' },
  { key: 'exemptCount', zh: '豁免数', en: 'Exempt', kind: 'integer' },
  { key: 'centralisedCount', zh: '已集中数', en: 'Centralised', kind: 'integer' },
  { key: 'integratedCount', zh: '已整合数', en: 'Integrated', kind: 'integer' },
  { key: 'retiredCount', zh: '已下线数', en: 'Retired', kind: 'integer' },
  { key: 'overdueCount', zh: '逾期数', en: 'Overdue', kind: 'integer' },
  { key: 'pendingExtensionCount', zh: '待批延期申请', en: 'Pending extensions', kind: 'integer' },
  { key: 'percentCentralised', zh: '集中率(%)', en: 'Centralised (%)', kind: 'percent' },
  { key: 'percentIntegrated', zh: '整合率(%)', en: 'Integrated (%)', kind: 'percent' },
  ...STAGES.map(
    (stage): Column => ({
      key: `stage:${stage}`,
      zh: `阶段:${STAGE_LABELS[stage].zh}`,
      en: `Stage ${stage}`,
      kind: 'integer',
    }),
  ),
];

const figuresRow = (figures: Figures): Row => {
  const row: Row = {};
  for (const column of FIGURE_COLUMNS)
    if (!column.key.startsWith('stage:')) row[column.key] = figures[column.key as keyof Figures] as number;
  for (const stage of STAGES) row[`stage:${stage}`] = figures.byStage.find((s) => s.stage === stage)?.count ?? 0;
  return row;
};

async function progress(client: GatewayClient, { asOf }: ReportQuery): Promise<ReportBook> {
  const data = await ask<{ byBatch: ProgressAnswer; byCoordinatingUnit: ProgressAnswer }>(client, asOf, PROGRESS, {});
  const notes = [data.byBatch, data.byCoordinatingUnit]
    .filter((answer) => answer.truncated)
    .map((answer) => `Only the first ${answer.groups.length} of ${answer.groupCount} groups: the graph's bound.`);
  // The graph's own total (the whole programme), not a sum of the rows: a coordinating unit's subtree may hold another's.
  const total = (answer: ProgressAnswer, label: Row) => ({ ...label, ...figuresRow(answer.total) });
  return {
    report: 'progress',
    asOf,
    answeredAt: data.byBatch.asOf,
    notes,
    sheets: [
      {
        slug: 'by-batch',
        title: '按批次 By batch',
        columns: [
          { key: 'batch', zh: '批次', en: 'Batch', kind: 'integer' },
          { key: 'name', zh: '名称', en: 'Name', kind: 'text' },
          { key: 'officialName', zh: '正式名称', en: 'Official name', kind: 'text' },
          { key: 'windowEnd', zh: '截止日期', en: 'Window ends', kind: 'date' },
          ...FIGURE_COLUMNS,
        ],
        rows: data.byBatch.groups.map((group) => ({
          batch: group.batch?.number ?? null,
          name: group.batch?.name ?? group.label,
          officialName: group.batch?.officialName ?? null,
          windowEnd: group.batch?.windowEnd ?? null,
          ...figuresRow(group.figures),
        })),
        total: total(data.byBatch, { batch: null, name: '合计 Total', officialName: null, windowEnd: null }),
      },
      {
        slug: 'by-coordinating-unit',
        title: '按协调单位 By coordinating unit',
        columns: [
          { key: 'unitId', zh: '单位编号', en: 'Unit id', kind: 'text' },
          { key: 'name', zh: '单位', en: 'Coordinating unit', kind: 'text' },
          { key: 'officialName', zh: '单位正式名称', en: 'Official name', kind: 'text' },
          ...FIGURE_COLUMNS,
        ],
        rows: data.byCoordinatingUnit.groups.map((group) => ({
          unitId: group.coordinatingUnit?.id ?? null,
          name: group.coordinatingUnit?.name ?? group.label,
          officialName: group.coordinatingUnit?.officialName ?? null,
          ...figuresRow(group.figures),
        })),
        total: total(data.byCoordinatingUnit, { unitId: '合计 Total', name: null, officialName: null }),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// overdue

const OVERDUE = `query ExportOverdue($asOf: String, $first: Int, $after: String) {
  page: overdueSystems(asOf: $asOf, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node {
      dueDate stage daysOverdue
      system { id name officialName unit { id name officialName batch { number } coordinatingUnit { name officialName } } }
    } }
  }
}`;

interface OverdueNode {
  dueDate: string;
  stage: string;
  daysOverdue: number;
  system: {
    id: string;
    name: string;
    officialName: string;
    unit: {
      id: string;
      name: string;
      officialName: string;
      batch: { number: number };
      coordinatingUnit: { name: string; officialName: string };
    };
  };
}

async function overdue(client: GatewayClient, { asOf }: ReportQuery): Promise<ReportBook> {
  const nodes = await allPages<OverdueNode>(client, asOf, OVERDUE, {}, (data) => data.page ?? null);
  return {
    report: 'overdue',
    asOf,
    notes: [],
    sheets: [
      {
        slug: 'overdue',
        title: '逾期系统 Overdue systems',
        columns: [
          { key: 'systemId', zh: '系统编号', en: 'System id', kind: 'text' },
          { key: 'system', zh: '系统', en: 'System', kind: 'text' },
          { key: 'systemOfficialName', zh: '系统中文名称', en: 'System (Chinese)', kind: 'text' },
          ...UNIT_COLUMNS,
          { key: 'batch', zh: '批次', en: 'Batch', kind: 'integer' },
          { key: 'coordinatingUnit', zh: '协调单位', en: 'Coordinating unit', kind: 'text' },
          { key: 'stage', zh: '阶段', en: 'Stage', kind: 'text' },
          { key: 'dueDate', zh: '应完成日期', en: 'Due date', kind: 'date' },
          { key: 'daysOverdue', zh: '逾期天数', en: 'Days overdue', kind: 'integer' },
        ],
        rows: nodes.map((node) => ({
          systemId: node.system.id,
          system: node.system.name,
          systemOfficialName: node.system.officialName,
          unitId: node.system.unit.id,
          unit: node.system.unit.name,
          unitOfficialName: node.system.unit.officialName,
          batch: node.system.unit.batch.number,
          coordinatingUnit: `${node.system.unit.coordinatingUnit.officialName} ${node.system.unit.coordinatingUnit.name}`,
          stage: node.stage,
          dueDate: node.dueDate,
          daysOverdue: node.daysOverdue,
        })),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// extensions

const EXTENSIONS = `query ExportExtensions($asOf: String, $first: Int, $after: String) {
  page: extensionRequests(asOf: $asOf, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node {
      id reason newDueDate requestedAt requestedBy status
      unit { id name officialName }
      decision { approved note decidedAt decidedBy }
      withdrawal { reason withdrawnAt withdrawnBy }
    } }
  }
}`;

interface ExtensionNode {
  id: string;
  reason: string;
  newDueDate: string;
  requestedAt: string;
  requestedBy: string;
  status: string;
  unit: { id: string; name: string; officialName: string };
  decision: { approved: boolean; note: string | null; decidedAt: string; decidedBy: string } | null;
  withdrawal: { reason: string; withdrawnAt: string; withdrawnBy: string } | null;
}

async function extensions(client: GatewayClient, { asOf }: ReportQuery): Promise<ReportBook> {
  const nodes = await allPages<ExtensionNode>(client, asOf, EXTENSIONS, {}, (data) => data.page ?? null);
  return {
    report: 'extensions',
    asOf,
    notes: [],
    sheets: [
      {
        slug: 'extensions',
        title: '延期申请 Extension requests',
        columns: [
          { key: 'id', zh: '申请编号', en: 'Request id', kind: 'text' },
          ...UNIT_COLUMNS,
          { key: 'reason', zh: '理由', en: 'Reason', kind: 'text' },
          { key: 'newDueDate', zh: '申请完成日期', en: 'New due date', kind: 'date' },
          { key: 'requestedAt', zh: '申请时间(北京时间)', en: 'Requested at (UTC+8)', kind: 'datetime' },
          { key: 'requestedBy', zh: '申请人', en: 'Requested by', kind: 'text' },
          { key: 'status', zh: '状态', en: 'Status', kind: 'text' },
          { key: 'approved', zh: '是否批准', en: 'Approved', kind: 'boolean' },
          { key: 'decidedAt', zh: '决定时间(北京时间)', en: 'Decided at (UTC+8)', kind: 'datetime' },
          { key: 'decidedBy', zh: '决定人', en: 'Decided by', kind: 'text' },
          { key: 'note', zh: '批示', en: 'Decision note', kind: 'text' },
          { key: 'withdrawnAt', zh: '撤回时间(北京时间)', en: 'Withdrawn at (UTC+8)', kind: 'datetime' },
        ],
        rows: nodes.map((node) => ({
          id: node.id,
          unitId: node.unit.id,
          unit: node.unit.name,
          unitOfficialName: node.unit.officialName,
          reason: node.reason,
          newDueDate: node.newDueDate,
          requestedAt: node.requestedAt,
          requestedBy: node.requestedBy,
          status: node.status,
          approved: node.decision?.approved ?? null,
          decidedAt: node.decision?.decidedAt ?? null,
          decidedBy: node.decision?.decidedBy ?? null,
          note: node.decision?.note ?? null,
          withdrawnAt: node.withdrawal?.withdrawnAt ?? null,
        })),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// budget-compliance

const BUDGET = `query ExportBudgetCompliance($asOf: String, $year: Int!, $groupBy: BudgetGrouping!, $first: Int, $after: String) {
  page: budgetCompliance(year: $year, groupBy: $groupBy, asOf: $asOf, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { unit { id name officialName } lineCount totalCny nonCompliantLineCount nonCompliantCny compliant } }
  }
}`;

interface BudgetNode {
  unit: { id: string; name: string; officialName: string };
  lineCount: number;
  totalCny: string;
  nonCompliantLineCount: number;
  nonCompliantCny: string;
  compliant: boolean;
}

const BUDGET_COLUMNS: Column[] = [
  ...UNIT_COLUMNS,
  { key: 'lineCount', zh: '预算项数', en: 'Lines', kind: 'integer' },
  { key: 'totalCny', zh: '预算金额(元)', en: 'Total (CNY)', kind: 'money' },
  { key: 'nonCompliantLineCount', zh: '不合规项数', en: 'Non-compliant lines', kind: 'integer' },
  { key: 'nonCompliantCny', zh: '不合规金额(元)', en: 'Non-compliant (CNY)', kind: 'money' },
  { key: 'compliant', zh: '是否合规', en: 'Compliant', kind: 'boolean' },
];

async function budgetCompliance(client: GatewayClient, { asOf, year = Number(asOf.slice(0, 4)) }: ReportQuery): Promise<ReportBook> {
  const rowsBy = async (groupBy: 'UNIT' | 'COORDINATING_UNIT') =>
    (await allPages<BudgetNode>(client, asOf, BUDGET, { year, groupBy }, (data) => data.page ?? null)).map(
      (node): Row => ({
        unitId: node.unit.id,
        unit: node.unit.name,
        unitOfficialName: node.unit.officialName,
        lineCount: node.lineCount,
        totalCny: node.totalCny,
        nonCompliantLineCount: node.nonCompliantLineCount,
        nonCompliantCny: node.nonCompliantCny,
        compliant: node.compliant,
      }),
    );
  const byUnit = await rowsBy('UNIT');
  const byCoordinatingUnit = await rowsBy('COORDINATING_UNIT');
  return {
    report: 'budget-compliance',
    asOf,
    year,
    notes: [],
    sheets: [
      // Each unit once: its rows add up to the programme's total. Coordinating units' subtrees can nest, so that sheet has no total.
      { slug: 'by-unit', title: '按单位 By unit', columns: BUDGET_COLUMNS, rows: byUnit, total: totalRow(BUDGET_COLUMNS, byUnit) },
      { slug: 'by-coordinating-unit', title: '按协调单位 By coordinating unit', columns: BUDGET_COLUMNS, rows: byCoordinatingUnit },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// costs

const COSTS = `query ExportCosts($first: Int, $after: String) {
  page: units(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node {
      id name officialName kind batch { number }
      monthlyCost { cloudServicesCny parkCny communicationCny totalCny }
    } }
  }
}`;

interface CostNode {
  id: string;
  name: string;
  officialName: string;
  kind: string;
  batch: { number: number };
  monthlyCost: { cloudServicesCny: string | null; parkCny: string | null; communicationCny: string | null; totalCny: string | null } | null;
}

const COST_COLUMNS: Column[] = [
  ...UNIT_COLUMNS,
  { key: 'kind', zh: '单位类型', en: 'Kind', kind: 'text' },
  { key: 'batch', zh: '批次', en: 'Batch', kind: 'integer' },
  { key: 'cloudServicesCny', zh: '云服务(元/月)', en: 'Cloud services (CNY/month)', kind: 'money' },
  { key: 'parkCny', zh: '园区机房(元/月)', en: 'Park (CNY/month)', kind: 'money' },
  { key: 'communicationCny', zh: '通信线路(元/月)', en: 'Circuits (CNY/month)', kind: 'money' },
  { key: 'totalCny', zh: '合计(元/月)', en: 'Total (CNY/month)', kind: 'money' },
];

async function costs(client: GatewayClient, { asOf }: ReportQuery): Promise<ReportBook> {
  // units takes no asOf argument: the As-Of header alone sets the operation's moment, so no $asOf is declared.
  const nodes = await allPages<CostNode>(client, asOf, COSTS, {}, (data) => data.page ?? null);
  const rows = nodes.map(
    (node): Row => ({
      unitId: node.id,
      unit: node.name,
      unitOfficialName: node.officialName,
      kind: node.kind,
      batch: node.batch.number,
      cloudServicesCny: node.monthlyCost?.cloudServicesCny ?? null,
      parkCny: node.monthlyCost?.parkCny ?? null,
      communicationCny: node.monthlyCost?.communicationCny ?? null,
      totalCny: node.monthlyCost?.totalCny ?? null,
    }),
  );
  const total = totalRow(COST_COLUMNS, rows);
  total.batch = null;
  return {
    report: 'costs',
    asOf,
    notes: [],
    sheets: [{ slug: 'costs', title: '月度费用 Monthly cost', columns: COST_COLUMNS, rows, total }],
  };
}

const BUILDERS: Record<ReportName, (client: GatewayClient, query: ReportQuery) => Promise<ReportBook>> = {
  progress,
  overdue,
  extensions,
  'budget-compliance': budgetCompliance,
  costs,
};

/** Reads one report from the graph as of its day, as the client's caller. */
export async function readReport(client: GatewayClient, query: ReportQuery): Promise<ReportBook> {
  if (!DAY.test(query.asOf)) throw new ReportRefused('BAD_USER_INPUT', `The as-of day must be written YYYY-MM-DD, not "${query.asOf}".`);
  if (query.year !== undefined && !Number.isInteger(query.year))
    throw new ReportRefused('BAD_USER_INPUT', `The budget year must be a whole number, not "${query.year}".`);
  return BUILDERS[query.report](client, query);
}
