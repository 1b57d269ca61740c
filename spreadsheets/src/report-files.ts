/**
 * A report's sheets written as files: .xlsx with exceljs (typed cells: counts and money as numbers, days and
 * instants as dates, each with its number format; an "About" sheet saying what the file is), and CSV with
 * csv-stringify (UTF-8 with a byte-order mark, so Excel reads the Chinese headings and names).
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { csvText } from './cell-text.ts';
import { REPORT_TITLES, type ReportBook } from './report-queries.ts';
import { type CellValue, type Column, dayOf, heading, type Row, type Sheet, shanghaiClockOf, shanghaiIsoOf } from './report-sheet.ts';

/** Where a report came from and for whom: the About sheet. */
export interface AboutFacts {
  /** Who asked: the token's role (and whom it acts for) and subject. */
  askedBy: string;
  /** When the file was made. */
  generatedAt: Date;
  /** The gateway that answered. */
  gatewayUrl: string;
}

const NUMBER_FORMATS: Partial<Record<Column['kind'], string>> = {
  integer: '0',
  money: '#,##0.00',
  percent: '0.0#',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss',
};

/** A value as Excel should hold it: money from its exact Decimal string, days and instants as dates. */
function excelValue(column: Column, value: CellValue | undefined): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  switch (column.kind) {
    case 'integer':
    case 'percent':
    case 'money':
      return Number(value);
    case 'date':
      return dayOf(String(value));
    case 'datetime':
      return shanghaiClockOf(String(value));
    case 'boolean':
      return Boolean(value);
    default:
      return String(value);
  }
}

function addSheet(workbook: ExcelJS.Workbook, sheet: Sheet): void {
  const worksheet = workbook.addWorksheet(sheet.title, { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = sheet.columns.map((column) => ({
    header: heading(column),
    key: column.key,
    width: Math.min(40, Math.max(12, heading(column).length + 2)),
    style: NUMBER_FORMATS[column.kind] ? { numFmt: NUMBER_FORMATS[column.kind] } : {},
  }));
  worksheet.getRow(1).font = { bold: true };
  const add = (row: Row) =>
    worksheet.addRow(Object.fromEntries(sheet.columns.map((column) => [column.key, excelValue(column, row[column.key])])));
  for (const row of sheet.rows) add(row);
  if (sheet.total) add(sheet.total).font = { bold: true };
}

function addAbout(workbook: ExcelJS.Workbook, book: ReportBook, about: AboutFacts): void {
  const worksheet = workbook.addWorksheet('About');
  worksheet.columns = [
    { header: '项目 Item', key: 'item', width: 34 },
    { header: '内容 Value', key: 'value', width: 80 },
  ];
  worksheet.getRow(1).font = { bold: true };
  const title = REPORT_TITLES[book.report];
  const rows: [string, ExcelJS.CellValue][] = [
    ['报表 Report', `${title.zh} ${title.en} (${book.report})`],
    ['截至日期 As of (end of day, Asia/Shanghai)', dayOf(book.asOf)],
    ...(book.answeredAt ? [['数据时点 Answered at (UTC)', book.answeredAt] as [string, ExcelJS.CellValue]] : []),
    ...(book.year !== undefined ? [['预算年度 Budget year', book.year] as [string, ExcelJS.CellValue]] : []),
    ['查询角色 Asked as (role)', about.askedBy],
    ['生成时间 Generated at (UTC)', about.generatedAt.toISOString()],
    ['网关 Gateway', about.gatewayUrl],
    ['工作表 Sheets', book.sheets.map((sheet) => sheet.title).join('; ')],
    ['时间 Times', 'Days are calendar days in Asia/Shanghai; date-times in the sheets are on Beijing time (UTC+8).'],
    ...book.notes.map((note): [string, ExcelJS.CellValue] => ['说明 Note', note]),
  ];
  for (const [item, value] of rows) worksheet.addRow({ item, value });
  worksheet.getCell('B3').numFmt = 'yyyy-mm-dd';
}

/** The report as an .xlsx workbook: one sheet per grouping, then About. */
export async function xlsxOf(book: ReportBook, about: AboutFacts): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = about.askedBy;
  workbook.created = about.generatedAt;
  for (const sheet of book.sheets) addSheet(workbook, sheet);
  addAbout(workbook, book, about);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A value as CSV text: money as the graph's exact Decimal, days as YYYY-MM-DD, instants ISO on Beijing time. */
function csvValue(column: Column, value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (column.kind === 'datetime') return shanghaiIsoOf(String(value));
  return column.kind === 'text' ? csvText(String(value)) : String(value);
}

/** One sheet as CSV: a heading row (Chinese and English), the rows, the total row; UTF-8 with a BOM for Excel. */
export function csvOf(sheet: Sheet): Buffer {
  const records = [...sheet.rows, ...(sheet.total ? [sheet.total] : [])].map((row) =>
    sheet.columns.map((column) => csvValue(column, row[column.key])),
  );
  return Buffer.from(stringify([sheet.columns.map(heading), ...records], { bom: true, record_delimiter: 'windows' }), 'utf8');
}
