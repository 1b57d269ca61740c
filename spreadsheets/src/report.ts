/**
 * Report export, the one entry for the command (scripts/export-report.ts) and the gateway's
 * GET /reports/:report.(xlsx|csv) alike: read the report through the gateway as the caller, as of a day, and
 * write it as .xlsx (one workbook) or CSV (one file per sheet, the main sheet first).
 */
import type { GatewayClient } from './client.ts';
import { type AboutFacts, csvOf, xlsxOf } from './report-files.ts';
import { type ReportBook, type ReportQuery, readReport } from './report-queries.ts';

export { type AboutFacts, csvOf, xlsxOf } from './report-files.ts';
export {
  isReportName,
  REPORT_TITLES,
  REPORTS,
  type ReportBook,
  type ReportName,
  type ReportQuery,
  ReportRefused,
  readReport,
} from './report-queries.ts';
export { type ReadCell, type ReadSheet, readCsv, readXlsx } from './report-read.ts';
export * from './report-sheet.ts';

export const FORMATS = ['xlsx', 'csv'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export interface ReportFile {
  /** e.g. progress-2015-09-30.xlsx; a CSV of a sheet after the main one adds the sheet's slug. */
  filename: string;
  /** The sheet a CSV holds. */
  sheet?: string;
  body: Buffer;
}

/** The file name of a report as of a day: `progress-2015-09-30.xlsx`, `budget-compliance-2016-06-30-2016.xlsx` for another year. */
export function reportFilename(book: Pick<ReportBook, 'report' | 'asOf' | 'year'>, format: ReportFormat, sheet?: string): string {
  const year = book.year !== undefined && book.year !== Number(book.asOf.slice(0, 4)) ? `-${book.year}` : '';
  return `${book.report}-${book.asOf}${year}${sheet ? `-${sheet}` : ''}.${format}`;
}

/** The files of a report already read: one workbook, or one CSV per sheet (the main sheet's named plainly). */
export async function reportFiles(book: ReportBook, format: ReportFormat, about: AboutFacts): Promise<ReportFile[]> {
  if (format === 'xlsx') return [{ filename: reportFilename(book, 'xlsx'), body: await xlsxOf(book, about) }];
  return book.sheets.map((sheet, index) => ({
    filename: reportFilename(book, 'csv', index === 0 ? undefined : sheet.slug),
    sheet: sheet.slug,
    body: csvOf(sheet),
  }));
}

/** Reads the report as the client's caller and writes its files; a refusal throws ReportRefused with the graph's code. */
export async function exportReport(
  client: GatewayClient,
  query: ReportQuery & { format: ReportFormat },
  about: Omit<AboutFacts, 'gatewayUrl'> & { gatewayUrl?: string },
): Promise<{ book: ReportBook; files: ReportFile[] }> {
  const book = await readReport(client, query);
  return { book, files: await reportFiles(book, query.format, { gatewayUrl: client.url, ...about }) };
}

/**
 * Who a bearer token says is asking, for the About sheet: its role, whom it acts for and its subject. Read,
 * not verified: the gateway verifies the same token on every request the report makes, and refuses it there.
 */
export function askedByOf(token: string | undefined): string {
  if (!token) return 'signed out';
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const tenant = ['unit', 'vendor', 'carrier'].map((claim) => payload[claim]).find((value) => typeof value === 'string');
    return `${String(payload.role ?? 'unknown role')}${tenant ? ` of ${tenant}` : ''} (${String(payload.sub ?? 'no subject')})`;
  } catch {
    return 'an unreadable token';
  }
}
