/**
 * Reading an inventory file (.xlsx or CSV) and checking every row before anything is sent: required cells,
 * known values, the id's format, ids repeated within the file. Each problem names its line (the row's
 * number in the sheet, or its line in the CSV file), its column and why, so the unit can fix its file.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { COLUMNS, type Column, choiceOf, columnName, type InventorySystem, MAX_NAME, SYSTEM_ID } from './inventory-columns.ts';
import { InventoryFileError, type InventoryFormat } from './inventory-format.ts';

export interface InventoryProblem {
  line: number;
  /** The column as "heading (field)"; absent for a problem of the whole row. */
  column?: string;
  reason: string;
}

/** A row that passed every check, ready for `createSystem`. */
export interface InventoryRow {
  line: number;
  system: InventorySystem;
}

/** A row refused before anything is sent, with each of its problems. */
export interface InvalidRow {
  line: number;
  /** The id cell as written, when there was one. */
  systemId: string | null;
  problems: InventoryProblem[];
}

export interface ParsedInventory {
  rows: InventoryRow[];
  invalid: InvalidRow[];
}

/** A sheet's rows as texts, each with its line. */
interface Line {
  line: number;
  cells: string[];
}

/** Reads and checks an inventory; throws InventoryFileError when the file is not one. */
export async function readInventory(bytes: Uint8Array, format: InventoryFormat): Promise<ParsedInventory> {
  return checkRows(format === 'xlsx' ? await xlsxLines(bytes) : csvLines(bytes));
}

async function xlsxLines(bytes: Uint8Array): Promise<Line[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types ask for a Node Buffer; the bytes are the same.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new InventoryFileError(`The file is not a readable .xlsx workbook: ${(error as Error).message}`);
  }
  // The inventory is the first sheet (the template's second one holds the instructions).
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new InventoryFileError('The workbook has no sheet.');
  const lines: Line[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let index = 1; index <= row.cellCount; index++) cells.push(row.getCell(index).text ?? '');
    lines.push({ line: row.number, cells });
  });
  return lines;
}

function csvLines(bytes: Uint8Array): Line[] {
  let text: string;
  try {
    // A byte-order mark, as Excel writes with "CSV UTF-8", is dropped by the decoder.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InventoryFileError('The CSV file is not UTF-8: save it as "CSV UTF-8" (Excel) or convert it from GBK first.');
  }
  try {
    // One kind of line break (Excel on Windows writes CRLF, a file edited elsewhere may mix them), so that
    // csv-parse counts lines as an editor shows them.
    const records = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    // A record ends on info.lines; a quoted cell may span lines, so its first line is counted back.
    return records.map(({ record, info }) => ({
      line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
      cells: record,
    }));
  } catch (error) {
    throw new InventoryFileError(`The CSV file cannot be read: ${(error as Error).message}`);
  }
}

const blank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/** The column a heading cell names: its Chinese heading (alone or followed by anything) or its English field. */
function columnOf(cell: string): Column | undefined {
  const text = cell.trim();
  if (!text) return undefined;
  return COLUMNS.find(
    (column) => text === column.heading || text.toLowerCase() === column.field.toLowerCase() || text.startsWith(column.heading),
  );
}

/** The most systems one file may list: a unit's inventory is a few hundred; a larger file is split. */
export const MAX_INVENTORY_ROWS = 5000;

function checkRows(lines: Line[]): ParsedInventory {
  const content = lines.filter((line) => !blank(line.cells));
  if (content.length - 1 > MAX_INVENTORY_ROWS) {
    throw new InventoryFileError(`The file lists ${content.length - 1} rows; an import takes at most ${MAX_INVENTORY_ROWS}: split it.`);
  }
  const header = content[0];
  if (!header) throw new InventoryFileError(`The file is empty: its first row names the columns (${COLUMNS.map(columnName).join(', ')}).`);
  const positions = new Map<Column, number>();
  header.cells.forEach((cell, index) => {
    const column = columnOf(cell);
    if (!column) return; // Columns of the unit's own (remarks, contacts) are not the graph's business.
    if (positions.has(column)) throw new InventoryFileError(`Line ${header.line}: the column ${columnName(column)} appears twice.`);
    positions.set(column, index);
  });
  const missing = COLUMNS.filter((column) => !positions.has(column));
  if (missing.length) {
    throw new InventoryFileError(
      `Line ${header.line}: the heading row lacks ${missing.map(columnName).join(', ')}; the template's first row names every column.`,
    );
  }
  let body = content.slice(1);
  // The template's second header row gives the English field names: it is not a system.
  const second = body[0];
  if (
    second &&
    COLUMNS.every((column) => (second.cells[positions.get(column) ?? -1] ?? '').trim().toLowerCase() === column.field.toLowerCase())
  ) {
    body = body.slice(1);
  }

  const checked = body.map((line) => checkRow(line, positions));
  // An id twice in one file is ambiguous (which row is right?): every row carrying it is refused.
  const linesOfId = new Map<string, number[]>();
  for (const row of checked) {
    if (row.systemId) linesOfId.set(row.systemId, [...(linesOfId.get(row.systemId) ?? []), row.line]);
  }
  const idColumn = columnName(COLUMNS[0] as Column);
  const parsed: ParsedInventory = { rows: [], invalid: [] };
  for (const row of checked) {
    const repeated = row.systemId ? (linesOfId.get(row.systemId) ?? []) : [];
    const problems =
      repeated.length > 1
        ? [
            ...row.problems,
            { line: row.line, column: idColumn, reason: `${row.systemId} appears on lines ${repeated.join(', ')} of the file.` },
          ]
        : row.problems;
    if (problems.length || !row.system) parsed.invalid.push({ line: row.line, systemId: row.systemId, problems });
    else parsed.rows.push({ line: row.line, system: row.system });
  }
  return parsed;
}

function checkRow(line: Line, positions: Map<Column, number>) {
  const problems: InventoryProblem[] = [];
  const system: Record<string, string> = {};
  for (const column of COLUMNS) {
    const cell = (line.cells[positions.get(column) ?? -1] ?? '').trim();
    const problem = (reason: string) => problems.push({ line: line.line, column: columnName(column), reason });
    if (!cell) {
      problem('Required: the cell is empty.');
      continue;
    }
    if (column.choices) {
      const value = choiceOf(column.choices, cell);
      if (value) system[column.field] = value;
      else {
        const accepted = column.choices.map((choice) => `${choice.label} (${choice.value})`).join(', ');
        problem(`Unknown value "${cell}": one of ${accepted}.`);
      }
      continue;
    }
    if (column.field === 'id' && !SYSTEM_ID.test(cell)) {
      problem(`"${cell}" is not a system id: 2 to 80 lower-case letters, digits and hyphens, starting with a letter or digit.`);
      continue;
    }
    if (column.field !== 'id' && cell.length > MAX_NAME) {
      problem(`Too long: ${cell.length} characters, at most ${MAX_NAME}.`);
      continue;
    }
    system[column.field] = cell;
  }
  const idCell = (line.cells[positions.get(COLUMNS[0] as Column) ?? -1] ?? '').trim();
  return {
    line: line.line,
    systemId: idCell || null,
    problems,
    system: problems.length ? undefined : (system as unknown as InventorySystem),
  };
}
