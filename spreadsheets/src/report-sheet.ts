/**
 * A report as sheets of typed cells, before it becomes a file: each column says what its cells are (a count,
 * money, a day, an instant, …) and carries a Chinese and an English heading, so the .xlsx writer can type every
 * cell and the CSV writer can write each value the way a spreadsheet reads it back.
 */

/** What a column holds, which decides the cell's type and number format in Excel. */
export type ColumnKind = 'text' | 'integer' | 'money' | 'percent' | 'date' | 'datetime' | 'boolean';

export interface Column {
  /** The key of the row's value. */
  key: string;
  /** Heading in simplified Chinese (first: the readers' language) and in English. */
  zh: string;
  en: string;
  kind: ColumnKind;
}

/**
 * A cell's value as the graph gave it: money stays the exact `Decimal` string ("4500.00") until a writer
 * turns it into a number, days stay "2015-09-30" and instants their ISO strings.
 */
export type CellValue = string | number | boolean | null;

export type Row = Record<string, CellValue>;

export interface Sheet {
  /** A short name for files and URLs (`by-batch`), the first sheet being the report's main one. */
  slug: string;
  /** The sheet's tab name in Chinese and English (Excel allows 31 characters). */
  title: string;
  columns: Column[];
  rows: Row[];
  /** A last row adding up the rows above (money summed exactly, counts as integers), when the report has one. */
  total?: Row;
}

/** One column's heading as both writers print it: Chinese, then English. */
export const heading = (column: Column): string => `${column.zh} ${column.en}`;

/** Money in cents, exactly (a Decimal string such as "4500.00" or "-12.5"). */
export function cents(decimal: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(decimal.trim());
  if (!match) throw new Error(`Not an amount of money: ${decimal}`);
  const [, sign, whole, fraction = ''] = match;
  const value = BigInt(whole ?? '0') * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign ? -value : value;
}

/** Cents back to a Decimal string with two places. */
export function decimalOf(value: bigint): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  return `${negative ? '-' : ''}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
}

/**
 * The total row of a sheet: integer and money columns summed (money exactly, in cents; a money column with an
 * unknown amount in any row has an unknown total, left empty rather than understated), the first text column
 * labelled.
 */
export function totalRow(columns: Column[], rows: Row[], label = '合计 Total'): Row {
  const total: Row = {};
  const firstText = columns.find((column) => column.kind === 'text');
  for (const column of columns) {
    const values = rows.map((row) => row[column.key] ?? null);
    if (column.kind === 'integer') total[column.key] = values.reduce<number>((sum, value) => sum + Number(value ?? 0), 0);
    else if (column.kind === 'money')
      total[column.key] = values.some((value) => value === null)
        ? null
        : decimalOf(values.reduce<bigint>((sum, value) => sum + cents(String(value)), 0n));
    else total[column.key] = column === firstText ? label : null;
  }
  return total;
}

/** A day (`Date`, "2015-09-30") as the JavaScript date Excel stores for it: that day, at midnight, no time zone. */
export function dayOf(day: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`Not a day: ${day}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** China's offset from UTC (no daylight saving since 1991): instants are shown on Beijing's clock. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * An instant (`DateTime`) as Excel shows it: Excel's date-times carry no time zone, so the cell holds the
 * wall-clock time in Asia/Shanghai (the programme's clock, and the headings say so).
 */
export const shanghaiClockOf = (instant: string): Date => new Date(new Date(instant).getTime() + SHANGHAI_OFFSET_MS);

/** An instant written for CSV: ISO 8601 on Beijing's clock with its offset, e.g. 2015-09-30T18:00:00+08:00. */
export const shanghaiIsoOf = (instant: string): string => `${shanghaiClockOf(instant).toISOString().slice(0, 19)}+08:00`;

/** The instant a day's report is answered at: the end of that day in Asia/Shanghai (as the graph reads a date). */
export const endOfDayInShanghai = (day: string): Date => new Date(dayOf(day).getTime() + 24 * 60 * 60 * 1000 - SHANGHAI_OFFSET_MS);
