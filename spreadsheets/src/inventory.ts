/**
 * Importing a unit's inventory through the gateway, as the caller: the unit's systems are read once, then
 * each valid row is one mutation (`createSystem` for a new system, `correctSystemHosting` when only its
 * hosting differs), and each mutation is one transaction with its audit entry, so a row lands whole or not
 * at all. A row equal to the system as it stands is "unchanged" and sends nothing: importing the same file
 * again changes nothing. Any other difference is refused (NOT_IMPORTABLE), naming the mutation to use.
 */
import { stringify } from 'csv-stringify/sync';
import { csvText } from './cell-text.ts';
import { everyNode, type GatewayClient, type GraphQLAnswer, type GraphQLAnswerError, type Page } from './client.ts';
import { BUSINESS_TYPES, CLASSIFICATIONS, COLUMNS, type Field, HOSTINGS, type InventorySystem, labelOf } from './inventory-columns.ts';
import type { InventoryFormat } from './inventory-format.ts';
import { type InventoryRow, type ParsedInventory, readInventory } from './inventory-read.ts';

export type { InventoryFormat } from './inventory-format.ts';
export { CSV_TYPE, formatOf, InventoryFileError, XLSX_TYPE } from './inventory-format.ts';
export type { ParsedInventory } from './inventory-read.ts';
export { readInventory } from './inventory-read.ts';

export type Outcome = 'created' | 'corrected' | 'unchanged' | 'refused';

/** What became of one row. */
export interface RowReport {
  line: number;
  systemId: string | null;
  outcome: Outcome;
  /** For a refused row: the rule's code (the graph's `extensions.code`, or INVALID_ROW / NOT_IMPORTABLE from here). */
  code?: string;
  message?: string;
}

export interface InventoryReport {
  unitId: string;
  rows: RowReport[];
  counts: Record<Outcome, number>;
}

export interface ImportOptions {
  /** Called after each row (for a progress bar). */
  onRow?: (row: RowReport, done: number, total: number) => void;
  /** Where the rows came from (a file name), for the reason recorded with a hosting correction. */
  source?: string;
}

/** The system as the graph has it, for comparing with a row. */
interface StandingSystem extends InventorySystem {
  version: number;
}

const SYSTEMS_OF_UNIT = /* GraphQL */ `
  query InventoryOfUnit($unitId: ID!, $after: String) {
    unit(id: $unitId) { id }
    systems(first: 100, after: $after, filter: { unitId: $unitId }) {
      edges { node { id name officialName classification businessType hosting version } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

const CREATE_SYSTEM = /* GraphQL */ `
  mutation ImportSystem($input: CreateSystemInput!) { createSystem(input: $input) { id version } }
`;

const CORRECT_HOSTING = /* GraphQL */ `
  mutation ImportSystemHosting($input: CorrectSystemHostingInput!) { correctSystemHosting(input: $input) { id version } }
`;

interface SystemsPage {
  unit: { id: string } | null;
  systems: Page<StandingSystem> | null;
}

/** A refusal of the whole import before any row is sent (the unit's systems could not be read). */
interface Refusal {
  code: string;
  message: string;
}

/** A request whose failure to reach the gateway (network, refused connection) is an answer too: that row is refused. */
async function ask<D>(client: GatewayClient, query: string, variables: Record<string, unknown>): Promise<GraphQLAnswer<D>> {
  try {
    return await client.request<D>(query, variables);
  } catch (error) {
    return {
      errors: [
        { message: `The gateway at ${client.url} cannot be reached: ${(error as Error).message}`, extensions: { code: 'UNREACHABLE' } },
      ],
    };
  }
}

const refusalOf = (errors: GraphQLAnswerError[] | undefined): Refusal | undefined => {
  const first = errors?.[0];
  return first ? { code: first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', message: first.message } : undefined;
};

/**
 * The unit's systems, by id: one query (a page of 100; a larger unit takes one more per hundred systems).
 * Any error refuses the import: comparing rows against a partial list could create what exists.
 */
async function systemsOf(client: GatewayClient, unitId: string): Promise<Map<string, StandingSystem> | Refusal> {
  const refused = (refusal: Refusal) => Object.assign(new Error(refusal.message), { refusal });
  try {
    const nodes = await everyNode<StandingSystem>(async (after) => {
      const answer: GraphQLAnswer<SystemsPage> = await ask<SystemsPage>(client, SYSTEMS_OF_UNIT, { unitId, after });
      const refusal = refusalOf(answer.errors);
      if (refusal) throw refused(refusal);
      if (!answer.data?.unit) throw refused({ code: 'NOT_FOUND', message: `No unit has the id ${unitId}.` });
      return answer.data.systems ?? { pageInfo: { hasNextPage: false, endCursor: null }, edges: [] };
    });
    return new Map(nodes.map((node) => [node.id, node]));
  } catch (error) {
    const refusal = (error as { refusal?: Refusal }).refusal;
    if (refusal) return refusal;
    throw error;
  }
}

/** Where a row and the standing system differ, by field. */
const differences = (row: InventorySystem, standing: StandingSystem): Field[] =>
  COLUMNS.map((column) => column.field).filter((field) => field !== 'id' && row[field] !== standing[field]);

/** What to use instead of an import, for each field an import does not change. */
const INSTEAD: Partial<Record<Field, string>> = {
  classification: 'requestReclassification (the joint-conference office decides, §1)',
  name: 'no mutation (ask the joint-conference office)',
  officialName: 'no mutation (ask the joint-conference office)',
  businessType: 'no mutation (ask the joint-conference office)',
};

const shown = (field: Field, value: string) => {
  const choices =
    field === 'classification' ? CLASSIFICATIONS : field === 'businessType' ? BUSINESS_TYPES : field === 'hosting' ? HOSTINGS : undefined;
  return choices ? `${labelOf(choices, value)} (${value})` : `"${value}"`;
};

function notImportable(row: InventorySystem, standing: StandingSystem, fields: Field[]): Refusal {
  const changes = fields.map((field) => `${field}: ${shown(field, standing[field])} → ${shown(field, row[field])}`).join('; ');
  const instead = [...new Set(fields.filter((field) => field !== 'hosting').map((field) => `${field}: ${INSTEAD[field]}`))].join('; ');
  return {
    code: 'NOT_IMPORTABLE',
    message: `${row.id} exists and differs (${changes}); an import only creates systems and corrects hosting (correctSystemHosting). Instead use ${instead}. Nothing was changed.`,
  };
}

/** One row, as one mutation at most. */
async function importRow(
  client: GatewayClient,
  unitId: string,
  { line, system }: InventoryRow,
  standing: StandingSystem | undefined,
  source: string,
): Promise<RowReport> {
  const report = (outcome: Outcome, refusal?: Refusal): RowReport => ({ line, systemId: system.id, outcome, ...refusal });
  if (!standing) {
    const answer = await ask(client, CREATE_SYSTEM, { input: { ...system, unitId } });
    const refusal = refusalOf(answer.errors);
    return refusal ? report('refused', refusal) : report('created');
  }
  const fields = differences(system, standing);
  if (!fields.length) return report('unchanged');
  if (fields.some((field) => field !== 'hosting')) return report('refused', notImportable(system, standing, fields));
  const answer = await ask(client, CORRECT_HOSTING, {
    input: {
      systemId: system.id,
      expectedVersion: standing.version,
      hosting: system.hosting,
      reason: `Inventory import: line ${line} of ${source} gives ${system.hosting}.`,
    },
  });
  const refusal = refusalOf(answer.errors);
  return refusal ? report('refused', refusal) : report('corrected');
}

/** Refusals of the caller, not of a row: after one, the import sends nothing more. */
const CALLER_REFUSALS = ['FORBIDDEN', 'UNAUTHENTICATED', 'RATE_LIMITED'];

/** Imports checked rows for the unit; invalid rows are reported refused (INVALID_ROW) and never sent. */
export async function importInventory(
  client: GatewayClient,
  unitId: string,
  inventory: ParsedInventory,
  { onRow, source = 'the file' }: ImportOptions = {},
): Promise<InventoryReport> {
  const total = inventory.rows.length + inventory.invalid.length;
  const rows: RowReport[] = [];
  const done = (row: RowReport) => {
    rows.push(row);
    onRow?.(row, rows.length, total);
  };
  for (const bad of inventory.invalid) {
    const message = bad.problems.map((problem) => (problem.column ? `${problem.column}: ${problem.reason}` : problem.reason)).join(' ');
    done({ line: bad.line, systemId: bad.systemId, outcome: 'refused', code: 'INVALID_ROW', message });
  }
  if (inventory.rows.length) {
    const standing = await systemsOf(client, unitId);
    // A refusal of the caller rather than of a row (no right to change this unit, a token refused, the rate
    // limit) holds for every row after it: those are reported with it, unsent, instead of refused one by one.
    let stopped: Refusal | undefined = standing instanceof Map ? undefined : standing;
    for (const row of inventory.rows) {
      if (stopped || !(standing instanceof Map)) {
        done({ line: row.line, systemId: row.system.id, outcome: 'refused', ...(stopped as Refusal) });
        continue;
      }
      const report = await importRow(client, unitId, row, standing.get(row.system.id), source);
      if (report.code && CALLER_REFUSALS.includes(report.code)) {
        stopped = {
          code: report.code,
          message: `Not sent: the import stopped at line ${row.line}, refused (${report.code}): ${report.message ?? ''}`,
        };
      }
      done(report);
    }
  }
  rows.sort((a, b) => a.line - b.line);
  const counts: Record<Outcome, number> = { created: 0, corrected: 0, unchanged: 0, refused: 0 };
  for (const row of rows) counts[row.outcome]++;
  return { unitId, rows, counts };
}

/** Reads a file's bytes and imports them: the whole import, as the command and the gateway's upload run it. */
export async function importInventoryFile(
  client: GatewayClient,
  unitId: string,
  bytes: Uint8Array,
  format: InventoryFormat,
  options?: ImportOptions,
): Promise<InventoryReport> {
  return importInventory(client, unitId, await readInventory(bytes, format), options);
}

/** The report as CSV (UTF-8 with a byte-order mark, so that Excel reads the Chinese right). */
export function reportCsv(report: InventoryReport): string {
  return stringify(
    report.rows.map((row) => [row.line, csvText(row.systemId ?? ''), row.outcome, row.code ?? '', csvText(row.message ?? '')]),
    { bom: true, header: true, columns: ['line', 'systemId', 'outcome', 'code', 'message'] },
  );
}
