/**
 * What an inventory file is, told apart before anything reads it: its format by name or content type, and
 * the error of a file that is no inventory at all. Light on purpose: the gateway's upload route loads it at
 * start, and the readers (exceljs, csv-parse) only when a file arrives.
 */

export type InventoryFormat = 'xlsx' | 'csv';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv';

/** A file that cannot be read as an inventory at all (not a row's problem): no rows are checked or sent. */
export class InventoryFileError extends Error {
  readonly code = 'INVALID_FILE';
}

/** The format of a file by its name or content type; undefined for anything else. */
export function formatOf(nameOrType: string): InventoryFormat | undefined {
  const text = nameOrType.toLowerCase().split(';')[0]?.trim() ?? '';
  if (text === XLSX_TYPE || text.endsWith('.xlsx')) return 'xlsx';
  if (text === CSV_TYPE || text === 'application/csv' || text.endsWith('.csv')) return 'csv';
  return undefined;
}
