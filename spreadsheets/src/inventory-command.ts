/**
 * `pnpm import-inventory` (scripts/import-inventory.ts): reads the file, imports it as the token's role,
 * prints the row-by-row report (and writes it as CSV with --report), with a progress bar on a terminal.
 * Answers the exit code: 0 when every row landed or was unchanged, 1 when any row was refused, 2 for a
 * usage error or a file that is not an inventory (nothing sent).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { gatewayClient } from './client.ts';
import { formatOf, type InventoryReport, importInventory, reportCsv } from './inventory.ts';
import { InventoryFileError } from './inventory-format.ts';
import { type ParsedInventory, readInventory } from './inventory-read.ts';

export const USAGE =
  'usage: pnpm import-inventory FILE --unit <id> --token <jwt> [--gateway http://localhost:4000/graphql] [--report out.csv]';

/** A mistake in how the command was called; reported with the usage, exit code 2. */
class UsageError extends Error {}

function options(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        unit: { type: 'string' },
        token: { type: 'string' },
        gateway: { type: 'string', default: 'http://localhost:4000/graphql' },
        report: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function readFile(file: string): Promise<ParsedInventory> {
  const format = formatOf(file);
  if (!format) throw new UsageError(`${file} is neither .xlsx nor .csv.`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return await readInventory(bytes, format);
  } catch (error) {
    if (error instanceof InventoryFileError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}

/** The report's lines, as the command prints them. */
export function reportLines(report: InventoryReport): string[] {
  const { created, corrected, unchanged, refused } = report.counts;
  return [
    ...report.rows.map((row) => {
      const refusal = row.code ? `  ${row.code}: ${row.message}` : '';
      return `line ${String(row.line).padStart(4)}  ${(row.systemId ?? '-').padEnd(32)} ${row.outcome.padEnd(9)}${refusal}`;
    }),
    `${report.unitId}: ${created} created, ${corrected} corrected, ${unchanged} unchanged, ${refused} refused`,
  ];
}

/** Runs the command with its arguments (after the script's name); answers the exit code. */
export async function importInventoryCommand(args: string[], out: (line: string) => void = console.log): Promise<number> {
  let report: InventoryReport;
  let reportFile: string | undefined;
  try {
    const { values, positionals } = options(args);
    const [file, ...extra] = positionals;
    if (!file || extra.length) throw new UsageError('name exactly one file.');
    if (!values.unit) throw new UsageError('name the unit with --unit.');
    if (!values.token) throw new UsageError('give your token with --token (pnpm run token prints a development one).');
    reportFile = values.report;
    const inventory = await readFile(file);
    // A bar on a terminal only: piped or logged output gets the report alone.
    const bar = process.stderr.isTTY
      ? new SingleBar({ format: 'import [{bar}] {value}/{total} rows | {system}', hideCursor: true })
      : undefined;
    bar?.start(inventory.rows.length + inventory.invalid.length, 0, { system: '' });
    try {
      report = await importInventory(gatewayClient(values.gateway, values.token), values.unit, inventory, {
        source: basename(file),
        onRow: (row, done) => bar?.update(done, { system: row.systemId ?? '' }),
      });
    } finally {
      bar?.stop();
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`import-inventory: ${error.message}\n${USAGE}`);
    return 2;
  }
  for (const line of reportLines(report)) out(line);
  if (reportFile) writeFileSync(reportFile, reportCsv(report));
  return report.counts.refused ? 1 : 0;
}
