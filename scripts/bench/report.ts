/**
 * The benchmark's results: one JSON document (every figure) and a markdown summary of it, both written
 * under bench/results/ (latest.json, latest.md), and the same tables printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadFigures } from './load.ts';
import type { MemoryFigure } from './memory.ts';

export type TargetName = 'gateway' | 'hive' | 'subgraph';

export interface TargetResult extends LoadFigures {
  url: string;
  /** SQL statements per request, per subgraph, from sequential requests after the load. */
  statements: Record<string, number>;
  /** The median time of one of those sequential requests, alone on the hub. */
  aloneMs: number;
}

export interface OperationResult {
  key: string;
  title: string;
  kind: 'read' | 'write';
  owner?: string;
  varies: string;
  variants: number;
  targets: Partial<Record<TargetName, TargetResult>>;
  /** ours/Hive requests per second; our gateway's p50 over the owning subgraph's own p50. */
  ratios: { oursOverHiveRequestsPerSecond?: number; gatewayP50OverSubgraphP50?: number; hiveP50OverSubgraphP50?: number };
}

export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    /** The 1-minute load average when the run started and ended: above the CPU count, other work skewed the figures. */
    loadAverage: { start: number; end: number };
  };
  settings: { connections: number; seconds: number; warmupSeconds: number; rounds: number; statementRequests: number };
  hub: { gatewayUrl: string; hiveUrl?: string; subgraphUrls: Record<string, string>; dataset: string };
  /** What each gateway does per request, in words. */
  perRequestWork: Record<string, string>;
  idleMemory: Record<string, MemoryFigure>;
  operations: OperationResult[];
  notes: string[];
}

const TARGET_LABEL: Record<TargetName, string> = { gateway: 'our gateway', hive: 'Hive runtime', subgraph: 'subgraph direct' };

const fixed = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));

function failures(t: TargetResult): string {
  const n = t.failures.non2xx + t.failures.graphqlErrors + t.failures.connectionErrors + t.failures.timeouts;
  return n ? `${n}` : '0';
}

const memoryCell = (m: MemoryFigure | undefined) =>
  m ? `${fixed(m.rssMb, 0)}${m.pssMb !== undefined ? ` (PSS ${fixed(m.pssMb, 0)})` : ''}` : '–';

export function markdown(result: BenchResult): string {
  const subgraphs = Object.keys(result.hub.subgraphUrls);
  const lines: string[] = [
    '# Benchmark results',
    '',
    `${result.startedAt} · ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGb} GB, Node ${result.machine.node} · ` +
      `${result.settings.connections} connections, ${result.settings.warmupSeconds} s warm-up + ${result.settings.seconds} s per operation and target ` +
      `(in ${result.settings.rounds} slices, targets alternating) · ` +
      `dataset: ${result.hub.dataset} · load average ${result.machine.loadAverage.start} at the start, ${result.machine.loadAverage.end} at the end`,
    '',
    '## Throughput and latency',
    '',
    `| operation | target | req/s | p50 ms | p95 ms | p99 ms | failed | alone ms | SQL per request (${subgraphs.join(' / ')}) |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const op of result.operations) {
    for (const [name, t] of Object.entries(op.targets) as [TargetName, TargetResult][]) {
      lines.push(
        `| ${op.key} | ${TARGET_LABEL[name]} | ${fixed(t.requestsPerSecond)} | ${fixed(t.latencyMs.p50)} | ${fixed(t.latencyMs.p95)} | ` +
          `${fixed(t.latencyMs.p99)} | ${failures(t)} | ${fixed(t.aloneMs)} | ${subgraphs.map((s) => fixed(t.statements[s], 2).replace(/\.00$/, '')).join(' / ')} |`,
      );
    }
  }
  lines.push(
    '',
    '## Ratios',
    '',
    '| operation | ours / Hive req/s | our gateway p50 / subgraph p50 | Hive p50 / subgraph p50 |',
    '| --- | ---: | ---: | ---: |',
  );
  for (const { key, ratios } of result.operations)
    lines.push(
      `| ${key} | ${fixed(ratios.oursOverHiveRequestsPerSecond, 2)} | ${fixed(ratios.gatewayP50OverSubgraphP50, 2)} | ${fixed(ratios.hiveP50OverSubgraphP50, 2)} |`,
    );

  const cpuOf = [...new Set(result.operations.flatMap((op) => Object.values(op.targets)).flatMap((t) => Object.keys(t.cpuMsPerRequest)))];
  if (cpuOf.length) {
    lines.push(
      '',
      '## CPU milliseconds per request while loaded (the database: its process tree; bench: the load generator)',
      '',
      `| operation | target | ${cpuOf.join(' | ')} |`,
      `| --- | --- | ${cpuOf.map(() => '---:').join(' | ')} |`,
    );
    for (const op of result.operations)
      for (const [name, t] of Object.entries(op.targets) as [TargetName, TargetResult][])
        lines.push(`| ${op.key} | ${TARGET_LABEL[name]} | ${cpuOf.map((p) => fixed(t.cpuMsPerRequest[p], 1)).join(' | ')} |`);
  }

  const processes = [
    ...new Set([
      ...Object.keys(result.idleMemory),
      ...result.operations.flatMap((op) => Object.values(op.targets)).flatMap((t) => Object.keys(t.memoryPeak)),
    ]),
  ];
  lines.push(
    '',
    '## Resident memory, MB (peak while loaded; the database: its process tree, RSS and PSS)',
    '',
    `| operation | target | ${processes.join(' | ')} |`,
    `| --- | --- | ${processes.map(() => '---:').join(' | ')} |`,
    `| (idle, before load) | | ${processes.map((p) => memoryCell(result.idleMemory[p])).join(' | ')} |`,
  );
  for (const op of result.operations)
    for (const [name, t] of Object.entries(op.targets) as [TargetName, TargetResult][])
      lines.push(`| ${op.key} | ${TARGET_LABEL[name]} | ${processes.map((p) => memoryCell(t.memoryPeak[p])).join(' | ')} |`);

  lines.push('', '## Operations', '');
  for (const op of result.operations)
    lines.push(
      `- **${op.key}** (${op.kind}${op.owner ? `, answered by ${op.owner} alone` : ''}): ${op.title}; varies ${op.varies} (${op.variants} distinct requests).`,
    );
  lines.push('', '## What each gateway does per request', '');
  for (const [name, work] of Object.entries(result.perRequestWork)) lines.push(`- **${name}**: ${work}`);
  if (result.notes.length) {
    lines.push('', '## Notes', '');
    for (const note of result.notes) lines.push(`- ${note}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes one run's figures as `<name>.json` and `<name>.md` in the folder. */
export function writeResults(folder: string, name: string, result: BenchResult): { json: string; md: string } {
  mkdirSync(folder, { recursive: true });
  const json = join(folder, `${name}.json`);
  const md = join(folder, `${name}.md`);
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(md, markdown(result));
  return { json, md };
}

/**
 * The same operations at a small and a large scale, side by side: SQL statements per request must be the
 * same at both (they depend on the operation's shape, never on rows), and the large scale's p95 through
 * our gateway is compared with the small one's.
 */
export function scaleComparison(runs: { label: string; result: BenchResult }[]): string {
  const [small, large] = runs;
  if (!small || !large) return '';
  const lines = [
    `## ${small.label} against ${large.label} (our gateway)`,
    '',
    `| operation | SQL per request at ${small.label} | at ${large.label} | same | p95 ms at ${small.label} | at ${large.label} | p95 ratio |`,
    '| --- | --- | --- | --- | ---: | ---: | ---: |',
  ];
  for (const operation of small.result.operations) {
    const a = operation.targets.gateway;
    const b = large.result.operations.find((o) => o.key === operation.key)?.targets.gateway;
    if (!a || !b) continue;
    const sql = (t: TargetResult) =>
      Object.values(t.statements)
        .map((n) => fixed(n, 1))
        .join(' / ');
    const same = sql(a) === sql(b) ? 'yes' : 'no';
    lines.push(
      `| ${operation.key} | ${sql(a)} | ${sql(b)} | ${same} | ${fixed(a.latencyMs.p95)} | ${fixed(b.latencyMs.p95)} | ${fixed(b.latencyMs.p95 / a.latencyMs.p95, 2)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
