/**
 * The inventory import through a real hub (spreadsheets/src/inventory*.ts, gateway/src/inventory-http.ts):
 * the shipped template and a file of good and bad rows imported by the unit's officer with the command,
 * the graph afterwards, a re-import that changes nothing, an analyst refused whole, and the upload endpoint.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Viewer } from '@cq/kit/identity';
import { ANALYST, OFFICE, officerOf } from '@cq/kit/testing';
import { importInventoryCommand } from '@cq/spreadsheets/inventory-command';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startHub } from '../src/hub.ts';

const UNIT = 'tourism-bureau';
const OTHER_UNIT = 'nanan-district';
const TEMPLATE = new URL('../../spreadsheets/templates/inventory.xlsx', import.meta.url).pathname;

let hub: Hub;
let folder: string;
beforeAll(async () => {
  hub = await startHub();
  folder = mkdtempSync(join(tmpdir(), 'inventory-import-'));
});
afterAll(async () => {
  await hub?.stop();
});

/** A raw operation as the viewer; its data, failing the test on any error. */
async function read<D>(query: string, variables: Record<string, unknown>, viewer: Viewer): Promise<D> {
  const { body } = await hub.post({ query, variables }, { authorization: `Bearer ${await hub.token(viewer)}` });
  expect(body.errors).toBeUndefined();
  return body.data as D;
}

interface SystemFacts {
  id: string;
  name: string;
  officialName: string;
  classification: string;
  businessType: string;
  hosting: string;
  stage: string;
  version: number;
  corrections: { field: string; before: string; after: string; reason: string }[];
}

/** Every system of the unit, with the facts an import could touch, as the office reads them. */
async function systemsOf(unitId: string): Promise<SystemFacts[]> {
  const data = await read<{ systems: { totalCount: number; edges: { node: SystemFacts }[] } }>(
    `query InventorySystems($unitId: ID!) { systems(first: 100, filter: { unitId: $unitId }) { totalCount
      edges { node { id name officialName classification businessType hosting stage version
        corrections { field before after reason } } } } }`,
    { unitId },
    OFFICE,
  );
  expect(data.systems.totalCount).toBeLessThanOrEqual(100);
  return data.systems.edges.map((edge) => edge.node).sort((a, b) => a.id.localeCompare(b.id));
}

/** The units subgraph's audit entries, newest first. */
async function unitsAudit() {
  const data = await read<{ auditLog: { units: { totalCount: number; edges: { node: Record<string, string> }[] } } }>(
    '{ auditLog { units(first: 100) { totalCount edges { node { id operation outcome code subject } } } } }',
    {},
    OFFICE,
  );
  return data.auditLog.units;
}

/** Runs `pnpm import-inventory` in process against the hub; its exit code, printed lines and CSV report. */
async function importAs(viewer: Viewer, file: string, unitId = UNIT) {
  const lines: string[] = [];
  const reportFile = join(folder, `report-${Math.random().toString(36).slice(2)}.csv`);
  const args = [file, '--unit', unitId, '--token', await hub.token(viewer), '--gateway', hub.url, '--report', reportFile];
  const code = await importInventoryCommand(args, (line) => lines.push(line));
  const csv = code === 2 ? '' : readFileSync(reportFile, 'utf8');
  /** line → [system id, outcome, code] as the CSV report has them. */
  const rows = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .map(([line, systemId, outcome, refusal]) => [Number(line), systemId, outcome, refusal]);
  return { code, lines, rows };
}

const HEADINGS = '系统编号,系统名称,英文名称,是否涉密,业务类型,部署方式';
/** A file of good and bad rows, as a unit might send after importing the template. */
const MIXED = [
  HEADINGS,
  'id,officialName,name,classification,businessType,hosting',
  'tourism-ticketing,景区票务系统,Scenic area ticketing,非涉密,政务服务,第三方托管',
  'example-approval-portal,行政审批服务平台,Administrative approval portal,非涉密,政务服务,云服务',
  'example-settlement-system,资金结算系统,Settlement system,涉密,企业经营,自有机房',
  'Tourism Bad Id,坏编号,Bad id,非涉密,政务服务,自有机房',
  'tourism-unknown,未知值,Unknown value,机密,政务服务,自有机房',
  'general-office-system-1,别人的系统,Another unit’s system,非涉密,政务服务,自有机房',
  'example-public-website,门户网站,Public website,NON_CLASSIFIED,PUBLIC_WEBSITE,CLOUD_SERVICE',
  'tourism-visitor-register,游客信息库,Visitor register,非涉密,数据资源,',
].join('\r\n');

describe('importing an inventory through the gateway', () => {
  let mixedFile: string;
  let afterFirst: { systems: SystemFacts[]; audit: Awaited<ReturnType<typeof unitsAudit>> };

  it("creates the shipped template's systems for the unit's officer, row by row", async () => {
    const before = await systemsOf(UNIT);
    const { code, rows, lines } = await importAs(officerOf(UNIT), TEMPLATE);
    expect(code).toBe(0);
    expect(rows).toEqual([
      [3, 'example-approval-portal', 'created', ''],
      [4, 'example-office-automation', 'created', ''],
      [5, 'example-population-register', 'created', ''],
      [6, 'example-safety-monitoring', 'created', ''],
      [7, 'example-public-website', 'created', ''],
      [8, 'example-settlement-system', 'created', ''],
      [9, 'example-classified-documents', 'created', ''],
    ]);
    expect(lines.at(-1)).toBe(`${UNIT}: 7 created, 0 corrected, 0 unchanged, 0 refused`);
    const after = await systemsOf(UNIT);
    expect(after.length).toBe(before.length + 7);
    expect(after.find((system) => system.id === 'example-safety-monitoring')).toMatchObject({
      officialName: '安全生产监测系统',
      name: 'Work safety monitoring system',
      classification: 'NON_CLASSIFIED',
      businessType: 'MONITORING',
      hosting: 'THIRD_PARTY_HOSTED',
      stage: 'INVENTORIED',
    });
    expect(after.find((system) => system.id === 'example-classified-documents')).toMatchObject({
      classification: 'CLASSIFIED',
      stage: 'EXEMPT',
    });

    // Imported again: every row unchanged, no mutation sent, not one audit entry more.
    const audit = await unitsAudit();
    const again = await importAs(officerOf(UNIT), TEMPLATE);
    expect(again.code).toBe(0);
    expect(again.rows.map((row) => row[2])).toEqual(Array(7).fill('unchanged'));
    expect(await systemsOf(UNIT)).toEqual(after);
    expect(await unitsAudit()).toEqual(audit);
  });

  it('imports the good rows of a file with bad ones and reports each refusal with its code', async () => {
    mixedFile = join(folder, 'mixed.csv');
    writeFileSync(mixedFile, MIXED);
    const auditBefore = await unitsAudit();
    const { code, rows } = await importAs(officerOf(UNIT), mixedFile);
    expect(code).toBe(1);
    expect(rows).toEqual([
      [3, 'tourism-ticketing', 'created', ''],
      [4, 'example-approval-portal', 'corrected', ''],
      [5, 'example-settlement-system', 'refused', 'NOT_IMPORTABLE'],
      [6, 'Tourism Bad Id', 'refused', 'INVALID_ROW'],
      [7, 'tourism-unknown', 'refused', 'INVALID_ROW'],
      [8, 'general-office-system-1', 'refused', 'ALREADY_EXISTS'],
      [9, 'example-public-website', 'unchanged', ''],
      [10, 'tourism-visitor-register', 'refused', 'INVALID_ROW'],
    ]);

    // The graph afterwards: what landed, landed whole; nothing else changed.
    const systems = await systemsOf(UNIT);
    expect(systems.find((system) => system.id === 'tourism-ticketing')).toMatchObject({
      officialName: '景区票务系统',
      classification: 'NON_CLASSIFIED',
      businessType: 'GOVERNMENT_SERVICE',
      hosting: 'THIRD_PARTY_HOSTED',
      stage: 'INVENTORIED',
    });
    expect(systems.find((system) => system.id === 'example-approval-portal')).toMatchObject({
      hosting: 'CLOUD_SERVICE',
      corrections: [
        { field: 'HOSTING', before: 'OWN_MACHINE_ROOM', after: 'CLOUD_SERVICE', reason: expect.stringMatching(/line 4 of mixed\.csv/) },
      ],
    });
    expect(systems.find((system) => system.id === 'example-settlement-system')).toMatchObject({
      classification: 'NON_CLASSIFIED',
      corrections: [],
    });
    for (const id of ['tourism-unknown', 'tourism-visitor-register', 'general-office-system-1']) {
      expect(systems.some((system) => system.id === id)).toBe(false);
    }
    // Two changes made, one refusal by the graph; rows refused here never reached it.
    const auditAfter = await unitsAudit();
    const added = auditAfter.edges.slice(0, auditAfter.totalCount - auditBefore.totalCount).map((edge) => edge.node);
    expect(added.map(({ operation, outcome, code, subject }) => [operation, outcome, code ?? null, subject ?? null]).sort()).toEqual(
      [
        ['createSystem', 'ALLOWED', null, 'tourism-ticketing'],
        ['correctSystemHosting', 'ALLOWED', null, 'example-approval-portal'],
        ['createSystem', 'REFUSED', 'ALREADY_EXISTS', null],
      ].sort(),
    );
    afterFirst = { systems, audit: auditAfter };
  });

  it("changes nothing when the same file is imported again: the unit's systems and its audit entries stay as they were", async () => {
    // The corrected row is now the system as it stands; only the row of another unit's id reaches the graph
    // again, and is refused again (refusals are audited too).
    const mixed = await importAs(officerOf(UNIT), mixedFile);
    expect(mixed.rows.map((row) => row.slice(2))).toEqual([
      ['unchanged', ''],
      ['unchanged', ''],
      ['refused', 'NOT_IMPORTABLE'],
      ['refused', 'INVALID_ROW'],
      ['refused', 'INVALID_ROW'],
      ['refused', 'ALREADY_EXISTS'],
      ['unchanged', ''],
      ['refused', 'INVALID_ROW'],
    ]);
    expect(await systemsOf(UNIT)).toEqual(afterFirst.systems);
    const audit = await unitsAudit();
    const made = (entries: typeof audit) => entries.edges.filter((edge) => edge.node.outcome === 'ALLOWED');
    expect(made(audit)).toEqual(made(afterFirst.audit));
    expect(audit.totalCount).toBe(afterFirst.audit.totalCount + 1);
    expect(audit.edges[0]?.node).toMatchObject({ operation: 'createSystem', outcome: 'REFUSED', code: 'ALREADY_EXISTS' });
  });

  it('refuses an analyst’s import whole: every row FORBIDDEN, no system created, one attempt sent', async () => {
    const before = await systemsOf(OTHER_UNIT);
    const auditBefore = (await unitsAudit()).totalCount;
    const { code, rows } = await importAs(ANALYST, TEMPLATE, OTHER_UNIT);
    expect(code).toBe(1);
    expect(rows.length).toBe(7);
    expect(rows.map((row) => row.slice(2))).toEqual(Array(7).fill(['refused', 'FORBIDDEN']));
    expect(await systemsOf(OTHER_UNIT)).toEqual(before);
    // The first refusal is of the caller, not of a row: the rest are not sent (one refused entry, not seven).
    expect((await unitsAudit()).totalCount).toBe(auditBefore + 1);
  });

  it('answers a usage error with exit code 2 and sends nothing', async () => {
    expect(await importAs(officerOf(UNIT), join(folder, 'inventory.txt'))).toMatchObject({ code: 2 });
  });
});

describe('the upload endpoint, POST /inventory/import', () => {
  const upload = async (body: string, headers: Record<string, string>, unitId = UNIT) => {
    const response = await fetch(new URL(`/inventory/import?unit=${unitId}`, hub.url), { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('imports a CSV upload as the caller and answers the row report; without a token it is refused', async () => {
    const file = [
      HEADINGS,
      'tourism-upload-app,上传系统,Uploaded app,非涉密,监测监管,自有机房',
      'example-population-register,人口基础信息库,Population register,非涉密,数据资源,云服务',
    ].join('\n');
    const answer = await upload(file, {
      'content-type': 'text/csv; charset=utf-8',
      authorization: `Bearer ${await hub.token(officerOf(UNIT))}`,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      unitId: UNIT,
      rows: [
        { line: 2, systemId: 'tourism-upload-app', outcome: 'created' },
        { line: 3, systemId: 'example-population-register', outcome: 'unchanged' },
      ],
      counts: { created: 1, corrected: 0, unchanged: 1, refused: 0 },
    });
    expect((await systemsOf(UNIT)).find((system) => system.id === 'tourism-upload-app')).toMatchObject({ businessType: 'MONITORING' });
    expect((await upload(file, { 'content-type': 'text/csv' })).status).toBe(401);
    // A token the gateway refuses is refused before the file is read, whatever the file holds.
    expect((await upload('not an inventory', { 'content-type': 'text/csv', authorization: 'Bearer not-a-token' })).status).toBe(401);
  });
});
