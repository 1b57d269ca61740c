/**
 * An exported report read back as a spreadsheet program would: each sheet's cells as exceljs holds them
 * (numbers, dates, text, booleans; no conversion here, so a check sees the very types the file carries), keyed
 * by the heading row. Used by the tests that compare an export with the graph.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export type ReadCell = ExcelJS.CellValue;

export interface ReadSheet {
  name: string;
  headings: string[];
  /** Rows below the heading row, each keyed by heading; empty cells are null. */
  rows: Record<string, ReadCell>[];
}

/** Every sheet of an .xlsx file, in order. */
export async function readXlsx(body: Buffer): Promise<ReadSheet[]> {
  const workbook = new ExcelJS.Workbook();
  // exceljs's own Buffer type predates Node 20's generic Buffer.
  await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
  return workbook.worksheets.map((worksheet) => {
    const headings: string[] = [];
    worksheet.getRow(1).eachCell({ includeEmpty: true }, (cell, column) => {
      headings[column - 1] = String(cell.value ?? '');
    });
    const rows: Record<string, ReadCell>[] = [];
    for (let index = 2; index <= worksheet.rowCount; index++) {
      const row = worksheet.getRow(index);
      rows.push(Object.fromEntries(headings.map((heading, column) => [heading, row.getCell(column + 1).value ?? null])));
    }
    return { name: worksheet.name, headings, rows };
  });
}

/** A CSV export: its heading row and its rows keyed by heading (all text, as CSV is), the byte-order mark removed. */
export function readCsv(body: Buffer): { headings: string[]; rows: Record<string, string>[] } {
  const [headings = [], ...records] = parse(body, { bom: true }) as string[][];
  return {
    headings,
    rows: records.map((record) => Object.fromEntries(headings.map((heading, column) => [heading, record[column] ?? '']))),
  };
}
