import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { GatewayClient } from '../src/client.ts';
import { InventoryFileError, type InventoryFormat, importInventory, readInventory, reportCsv } from '../src/inventory.ts';
import { EXAMPLES } from '../src/inventory-columns.ts';
import {
  INSTRUCTIONS_SHEET,
  INVENTORY_SHEET,
  instructionRows,
  inventoryTemplateCsv,
  inventoryTemplateXlsx,
  templateRows,
  workbookContent,
} from '../src/inventory-template.ts';

const template = (ext: InventoryFormat) => readFileSync(new URL(`../templates/inventory.${ext}`, import.meta.url));
const csv = (text: string) => new TextEncoder().encode(text);

/** An .xlsx workbook whose first sheet holds these rows. */
async function xlsx(rows: (string | number)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('清单');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function sheetValues(bytes: Uint8Array, name: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const sheet = workbook.getWorksheet(name);
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    rows.push(Array.from({ length: row.cellCount }, (_, index) => row.getCell(index + 1).text));
  });
  return { rows, notes: [1, 2, 3, 4, 5, 6].map((index) => String(sheet?.getCell(1, index).note ?? '')) };
}

const HEADINGS = '系统编号,系统名称,英文名称,是否涉密,业务类型,部署方式';

describe('the shipped template', () => {
  it('is current: both files hold what pnpm inventory-template writes', async () => {
    expect(template('csv').toString('utf8')).toBe(inventoryTemplateCsv());
    expect(await workbookContent(template('xlsx'))).toBe(await workbookContent(await inventoryTemplateXlsx()));
    const inventory = await sheetValues(template('xlsx'), INVENTORY_SHEET);
    expect(inventory.rows).toEqual(templateRows());
    // Each heading carries its English note.
    expect(inventory.notes[0]).toMatch(/^id: System id/);
    expect(inventory.notes[5]).toMatch(/^hosting: /);
    const instructions = await sheetValues(template('xlsx'), INSTRUCTIONS_SHEET);
    expect(instructions.rows.slice(0, instructionRows().length)).toEqual(instructionRows());
  });

  it('has Chinese headings, English field names beneath, and one example per business type and per kind of hosting', () => {
    const [headings, fields, ...examples] = templateRows();
    expect(headings).toEqual(HEADINGS.split(','));
    expect(fields).toEqual(['id', 'officialName', 'name', 'classification', 'businessType', 'hosting']);
    expect(examples[0]).toEqual([
      'example-approval-portal',
      '行政审批服务平台',
      'Administrative approval portal',
      '非涉密',
      '政务服务',
      '自有机房',
    ]);
    expect(new Set(EXAMPLES.map((system) => system.businessType)).size).toBe(6);
    expect(new Set(EXAMPLES.map((system) => system.hosting)).size).toBe(4);
    expect(EXAMPLES.some((system) => system.classification === 'CLASSIFIED')).toBe(true);
  });

  it.each(['xlsx', 'csv'] as const)('reads back from its .%s as the examples, from line 3 on, with nothing refused', async (format) => {
    const parsed = await readInventory(template(format), format);
    expect(parsed.invalid).toEqual([]);
    expect(parsed.rows).toEqual(EXAMPLES.map((system, index) => ({ line: index + 3, system })));
  });
});

describe('reading an inventory', () => {
  it('takes Chinese values and enum names alike, 是/否 for the classification, in CSV with or without a byte-order mark', async () => {
    const text = [
      HEADINGS,
      'a-one,系统一,System one,涉密,门户网站,第三方托管',
      'a-two,系统二,System two,NON_CLASSIFIED,monitoring,cloud-service',
      'a-three,系统三,System three,否,行政审批,园区机房',
    ].join('\r\n');
    for (const bytes of [csv(text), csv(`\uFEFF${text}\n`)]) {
      const parsed = await readInventory(bytes, 'csv');
      expect(parsed.invalid).toEqual([]);
      expect(parsed.rows.map(({ line, system }) => [line, system.classification, system.businessType, system.hosting])).toEqual([
        [2, 'CLASSIFIED', 'PUBLIC_WEBSITE', 'THIRD_PARTY_HOSTED'],
        [3, 'NON_CLASSIFIED', 'MONITORING', 'CLOUD_SERVICE'],
        [4, 'NON_CLASSIFIED', 'GOVERNMENT_SERVICE', 'PARK_DATA_CENTER'],
      ]);
    }
  });

  it('finds the columns by heading in any order, English field names too, and leaves a unit’s own columns aside', async () => {
    const bytes = await xlsx([
      ['备注', 'hosting', '英文名称', '系统编号 (id)', 'businessType', '是否涉密', '系统名称'],
      ['our note', '自有机房', 'Archive', 'b-archive', '数据资源', '非涉密', '档案系统'],
    ]);
    const parsed = await readInventory(bytes, 'xlsx');
    expect(parsed.rows).toEqual([
      {
        line: 2,
        system: {
          id: 'b-archive',
          officialName: '档案系统',
          name: 'Archive',
          classification: 'NON_CLASSIFIED',
          businessType: 'DATA_AND_REGISTRY',
          hosting: 'OWN_MACHINE_ROOM',
        },
      },
    ]);
  });

  const BAD = [
    HEADINGS.split(','),
    ['c-good', '好系统', 'Good system', '非涉密', '政务服务', '自有机房'],
    ['C_Bad Id', '坏编号', 'Bad id', '非涉密', '政务服务', '自有机房'],
    ['c-empty', '', 'No Chinese name', '非涉密', '政务服务', '自有机房'],
    ['c-unknown', '未知值', 'Unknown values', '机密', '政务服务', '机房'],
    ['c-twice', '重复一', 'Twice one', '非涉密', '政务服务', '自有机房'],
    ['', '', '', '', '', ''],
    ['c-twice', '重复二', 'Twice two', '非涉密', '监测监管', '云服务'],
  ];
  const problemsOf = (parsed: Awaited<ReturnType<typeof readInventory>>) =>
    parsed.invalid.flatMap((row) => row.problems.map(({ line, column, reason }) => [line, column, reason]));

  it.each(['xlsx', 'csv'] as const)(
    'reports each bad row of a .%s with its line, column and reason, and keeps the good ones',
    async (format) => {
      const bytes = format === 'xlsx' ? await xlsx(BAD) : csv(BAD.map((row) => row.join(',')).join('\n'));
      const parsed = await readInventory(bytes, format);
      expect(parsed.rows.map((row) => [row.line, row.system.id])).toEqual([[2, 'c-good']]);
      expect(parsed.invalid.map((row) => [row.line, row.systemId])).toEqual([
        [3, 'C_Bad Id'],
        [4, 'c-empty'],
        [5, 'c-unknown'],
        [6, 'c-twice'],
        [8, 'c-twice'],
      ]);
      expect(problemsOf(parsed)).toEqual([
        [3, '系统编号 (id)', expect.stringMatching(/^"C_Bad Id" is not a system id: 2 to 80 lower-case letters/)],
        [4, '系统名称 (officialName)', 'Required: the cell is empty.'],
        [
          5,
          '是否涉密 (classification)',
          expect.stringMatching(/^Unknown value "机密": one of 非涉密 \(NON_CLASSIFIED\), 涉密 \(CLASSIFIED\)\.$/),
        ],
        [5, '部署方式 (hosting)', expect.stringMatching(/^Unknown value "机房": one of 自有机房 \(OWN_MACHINE_ROOM\)/)],
        [6, '系统编号 (id)', 'c-twice appears on lines 6, 8 of the file.'],
        [8, '系统编号 (id)', 'c-twice appears on lines 6, 8 of the file.'],
      ]);
    },
  );

  it('counts lines as the file has them when a quoted cell spans lines', async () => {
    const parsed = await readInventory(
      csv(`${HEADINGS}\r\nd-one,"多行\r\n名称",Multi line,非涉密,政务服务,自有机房\nd-two,,x,非涉密,政务服务,自有机房\n`),
      'csv',
    );
    expect(parsed.rows.map((row) => row.line)).toEqual([2]);
    expect(parsed.invalid.map((row) => row.line)).toEqual([4]);
  });

  it('refuses a file that is not an inventory as a whole, naming what is wrong', async () => {
    await expect(readInventory(csv('系统编号,系统名称\nx,y\n'), 'csv')).rejects.toThrow(
      /lacks 英文名称 \(name\), 是否涉密 \(classification\), 业务类型 \(businessType\), 部署方式 \(hosting\)/,
    );
    // 编号 in GBK: a CSV saved by Excel in a Chinese locale without choosing UTF-8.
    await expect(readInventory(new Uint8Array([0xb1, 0xe0, 0xba, 0xc5, 0x0a]), 'csv')).rejects.toThrow(/not UTF-8/);
    await expect(readInventory(csv('not a zip'), 'xlsx')).rejects.toBeInstanceOf(InventoryFileError);
    await expect(readInventory(csv(''), 'csv')).rejects.toThrow(/The file is empty/);
  });
});

describe('importing checked rows', () => {
  /** A stand-in for the gateway answering as a programme with one system would: the requests it got are kept. */
  function gateway() {
    const sent: { query: string; variables: Record<string, unknown> }[] = [];
    const standing = { ...EXAMPLES[0], version: 3 };
    const client: GatewayClient = {
      url: 'test',
      async request<D>(query: string, variables: Record<string, unknown> = {}) {
        sent.push({ query, variables });
        if (query.includes('InventoryOfUnit')) {
          return {
            data: { unit: { id: 'u' }, systems: { edges: [{ node: standing }], pageInfo: { hasNextPage: false, endCursor: null } } } as D,
          };
        }
        return { data: {} as D };
      },
    };
    return { client, sent };
  }
  const row = (line: number, changes: Partial<(typeof EXAMPLES)[0]> = {}) => ({
    line,
    system: { ...(EXAMPLES[0] as (typeof EXAMPLES)[0]), ...changes },
  });

  it('reads once, sends one mutation per row to change, nothing for an unchanged row, and refuses any change but hosting', async () => {
    const { client, sent } = gateway();
    const report = await importInventory(client, 'u', {
      rows: [
        row(2),
        row(3, { hosting: 'CLOUD_SERVICE' }),
        row(4, { classification: 'CLASSIFIED', hosting: 'CLOUD_SERVICE' }),
        row(5, { id: 'fresh' }),
      ],
      invalid: [
        { line: 6, systemId: 'x', problems: [{ line: 6, column: '系统名称 (officialName)', reason: 'Required: the cell is empty.' }] },
      ],
    });
    expect(report.rows.map((r) => [r.line, r.outcome, r.code ?? null])).toEqual([
      [2, 'unchanged', null],
      [3, 'corrected', null],
      [4, 'refused', 'NOT_IMPORTABLE'],
      [5, 'created', null],
      [6, 'refused', 'INVALID_ROW'],
    ]);
    expect(report.counts).toEqual({ created: 1, corrected: 1, unchanged: 1, refused: 2 });
    expect(report.rows[2]?.message).toMatch(/classification: 非涉密 \(NON_CLASSIFIED\) → 涉密 \(CLASSIFIED\).*requestReclassification/);
    expect(sent.map((request) => request.query.match(/(query|mutation) (\w+)/)?.[2])).toEqual([
      'InventoryOfUnit',
      'ImportSystemHosting',
      'ImportSystem',
    ]);
    expect(sent[1]?.variables.input).toMatchObject({ systemId: EXAMPLES[0]?.id, expectedVersion: 3, hosting: 'CLOUD_SERVICE' });
    expect(sent[2]?.variables.input).toMatchObject({ id: 'fresh', unitId: 'u' });
    expect(reportCsv(report).split('\n')[0]).toBe('\uFEFFline,systemId,outcome,code,message');
  });
});
