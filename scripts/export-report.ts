/**
 * Exports a report as of a day, through the gateway as the token's role (README, Exporting reports):
 *   pnpm export-report progress --as-of 2015-09-30 --format xlsx --token <jwt> [--out FILE] [--gateway URL]
 *   pnpm export-report budget-compliance --as-of 2016-06-30 --year 2016 --format csv --token <jwt>
 * Reports: progress, overdue, extensions, budget-compliance, costs. A CSV export writes one file per sheet.
 * The work is in @cq/spreadsheets/report; this only reads the command line and writes the files.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { gatewayClient } from '@cq/spreadsheets/client';
import { askedByOf, exportReport, FORMATS, isReportName, REPORTS, type ReportFormat, ReportRefused } from '@cq/spreadsheets/report';

const USAGE = `Usage: pnpm export-report <${REPORTS.join('|')}> --as-of YYYY-MM-DD --format xlsx|csv --token <jwt> [--year YYYY] [--out FILE] [--gateway URL]`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'as-of': { type: 'string' },
    format: { type: 'string', default: 'xlsx' },
    token: { type: 'string' },
    year: { type: 'string' },
    out: { type: 'string' },
    gateway: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://localhost:4000/graphql' },
  },
});

try {
  const [report] = positionals;
  if (!report || !isReportName(report)) throw new Error(`Name a report: ${REPORTS.join(', ')}.\n${USAGE}`);
  const asOf = values['as-of'];
  if (!asOf) throw new Error(`Give the day to report on with --as-of YYYY-MM-DD.\n${USAGE}`);
  const format = values.format as ReportFormat;
  if (!FORMATS.includes(format)) throw new Error(`--format is xlsx or csv, not ${values.format}.`);
  const token = values.token ?? process.env.TOKEN;
  if (!token) throw new Error(`Give a token with --token (pnpm run token --role <role> prints one).\n${USAGE}`);
  const year = values.year === undefined ? undefined : Number(values.year);

  const { files } = await exportReport(
    gatewayClient(values.gateway, token),
    { report, asOf, year, format },
    { askedBy: askedByOf(token), generatedAt: new Date() },
  );
  // --out names the main file; the other sheets' CSVs go beside it, named as the gateway would name them.
  for (const [index, file] of files.entries()) {
    const path = values.out ? (index === 0 ? values.out : join(dirname(values.out), file.filename)) : file.filename;
    writeFileSync(path, file.body);
    console.log(`export-report: wrote ${path}${file.sheet ? ` (sheet ${file.sheet})` : ''}, ${file.body.length} bytes`);
  }
} catch (error) {
  if (error instanceof ReportRefused) console.error(`export-report: refused, ${error.code}: ${error.message}`);
  else console.error(`export-report: ${(error as Error).message}`);
  process.exit(1);
}
