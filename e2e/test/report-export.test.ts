/**
 * Report export through a real hub (README, Exporting reports): each report exported as .xlsx as of
 * 2015-09-30 (and the progress and cost reports as of 2016-06-30), read back with exceljs, and every figure
 * compared with what the graph itself answers for that day, asked here with operations of the test's own;
 * a CSV export the same; an analyst refused budget compliance by the command (exit 1, the code named); and
 * the gateway's GET /reports/… with the caller's token.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Viewer } from '@cq/kit/identity';
import { sumCny } from '@cq/kit/money';
import { ANALYST, FINANCE, OFFICE } from '@cq/kit/testing';
import { repoRoot } from '@cq/schema';
import { gatewayClient } from '@cq/spreadsheets/client';
import {
  endOfDayInShanghai,
  exportReport,
  type ReadCell,
  type ReadSheet,
  type ReportFormat,
  type ReportName,
  ReportRefused,
  readCsv,
  readXlsx,
} from '@cq/spreadsheets/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startHub } from '../src/hub.ts';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

/** Asks the graph as the viewer, as of the day (the As-Of header), with the test's own operation text. */
async function graph<D>(viewer: Viewer, asOf: string, query: string, variables: Record<string, unknown> = {}): Promise<D> {
  const { body } = await hub.post({ query, variables }, { authorization: `Bearer ${await hub.token(viewer)}`, 'as-of': asOf });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as D;
}

/** Every node of a root connection, as of the day. */
async function everyNode<N>(viewer: Viewer, asOf: string, field: string, query: string, variables: Record<string, unknown> = {}) {
  const nodes: N[] = [];
  let after: string | null = null;
  for (;;) {
    type Page = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: N }[] };
    const page: Page = (await graph<Record<string, Page>>(viewer, asOf, query, { ...variables, after }))[field] as Page;
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

async function exported(viewer: Viewer, report: ReportName, asOf: string, format: ReportFormat = 'xlsx', year?: number) {
  const client = gatewayClient(hub.url, await hub.token(viewer));
  return exportReport(client, { report, asOf, format, year }, { askedBy: viewer.role, generatedAt: new Date() });
}

async function workbookOf(viewer: Viewer, report: ReportName, asOf: string, year?: number): Promise<ReadSheet[]> {
  const { files } = await exported(viewer, report, asOf, 'xlsx', year);
  expect(files).toHaveLength(1);
  return readXlsx(files[0]?.body ?? Buffer.alloc(0));
}

function sheetOf(sheets: ReadSheet[], name: string): ReadSheet {
  const sheet = sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`No sheet ${name} in ${sheets.map((s) => s.name).join(', ')}`);
  return sheet;
}

/** A cell by the English part of its heading ("系统数 Systems" → "Systems"). */
function cell(row: Record<string, ReadCell> | undefined, english: string): ReadCell {
  if (!row) throw new Error('no such row');
  const key = Object.keys(row).find((heading) => heading.endsWith(` ${english}`));
  if (!key) throw new Error(`No column ${english} in ${Object.keys(row).join(', ')}`);
  return row[key] ?? null;
}

/** A day cell as the day it shows. */
const dayIn = (value: ReadCell) => (value instanceof Date ? value.toISOString().slice(0, 10) : `not a date: ${String(value)}`);

/** About's value for an item, by the English part of its name. */
const about = (sheets: ReadSheet[], item: string) =>
  sheetOf(sheets, 'About').rows.find((row) => String(row['项目 Item']).includes(item))?.['内容 Value'];

const FIGURES = `systemCount exemptCount centralisedCount integratedCount retiredCount overdueCount pendingExtensionCount
  percentCentralised percentIntegrated byStage { stage count }`;
interface Figures {
  [count: string]: unknown;
  byStage: { stage: string; count: number }[];
}

function expectFigures(row: Record<string, ReadCell> | undefined, figures: Figures) {
  expect(cell(row, 'Systems')).toBe(figures.systemCount);
  expect(cell(row, 'Exempt')).toBe(figures.exemptCount);
  expect(cell(row, 'Centralised')).toBe(figures.centralisedCount);
  expect(cell(row, 'Integrated')).toBe(figures.integratedCount);
  expect(cell(row, 'Retired')).toBe(figures.retiredCount);
  expect(cell(row, 'Overdue')).toBe(figures.overdueCount);
  expect(cell(row, 'Pending extensions')).toBe(figures.pendingExtensionCount);
  expect(cell(row, 'Centralised (%)')).toBe(figures.percentCentralised);
  expect(cell(row, 'Integrated (%)')).toBe(figures.percentIntegrated);
  for (const { stage, count } of figures.byStage) expect(cell(row, `Stage ${stage}`), stage).toBe(count);
}

describe.each(['2015-09-30', '2016-06-30'])('the progress report as of %s', (asOf) => {
  it('has the graph’s figures by batch and by coordinating unit, the totals, and an About sheet', async () => {
    const sheets = await workbookOf(OFFICE, 'progress', asOf);
    expect(sheets.map((s) => s.name)).toEqual(['按批次 By batch', '按协调单位 By coordinating unit', 'About']);
    const answer = await graph<{
      byBatch: { asOf: string; groups: { batch: { number: number; windowEnd: string }; figures: Figures }[]; total: Figures };
      byUnit: { groups: { coordinatingUnit: { id: string; officialName: string }; figures: Figures }[]; total: Figures };
    }>(
      OFFICE,
      asOf,
      `{ byBatch: progressReport(groupBy: BATCH) { asOf groups { batch { number windowEnd } figures { ${FIGURES} } } total { ${FIGURES} } }
         byUnit: progressReport(groupBy: COORDINATING_UNIT) { groups { coordinatingUnit { id officialName } figures { ${FIGURES} } } total { ${FIGURES} } } }`,
    );
    const byBatch = sheetOf(sheets, '按批次 By batch');
    expect(byBatch.rows).toHaveLength(answer.byBatch.groups.length + 1);
    for (const [index, group] of answer.byBatch.groups.entries()) {
      const row = byBatch.rows[index];
      expect(cell(row, 'Batch')).toBe(group.batch.number);
      expect(dayIn(cell(row, 'Window ends'))).toBe(group.batch.windowEnd);
      expectFigures(row, group.figures);
    }
    expectFigures(byBatch.rows.at(-1), answer.byBatch.total);
    expect(answer.byBatch.total.systemCount).toBeGreaterThan(0);

    const byUnit = sheetOf(sheets, '按协调单位 By coordinating unit');
    expect(byUnit.rows).toHaveLength(answer.byUnit.groups.length + 1);
    expect(answer.byUnit.groups.length).toBeGreaterThan(10);
    for (const [index, group] of answer.byUnit.groups.entries()) {
      const row = byUnit.rows[index];
      expect(cell(row, 'Unit id')).toBe(group.coordinatingUnit.id);
      expect(cell(row, 'Official name')).toBe(group.coordinatingUnit.officialName);
      expectFigures(row, group.figures);
    }
    expectFigures(byUnit.rows.at(-1), answer.byUnit.total);

    expect(dayIn(about(sheets, 'As of') ?? null)).toBe(asOf);
    expect(about(sheets, 'Answered at')).toBe(answer.byBatch.asOf);
    // The export was answered at the end of the day asked, in Asia/Shanghai, as the graph's own answer was.
    expect(answer.byBatch.asOf).toBe(endOfDayInShanghai(asOf).toISOString());
    expect(about(sheets, 'Asked as')).toBe('joint-conference');
    expect(about(sheets, 'Gateway')).toBe(hub.url);
  });
});

describe('the other reports as of 2015-09-30, as .xlsx', () => {
  const asOf = '2015-09-30';

  it('overdue: every overdue system of every page, with its due date as a date', async () => {
    const [sheet] = await workbookOf(OFFICE, 'overdue', asOf);
    const nodes = await everyNode<{ dueDate: string; stage: string; daysOverdue: number; system: { id: string; unit: { id: string } } }>(
      OFFICE,
      asOf,
      'overdueSystems',
      'query($after: String) { overdueSystems(first: 7, after: $after) { pageInfo { hasNextPage endCursor } edges { node { dueDate stage daysOverdue system { id unit { id } } } } } }',
    );
    expect(nodes.length).toBeGreaterThan(0);
    expect(sheet?.rows.map((row) => cell(row, 'System id'))).toEqual(nodes.map((node) => node.system.id));
    for (const [index, node] of nodes.entries()) {
      const row = sheet?.rows[index];
      expect(dayIn(cell(row, 'Due date'))).toBe(node.dueDate);
      expect(cell(row, 'Days overdue')).toBe(node.daysOverdue);
      expect(cell(row, 'Stage')).toBe(node.stage);
      expect(cell(row, 'Unit id')).toBe(node.system.unit.id);
    }
  });

  it('extensions: every request with its status and decision, instants on Beijing time', async () => {
    const [sheet] = await workbookOf(OFFICE, 'extensions', asOf);
    const nodes = await everyNode<{
      id: string;
      status: string;
      newDueDate: string;
      requestedAt: string;
      decision: { approved: boolean; decidedAt: string } | null;
    }>(
      OFFICE,
      asOf,
      'extensionRequests',
      'query($after: String) { extensionRequests(first: 1, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id status newDueDate requestedAt decision { approved decidedAt } } } } }',
    );
    expect(nodes.length).toBeGreaterThan(0);
    expect(sheet?.rows.map((row) => cell(row, 'Request id'))).toEqual(nodes.map((node) => node.id));
    for (const [index, node] of nodes.entries()) {
      const row = sheet?.rows[index];
      expect(cell(row, 'Status')).toBe(node.status);
      expect(dayIn(cell(row, 'New due date'))).toBe(node.newDueDate);
      const requestedAt = cell(row, 'Requested at (UTC+8)');
      expect(requestedAt).toBeInstanceOf(Date);
      expect((requestedAt as Date).getTime() - 8 * 3600_000).toBe(new Date(node.requestedAt).getTime());
      expect(cell(row, 'Approved')).toBe(node.decision ? node.decision.approved : null);
    }
  });

  it('budget-compliance (finance): by unit and by coordinating unit, money as numbers, the by-unit total exact', async () => {
    const sheets = await workbookOf(FINANCE, 'budget-compliance', asOf, 2015);
    type Row = {
      unit: { id: string };
      lineCount: number;
      totalCny: string;
      nonCompliantLineCount: number;
      nonCompliantCny: string;
      compliant: boolean;
    };
    const query = (groupBy: string) =>
      `query($after: String) { budgetCompliance(year: 2015, groupBy: ${groupBy}, first: 5, after: $after) { pageInfo { hasNextPage endCursor }
         edges { node { unit { id } lineCount totalCny nonCompliantLineCount nonCompliantCny compliant } } } }`;
    for (const [name, groupBy] of [
      ['按单位 By unit', 'UNIT'],
      ['按协调单位 By coordinating unit', 'COORDINATING_UNIT'],
    ] as const) {
      const nodes = await everyNode<Row>(FINANCE, asOf, 'budgetCompliance', query(groupBy));
      expect(nodes.length, groupBy).toBeGreaterThan(0);
      const rows = sheetOf(sheets, name).rows.filter((row) => cell(row, 'Unit id') !== '合计 Total');
      expect(rows.map((row) => cell(row, 'Unit id'))).toEqual(nodes.map((node) => node.unit.id));
      for (const [index, node] of nodes.entries()) {
        const row = rows[index];
        expect(cell(row, 'Lines')).toBe(node.lineCount);
        expect(cell(row, 'Total (CNY)')).toBe(Number(node.totalCny));
        expect(cell(row, 'Non-compliant lines')).toBe(node.nonCompliantLineCount);
        expect(cell(row, 'Non-compliant (CNY)')).toBe(Number(node.nonCompliantCny));
        expect(cell(row, 'Compliant')).toBe(node.compliant);
      }
      if (groupBy === 'UNIT') {
        const total = sheetOf(sheets, name).rows.at(-1);
        expect(cell(total, 'Unit id')).toBe('合计 Total');
        expect(cell(total, 'Total (CNY)')).toBe(Number(sumCny(nodes.map((node) => node.totalCny))));
        expect(cell(total, 'Non-compliant (CNY)')).toBe(Number(sumCny(nodes.map((node) => node.nonCompliantCny))));
      }
    }
    expect(about(sheets, 'Budget year')).toBe(2015);
  });

  it.each(['2015-09-30', '2016-06-30'])('costs as of %s: each unit by source, and a total row', async (day) => {
    const [sheet] = await workbookOf(OFFICE, 'costs', day);
    type Cost = { cloudServicesCny: string; parkCny: string; communicationCny: string; totalCny: string };
    const nodes = await everyNode<{ id: string; monthlyCost: Cost }>(
      OFFICE,
      day,
      'units',
      'query($after: String) { units(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id monthlyCost { cloudServicesCny parkCny communicationCny totalCny } } } } }',
    );
    expect(sheet?.rows).toHaveLength(nodes.length + 1);
    const sources = [
      ['Cloud services (CNY/month)', 'cloudServicesCny'],
      ['Park (CNY/month)', 'parkCny'],
      ['Circuits (CNY/month)', 'communicationCny'],
      ['Total (CNY/month)', 'totalCny'],
    ] as const;
    for (const [index, node] of nodes.entries()) {
      const row = sheet?.rows[index];
      expect(cell(row, 'Unit id')).toBe(node.id);
      for (const [column, source] of sources) expect(cell(row, column), `${node.id} ${source}`).toBe(Number(node.monthlyCost[source]));
    }
    const total = sheet?.rows.at(-1);
    for (const [column, source] of sources) expect(cell(total, column)).toBe(Number(sumCny(nodes.map((node) => node.monthlyCost[source]))));
    // Something is paid on each day asked: the comparison is not of zeros.
    expect(cell(total, 'Total (CNY/month)')).toBeGreaterThan(0);
  });
});

describe('CSV', () => {
  it('the costs report as CSV: UTF-8 with a BOM, Chinese headings, the graph’s exact amounts', async () => {
    const asOf = '2015-09-30';
    const { files } = await exported(OFFICE, 'costs', asOf, 'csv');
    expect(files.map((file) => file.filename)).toEqual(['costs-2015-09-30.csv']);
    const body = files[0]?.body ?? Buffer.alloc(0);
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { headings, rows } = readCsv(body);
    expect(headings).toContain('合计(元/月) Total (CNY/month)');
    const nodes = await everyNode<{ id: string; officialName: string; monthlyCost: { totalCny: string; parkCny: string } }>(
      OFFICE,
      asOf,
      'units',
      'query($after: String) { units(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id officialName monthlyCost { totalCny parkCny } } } } }',
    );
    expect(
      rows
        .slice(0, -1)
        .map((row) => [row['单位编号 Unit id'], row['单位正式名称 Unit official name'], row['合计(元/月) Total (CNY/month)']]),
    ).toEqual(nodes.map((node) => [node.id, node.officialName, node.monthlyCost.totalCny]));
    expect(rows.at(-1)?.['园区机房(元/月) Park (CNY/month)']).toBe(sumCny(nodes.map((node) => node.monthlyCost.parkCny)));
  });

  it('a report of two sheets gives one CSV per sheet, the main one first', async () => {
    const { files } = await exported(OFFICE, 'progress', '2015-09-30', 'csv');
    expect(files.map((file) => file.filename)).toEqual(['progress-2015-09-30.csv', 'progress-2015-09-30-by-coordinating-unit.csv']);
  });
});

describe('who may export', () => {
  it('an analyst exporting budget compliance is refused with FORBIDDEN, and the command exits 1 naming it', async () => {
    await expect(exported(ANALYST, 'budget-compliance', '2015-09-30')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(exported(ANALYST, 'budget-compliance', '2015-09-30')).rejects.toBeInstanceOf(ReportRefused);
    const out = mkdtempSync(join(tmpdir(), 'report-export-'));
    try {
      const args = ['tsx', 'scripts/export-report.ts', 'budget-compliance', '--as-of', '2015-09-30', '--format', 'xlsx'];
      const refused = await promisify(execFile)(
        'npx',
        [...args, '--token', await hub.token(ANALYST), '--gateway', hub.url, '--out', join(out, 'b.xlsx')],
        {
          cwd: repoRoot,
        },
      ).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/refused, FORBIDDEN: .*analyst/);
      // The same command as finance writes the workbook.
      await promisify(execFile)('npx', [...args, '--token', await hub.token(FINANCE), '--gateway', hub.url, '--out', join(out, 'b.xlsx')], {
        cwd: repoRoot,
      });
      const sheets = await readXlsx(readFileSync(join(out, 'b.xlsx')));
      expect(about(sheets, 'Asked as')).toMatch(/^finance/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('GET /reports/:report.(xlsx|csv) on the gateway', () => {
  it('answers the workbook as an attachment, with the caller’s token, and refuses what the role may not read', async () => {
    const origin = new URL(hub.url).origin;
    const response = await fetch(`${origin}/reports/progress.xlsx?asOf=2015-09-30`, {
      headers: { authorization: `Bearer ${await hub.token(OFFICE)}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="progress-2015-09-30.xlsx"');
    const sheets = await readXlsx(Buffer.from(await response.arrayBuffer()));
    const answer = await graph<{ progressReport: { total: { systemCount: number } } }>(
      OFFICE,
      '2015-09-30',
      '{ progressReport(groupBy: BATCH) { total { systemCount } } }',
    );
    expect(cell(sheetOf(sheets, '按批次 By batch').rows.at(-1), 'Systems')).toBe(answer.progressReport.total.systemCount);
    expect(about(sheets, 'Gateway')).toBe(hub.url);

    const analyst = await fetch(`${origin}/reports/budget-compliance.csv?asOf=2015-09-30`, {
      headers: { authorization: `Bearer ${await hub.token(ANALYST)}` },
    });
    expect(analyst.status).toBe(403);
    expect(((await analyst.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('FORBIDDEN');
    const signedOut = await fetch(`${origin}/reports/overdue.xlsx?asOf=2015-09-30`);
    expect(signedOut.status).toBe(401);
  });
});
