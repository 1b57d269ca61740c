import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { acceptanceRecord, checkChange, formatReport, passes, readTestOperations, recordAcceptance } from '../check.ts';
import { readSdl, repoRoot } from '../registry.ts';

/** The working tree's SDL with one subgraph's text edited in memory: nothing on disk changes. */
function edited(subgraph: string, from: string, to: string) {
  const sdl = readSdl(subgraph);
  // Every edit below targets one place; a schema change that moved it should fail here, not pass vacuously.
  expect(sdl.split(from).length, `${subgraph}/schema.graphql holds ${JSON.stringify(from)} once`).toBe(2);
  const changed = sdl.replace(from, to);
  return (name: string) => (name === subgraph ? changed : readSdl(name));
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('the schema check', () => {
  it('passes an additive change: a new nullable field', async () => {
    const report = await checkChange({
      sdlOf: edited(
        'vendors',
        '  officialName: String!\n  "What the provider does',
        '  officialName: String!\n  "The provider\'s website."\n  website: String\n  "What the provider does',
      ),
    });
    expect(report.compositionErrors).toEqual([]);
    expect(report.breaking).toEqual([]);
    expect(report.brokenOperations).toEqual([]);
    expect(passes(report)).toBe(true);
    expect(report.supergraph).toContain('website: String');
    expect(formatReport(report)).toMatch(/^Verdict: OK: no breaking change\.$/m);
  });

  it('refuses a removed field a saved operation uses, naming the field, its subgraph and the operation', async () => {
    const report = await checkChange({
      sdlOf: edited(
        'vendors',
        '  "Full official name in simplified Chinese."\n  officialName: String!\n  "What the provider does',
        '  "What the provider does',
      ),
    });
    expect(passes(report)).toBe(false);
    expect(report.breaking).toContainEqual({
      kind: 'FIELD_REMOVED',
      description: 'Vendor.officialName was removed.',
      subgraphs: ['vendors'],
    });
    const broken = report.brokenOperations.find((o) => o.name === 'VendorFootprint');
    expect(broken?.file).toBe('schema/operations/VendorFootprint.graphql');
    expect(broken?.reasons).toContainEqual(expect.stringContaining('Cannot query field "officialName" on type "Vendor"'));
    const printed = formatReport(report);
    expect(printed).toMatch(/^Breaking changes \(\d+\):\n {2}- Vendor\.officialName was removed\. \[vendors\] \(FIELD_REMOVED\)$/m);
    expect(printed).toMatch(/^ {2}- VendorFootprint \(schema\/operations\/VendorFootprint\.graphql\): Cannot query field "officialName"/m);
    expect(printed).toMatch(/^Verdict: FAIL: /m);
  });

  it('refuses a nullability change: a non-null output field made nullable', async () => {
    const report = await checkChange({
      sdlOf: edited('vendors', '  officialName: String!\n  "What the provider does', '  officialName: String\n  "What the provider does'),
    });
    expect(report.breaking).toEqual([
      { kind: 'FIELD_CHANGED_KIND', description: 'Vendor.officialName changed type from String! to String.', subgraphs: ['vendors'] },
    ]);
    // The operations still validate: the break is for clients that relied on a value always being there.
    expect(report.brokenOperations).toEqual([]);
    expect(passes(report)).toBe(false);
  });

  it('refuses a nullability change: an optional argument made required', async () => {
    const report = await checkChange({
      sdlOf: edited('vendors', '    stale: Boolean\n', '    stale: Boolean!\n'),
    });
    expect(report.breaking).toContainEqual({
      kind: 'ARG_CHANGED_KIND',
      description: 'Vendor.migrationTasksPage arg stale has changed type from Boolean to Boolean!.',
      subgraphs: ['vendors'],
    });
    expect(passes(report)).toBe(false);
  });

  it('refuses a removed enum value, naming the enum and its subgraph', async () => {
    const report = await checkChange({
      sdlOf: edited('vendors', '  "Ended."\n  ENDED\n}', '}'),
    });
    expect(report.breaking).toContainEqual({
      kind: 'VALUE_REMOVED_FROM_ENUM',
      description: 'ENDED was removed from enum type ContractStatus.',
      subgraphs: ['vendors'],
    });
    expect(passes(report)).toBe(false);
  });

  it('names the subgraphs and lines of a composition error, and goes no further', async () => {
    const sdlOf = edited('telecom', '  circuits: [Circuit!]', '  name: Int\n  circuits: [Circuit!]');
    const report = await checkChange({ sdlOf });
    const mismatch = report.compositionErrors.find((p) => p.code === 'FIELD_TYPE_MISMATCH');
    expect(mismatch?.message).toContain('"Unit.name"');
    expect(mismatch?.places).toEqual(
      expect.arrayContaining([
        `subgraphs/telecom/schema.graphql:${lineOf(sdlOf('telecom'), '  name: Int\n')}`,
        `subgraphs/units/schema.graphql:${lineOf(readSdl('units'), '  name: String!')}`,
      ]),
    );
    expect(report.breaking).toEqual([]);
    expect(passes(report)).toBe(false);
    expect(formatReport(report)).toMatch(
      /^ {2}- subgraphs\/telecom\/schema\.graphql:\d+, subgraphs\/units\/schema\.graphql:\d+: FIELD_TYPE_MISMATCH: /m,
    );
  });

  it('names the subgraph and line of SDL that does not parse', async () => {
    const sdlOf = edited(
      'park',
      'type DataCenter @key(fields: "id") {',
      'type Broken {\n  nothing closes this\n\ntype DataCenter @key(fields: "id") {',
    );
    const report = await checkChange({ sdlOf });
    expect(report.compositionErrors).toHaveLength(1);
    expect(report.compositionErrors[0]?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(report.compositionErrors[0]?.places).toEqual([`subgraphs/park/schema.graphql:${lineOf(sdlOf('park'), 'nothing closes this')}`]);
  });

  it('refuses a changed entity key, which no API schema shows, naming the entity and the subgraph', async () => {
    const report = await checkChange({
      sdlOf: edited('vendors', 'type Contract @key(fields: "id") {', 'type Contract @key(fields: "id status") {'),
    });
    expect(report.compositionErrors).toEqual([]);
    expect(report.breaking).toEqual([
      {
        kind: 'ENTITY_KEY_CHANGED',
        description: 'Entity Contract in subgraph vendors: key "id" changed to "id status".',
        subgraphs: ['vendors'],
      },
    ]);
    expect(passes(report)).toBe(false);
  });

  it('refuses a removed entity: a type that loses its only key', async () => {
    const report = await checkChange({ sdlOf: edited('vendors', 'type Contract @key(fields: "id") {', 'type Contract {') });
    expect(report.breaking).toEqual([
      { kind: 'ENTITY_REMOVED', description: 'Entity Contract is no longer an entity (it has no key).', subgraphs: ['vendors'] },
    ]);
  });

  it('lists a dangerous change, a new enum value, with its subgraph, and lets it pass', async () => {
    const report = await checkChange({
      sdlOf: edited('vendors', '  "Ended."\n  ENDED\n}', '  "Ended."\n  ENDED\n  "Cancelled before it ended."\n  CANCELLED\n}'),
    });
    expect(report.dangerous).toContainEqual({
      kind: 'VALUE_ADDED_TO_ENUM',
      description: 'CANCELLED was added to enum type ContractStatus.',
      subgraphs: ['vendors'],
    });
    expect(report.breaking).toEqual([]);
    expect(passes(report)).toBe(true);
    expect(formatReport(report)).toMatch(
      /^Dangerous changes \(1\):\n.*CANCELLED[^\n]*\n\nVerdict: OK: no breaking change \(1 dangerous, listed above\)\.$/m,
    );
  });

  it("names the end-to-end tests' operations a change breaks, through the fragments they spread", async () => {
    const spreading = readTestOperations().filter((o) => /\.\.\.\s*WorkflowSystemFields/.test(o.text));
    expect(spreading.length).toBeGreaterThan(0);
    for (const o of spreading) expect(o.text).toContain('fragment WorkflowSystemFields on InformationSystem');
    const report = await checkChange({
      sdlOf: edited(
        'units',
        '  "Raised by every change; send it back with a step mutation so that a concurrent change is not overwritten."\n  version: Int!\n',
        '',
      ),
    });
    const broken = report.brokenOperations.filter((o) => o.file === 'e2e/test/workflow.test.ts').map((o) => o.name);
    for (const o of spreading) expect(broken).toContain(/(?:query|mutation)\s+(\w+)/.exec(o.text)?.[1]);
    expect(report.brokenOperations.map((o) => o.name)).toEqual(expect.arrayContaining(['AssessSystem', 'SystemJourney']));
  });

  it('records an accepted break with its date, subgraphs, changes and reason', async () => {
    const report = await checkChange({ sdlOf: edited('vendors', '  "Ended."\n  ENDED\n}', '}') });
    const dir = mkdtempSync(join(tmpdir(), 'accepted-'));
    try {
      const path = join(dir, 'accepted-changes.md');
      const record = acceptanceRecord(report, {
        reason: 'No contract has ended yet.',
        subgraphs: ['vendors'],
        date: new Date('2026-12-01T12:00:00Z'),
      });
      recordAcceptance(path, record);
      recordAcceptance(path, record);
      const text = readFileSync(path, 'utf8');
      expect(text.match(/^# Accepted breaking changes$/gm)).toHaveLength(1);
      expect(
        text.match(
          /^## 2026-12-01: vendors\n\nReason: No contract has ended yet\.\n\n- breaking: ENDED was removed from enum type ContractStatus\. \[vendors\]$/gm,
        ),
      ).toHaveLength(2);
      expect(formatReport(report, 'No contract has ended yet.')).toMatch(/^Verdict: ACCEPTED: /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pnpm check', () => {
  it('exits 0 and says "no breaking change" on the unchanged tree', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/check.ts'], { cwd: repoRoot, encoding: 'utf8' });
    expect(stdout).toMatch(/^Verdict: OK: no breaking change/m);
  });

  it('refuses an unknown subgraph with a usage error', async () => {
    const run = promisify(execFile)('npx', ['tsx', 'scripts/check.ts', 'nosuch'], { cwd: repoRoot, encoding: 'utf8' });
    await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('No subgraph named nosuch') });
  });
});
