/**
 * The shipped inventory template (spreadsheets/templates/inventory.xlsx and inventory.csv), made from the
 * columns' one definition so that the template, the reader and the README cannot disagree. Row 1 holds the
 * Chinese headings (each with its English note), row 2 the English field names, then one example row per
 * business type. `pnpm inventory-template` writes both files; a test checks the shipped ones are current.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { COLUMNS, EXAMPLES, type InventorySystem, labelOf } from './inventory-columns.ts';

/** The example rows as units write them: Chinese labels for the enum values. */
export const exampleCells = (system: InventorySystem): string[] =>
  COLUMNS.map((column) => (column.choices ? labelOf(column.choices, system[column.field]) : system[column.field]));

/** The template's rows: headings, English field names, examples. */
export const templateRows = (): string[][] => [
  COLUMNS.map((column) => column.heading),
  COLUMNS.map((column) => column.field),
  ...EXAMPLES.map(exampleCells),
];

/** The instructions sheet's rows: each column, its field, what to write and the values accepted. */
export const instructionRows = (): string[][] => [
  ['列 Column', '字段 Field', '说明 Note', '可填写的值 Values accepted'],
  ...COLUMNS.map((column) => [
    column.heading,
    column.field,
    column.note,
    column.choices?.map((choice) => [choice.label, ...(choice.also ?? []), choice.value].join(' / ')).join('\n') ?? '',
  ]),
];

export const INVENTORY_SHEET = '系统清单 Inventory';
export const INSTRUCTIONS_SHEET = '填写说明 Instructions';

/** How many rows below the examples offer the value lists (Excel's drop-downs). */
const FILLABLE_ROWS = 500;

/** The .xlsx template. Its timestamps are fixed, so that generating it again changes only what changed. */
export async function inventoryTemplateXlsx(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const fixed = new Date('2015-06-01T00:00:00Z');
  workbook.creator = 'migration-programme-graph';
  workbook.created = fixed;
  workbook.modified = fixed;

  const sheet = workbook.addWorksheet(INVENTORY_SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  for (const row of templateRows()) sheet.addRow(row);
  COLUMNS.forEach((column, index) => {
    sheet.getColumn(index + 1).width = column.field === 'id' ? 30 : 26;
    const heading = sheet.getCell(1, index + 1);
    heading.font = { bold: true };
    heading.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    heading.note = `${column.field}: ${column.note}`;
    sheet.getCell(2, index + 1).font = { italic: true, color: { argb: 'FF808080' } };
    if (!column.choices) return;
    // A drop-down of the Chinese labels; the reader accepts the enum names too.
    const list = `"${column.choices.map((choice) => choice.label).join(',')}"`;
    for (let row = 3; row <= EXAMPLES.length + 2 + FILLABLE_ROWS; row++) {
      sheet.getCell(row, index + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [list] };
    }
  });

  const instructions = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  for (const row of instructionRows()) instructions.addRow(row);
  instructions.getRow(1).font = { bold: true };
  for (const [index, width] of [14, 16, 60, 50].entries()) instructions.getColumn(index + 1).width = width;
  instructions.getColumn(4).alignment = { wrapText: true, vertical: 'top' };
  instructions.addRow([]);
  instructions.addRow([
    '第一行为列名，第二行为英文字段名，示例行可删除。The first row names the columns, the second gives their English fields; delete the example rows.',
  ]);

  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The CSV template: UTF-8 with a byte-order mark (Excel then reads the Chinese right). */
export const inventoryTemplateCsv = (): string => stringify(templateRows(), { bom: true });

/**
 * What a workbook holds, as text: every sheet's name, cells, notes, widths and drop-downs, without the
 * timestamps a zip file carries, so that a regenerated template compares equal to the shipped one.
 */
export async function workbookContent(bytes: Uint8Array): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  return JSON.stringify(workbook.worksheets.map((sheet) => sheet.model));
}
