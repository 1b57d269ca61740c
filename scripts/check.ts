/**
 * `pnpm check [subgraph ...] [--base <ref>] [--accept-breaking "<reason>"]`: what a subgraph change does to
 * the graph's clients, before it is committed. The logic lives in schema/check.ts; this file reads the
 * arguments and git, prints the report and chooses the exit code.
 */
import { execFileSync } from 'node:child_process';
import { readSdl, repoRoot, subgraphs } from '@cq/schema';
import { acceptanceRecord, checkChange, formatReport, passes, recordAcceptance } from '@cq/schema/check';

const help = `Usage: pnpm check [subgraph ...] [--base <ref>] [--accept-breaking "<reason>"]

Composes the supergraph from the subgraphs' schema.graphql files and compares its API schema with the
supergraph checked in at <ref> (default HEAD: what is committed, whether or not \`pnpm compose\` has run
since). Prints, grouped: composition errors (file:line), breaking changes, dangerous changes, saved
operations (schema/operations/*.graphql) and end-to-end tests' typed operations (e2e/test) the new graph
no longer validates, and a verdict.

  subgraph ...      Check only these subgraphs' working-tree schema.graphql; every other subgraph's SDL is
                    taken from <ref>, so another change in progress in the tree does not enter the report.
                    Without names, every subgraph's working-tree SDL is used.
  --base <ref>      The git revision to compare against (e.g. origin/main in CI).
  --accept-breaking "<reason>"
                    Accept the breaking changes and broken operations: appends a record (date, subgraphs,
                    changes, reason) to schema/accepted-changes.md, to commit with the change, and exits 0.
                    A graph that does not compose cannot be accepted.

Exit codes: 0 nothing breaks (dangerous changes are listed but pass) or the break was accepted;
1 a composition error, a breaking change or a broken operation; 2 a usage error.`;

function usage(message: string): never {
  console.error(`${message}\n\n${help}`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(help);
  process.exit(0);
}
let base = 'HEAD';
let reason: string | undefined;
const names: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i] as string;
  if (arg === '--base' || arg === '--accept-breaking') {
    const value = args[++i];
    if (!value?.trim()) usage(`${arg} needs a value.`);
    if (arg === '--base') base = value;
    else reason = value.trim();
  } else if (arg.startsWith('-')) usage(`Unknown option ${arg}.`);
  else if (!subgraphs.some((s) => s.name === arg)) usage(`No subgraph named ${arg} in schema/subgraphs.json.`);
  else names.push(arg);
}

/** A file as committed at the base revision, or undefined when git or the revision does not have it. */
function atBase(path: string): string | undefined {
  try {
    return execFileSync('git', ['show', `${base}:${path}`], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

const baseSupergraph = atBase('schema/supergraph.graphql');
if (baseSupergraph === undefined) usage(`git has no schema/supergraph.graphql at ${base}.`);
// A subgraph new since the base has no committed SDL: the working tree's is the only one.
const sdlOf = (name: string) =>
  names.length && !names.includes(name) ? (atBase(`subgraphs/${name}/schema.graphql`) ?? readSdl(name)) : readSdl(name);

const checked = names.length ? names : subgraphs.map((s) => s.name);
console.log(`Checking ${checked.join(', ')} against the supergraph at ${base}.\n`);
const report = await checkChange({ sdlOf, baseSupergraph });
const ok = passes(report);
const accept = !ok && report.compositionErrors.length === 0 && reason !== undefined;
console.log(formatReport(report, accept ? reason : undefined));
if (accept && reason) {
  recordAcceptance(`${repoRoot}schema/accepted-changes.md`, acceptanceRecord(report, { reason, subgraphs: checked, date: new Date() }));
}
process.exit(ok || accept ? 0 : 1);
