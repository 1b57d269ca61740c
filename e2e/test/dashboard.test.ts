/**
 * The programme dashboard (/dashboard) in headless Chromium (Debian's, driven by playwright-core as in
 * explorer.test.ts): it loads with every request on the gateway's own origin, draws its charts on the seed
 * without a console error, and each chart's numbers (the figures a panel exposes in `data-figures`) equal
 * what the graph answers this test itself, as the same role, for the same date. An analyst sees no budget
 * lines panel; finance does. Screenshots as of 2015-09-30 and 2016-06-30 go to e2e/artifacts/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Viewer } from '@cq/kit/identity';
import { ANALYST, FINANCE, officerOf } from '@cq/kit/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browser, chromiumFound, HOW_TO_INSTALL } from '../src/browser.ts';
import { type Hub, startHub } from '../src/hub.ts';

const found = chromiumFound("the dashboard's browser tests");

const artifacts = ARTIFACTS;

/** The chart panels, each of which must draw an SVG on the seed. */
const CHART_PANELS = ['burnDown', 'stagesCoordinating', 'stagesDistrict', 'capacity', 'costs', 'budget'];
const TABLE_PANELS = ['overdue', 'pendingExtensions'];

interface PanelView {
  state: string;
  note: string;
  figures?: unknown;
}

let hub: Hub;

/** Asks the graph as the viewer, as of the date (the `As-Of` header), with a raw query: the test's own oracle. */
async function graph<D>(viewer: Viewer, asOf: string, query: string, variables: Record<string, unknown> = {}): Promise<D> {
  const { status, body } = await hub.post({ query, variables }, { authorization: `Bearer ${await hub.token(viewer)}`, 'as-of': asOf });
  if (status !== 200 || body.errors) throw new Error(`The graph refused the test's query (HTTP ${status}): ${JSON.stringify(body.errors)}`);
  return body.data as D;
}

/** Every node of a paged root field. */
async function everyNode<N>(viewer: Viewer, asOf: string, query: string, key: string, variables: Record<string, unknown> = {}) {
  const nodes: N[] = [];
  let after: string | null = null;
  do {
    const data: Record<string, { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: N }[] }> = await graph(
      viewer,
      asOf,
      query,
      {
        ...variables,
        after,
      },
    );
    const page = data[key];
    if (!page) throw new Error(`No ${key} in the answer.`);
    nodes.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

const todayInShanghai = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** Money summed exactly, in cents, the test's own way. */
const cents = (amount: string) => {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
};
const asYuan = (value: bigint) => `${value / 100n}.${String(value % 100n).padStart(2, '0')}`;

/** The series a panel's (first) chart drew, as ECharts holds them once drawn. */
async function drawnSeries(page: Page, panel: string): Promise<{ name: string; data: unknown[] }[]> {
  const text = await page.locator(`[data-panel="${panel}"] .chart`).first().getAttribute('data-series');
  return JSON.parse(text ?? '[]') as { name: string; data: unknown[] }[];
}

/** Pastes the viewer's token into the page and waits until every panel has settled for it. */
async function signIn(page: Page, viewer: Viewer): Promise<void> {
  await page.locator('#sign-out').click();
  await page.locator('#token').fill(await hub.token(viewer));
  await page.locator('#token-form button[type="submit"]').click();
  await page.waitForFunction((role) => window.__dashboard?.state === 'ready' && window.__dashboard.role?.startsWith(role), viewer.role);
}

/** Picks a date and waits until every panel has settled for it. */
async function showAsOf(page: Page, date: string): Promise<void> {
  await page.locator('#as-of').fill(date);
  await page.waitForFunction((asOf) => window.__dashboard?.state === 'ready' && window.__dashboard.asOf === asOf, date);
}

/** The figures a panel drew, or a failure naming the panel. */
function figuresOf<T>(shown: Record<string, PanelView>, name: string): T {
  const figures = shown[name]?.figures;
  if (figures === undefined) throw new Error(`The ${name} panel exposes no figures (${shown[name]?.state}: ${shown[name]?.note}).`);
  return figures as T;
}

const panels = (page: Page) => page.evaluate(() => window.__dashboard?.panels ?? {}) as Promise<Record<string, PanelView>>;

describe.skipIf(!found)(`the programme dashboard in headless Chromium (skipped when ${HOW_TO_INSTALL})`, () => {
  let context: BrowserContext;
  let close: () => Promise<void>;
  let page: Page;
  let origin: string;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    hub = await startHub();
    origin = new URL(hub.url).origin;
    ({ context, close } = await browser({ width: 1440, height: 1000, acceptDownloads: true }));
    context.on('request', (request) => requests.push(request.url()));
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  });
  afterAll(async () => {
    if (problems.length) console.error(`The page reported:\n  ${problems.join('\n  ')}`);
    await close?.();
    await hub?.stop();
  });

  it('serves its page with a Content-Security-Policy that lets the browser reach this origin only, and no inline script', async () => {
    const response = await fetch(`${origin}/dashboard`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*|unsafe/);
    const html = await response.text();
    expect(html).toContain('项目仪表板');
    expect(html).toContain('Migration programme dashboard');
    expect(html).not.toMatch(/<script(?![^>]*src="\/dashboard\/dashboard\.js")/);
    expect((await fetch(`${origin}/dashboard/dashboard.js`)).status).toBe(200);
    expect((await fetch(`${origin}/dashboard/nothing.js`)).status).toBe(404);
  });

  it("as of 2015-09-30, finance's view draws every chart with the graph's own numbers, with no request leaving the machine", async () => {
    const asOf = '2015-09-30';
    await page.goto(`${origin}/dashboard#asOf=${asOf}`);
    await page.waitForFunction(() => window.__dashboard?.state === 'ready');
    await signIn(page, FINANCE);
    const shown = await panels(page);
    for (const name of [...CHART_PANELS, ...TABLE_PANELS]) expect(shown[name]?.state, `${name}: ${shown[name]?.note}`).toBe('shown');
    for (const name of CHART_PANELS) expect(await page.locator(`[data-panel="${name}"] svg`).count(), name).toBeGreaterThan(0);

    // The burn-down: each batch's month ends before the date, then the date itself, as the graph reports them.
    const remaining = (f: { systemCount: number; exemptCount: number; retiredCount: number; centralisedCount: number }) =>
      f.systemCount - f.exemptCount - f.retiredCount - f.centralisedCount;
    const figures = `{ systemCount exemptCount retiredCount centralisedCount }`;
    const truth = await graph<{
      batches: { number: number; windowEnd: string }[];
      progressReport: { asOf: string; groups: { batch: { number: number }; figures: Parameters<typeof remaining>[0] }[] };
      monthlyBatchProgress: { asOf: string; batch: { number: number }; figures: Parameters<typeof remaining>[0] }[];
      extensionRequests: { edges: { node: { newDueDate: string; unit: { batch: { number: number } } } }[] };
    }>(
      FINANCE,
      asOf,
      `{ batches { number windowEnd }
         progressReport(groupBy: BATCH) { asOf groups { batch { number } figures ${figures} } }
         monthlyBatchProgress(to: "2015-09") { asOf batch { number } figures ${figures} }
         extensionRequests(status: APPROVED, first: 100) { edges { node { newDueDate unit { batch { number } } } } } }`,
    );
    const burnDown = shown.burnDown?.figures as {
      series: { batch: number; windowEnd: string; points: { at: string; remaining: number }[]; extensions: { newDueDate: string }[] }[];
    };
    expect(burnDown.series.map((s) => s.batch)).toEqual(truth.batches.map((b) => b.number));
    for (const batch of truth.batches) {
      const drawn = burnDown.series.find((s) => s.batch === batch.number);
      const months = truth.monthlyBatchProgress.filter((m) => m.batch.number === batch.number && m.asOf < truth.progressReport.asOf);
      const today = truth.progressReport.groups.find((g) => g.batch.number === batch.number);
      expect(drawn?.points).toEqual([
        ...months.map((m) => ({ at: m.asOf, remaining: remaining(m.figures) })),
        {
          at: truth.progressReport.asOf,
          remaining: remaining(today?.figures ?? { systemCount: -1, exemptCount: 0, retiredCount: 0, centralisedCount: 0 }),
        },
      ]);
      expect(drawn?.windowEnd).toBe(batch.windowEnd);
      expect(drawn?.extensions.map((e) => e.newDueDate).sort()).toEqual(
        truth.extensionRequests.edges
          .filter((e) => e.node.unit.batch.number === batch.number)
          .map((e) => e.node.newDueDate)
          .sort(),
      );
    }
    // The seed as of that day: batch 1's window has just ended with systems still to move, and one extension approved.
    expect(burnDown.series[0]?.points.at(-1)?.remaining).toBeGreaterThan(0);
    expect(burnDown.series[0]?.extensions.length).toBe(1);

    // Stages: the coordinating units' panel and the districts' panel together are the report's groups.
    const stages = await graph<{
      progressReport: {
        groups: { coordinatingUnit: { id: string; kind: string }; figures: { byStage: { stage: string; count: number }[] } }[];
      };
    }>(
      FINANCE,
      asOf,
      '{ progressReport(groupBy: COORDINATING_UNIT) { groups { coordinatingUnit { id kind } figures { byStage { stage count } } } } }',
    );
    const drawnRows = (name: string) =>
      figuresOf<{ rows: { id: string; kind: string; byStage: Record<string, number> }[] }>(shown, name).rows.map((r) => ({
        id: r.id,
        byStage: r.byStage,
      }));
    const districts = drawnRows('stagesDistrict');
    expect(districts.length).toBeGreaterThan(20);
    expect(drawnRows('stagesCoordinating').length).toBeGreaterThan(3);
    const expected = stages.progressReport.groups.map((g) => ({
      id: g.coordinatingUnit.id,
      byStage: Object.fromEntries(g.figures.byStage.map((s) => [s.stage, s.count])),
    }));
    expect([...drawnRows('stagesCoordinating'), ...districts].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      expected.sort((a, b) => a.id.localeCompare(b.id)),
    );
    const districtKinds = new Set(['DISTRICT', 'COUNTY', 'AUTONOMOUS_COUNTY']);
    expect(districts.map((d) => d.id).sort()).toEqual(
      stages.progressReport.groups
        .filter((g) => districtKinds.has(g.coordinatingUnit.kind))
        .map((g) => g.coordinatingUnit.id)
        .sort(),
    );

    // Overdue systems and pending extension requests: the report's count and its first page.
    const lists = await graph<{
      overdueSystems: { totalCount: number; edges: { node: { system: { id: string } } }[] };
      extensionRequests: { totalCount: number; edges: { node: { id: string } }[] };
    }>(
      FINANCE,
      asOf,
      '{ overdueSystems(first: 50) { totalCount edges { node { system { id } } } } extensionRequests(status: PENDING, first: 50) { totalCount edges { node { id } } } }',
    );
    expect(shown.overdue?.figures).toEqual({
      totalCount: lists.overdueSystems.totalCount,
      systemIds: lists.overdueSystems.edges.map((e) => e.node.system.id),
    });
    expect(lists.overdueSystems.totalCount).toBeGreaterThan(0);
    expect(shown.pendingExtensions?.figures).toEqual({
      totalCount: lists.extensionRequests.totalCount,
      requestIds: lists.extensionRequests.edges.map((e) => e.node.id),
    });

    // The park's capacity per data centre.
    const centres = await graph<{ dataCenters: unknown[] }>(
      FINANCE,
      asOf,
      '{ dataCenters { id name officialName racksUsed racksFree powerUsedKw powerFreeKw } }',
    );
    expect(figuresOf<{ dataCenters: unknown[] }>(shown, 'capacity').dataCenters).toEqual(centres.dataCenters);

    // The month's cost by source, summed over every unit.
    const units = await everyNode<{ monthlyCost: Record<string, string | null> }>(
      FINANCE,
      asOf,
      'query ($after: String) { units(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { monthlyCost { cloudServicesCny parkCny communicationCny } } } } }',
      'units',
    );
    const sum = (source: string) => asYuan(units.reduce((total, u) => total + cents(u.monthlyCost[source] ?? '0'), 0n));
    const costs = shown.costs?.figures as { totals: Record<string, string>; unitCount: number };
    expect(costs.unitCount).toBe(units.length);
    expect(costs.totals).toEqual({
      cloudServicesCny: sum('cloudServicesCny'),
      parkCny: sum('parkCny'),
      communicationCny: sum('communicationCny'),
    });
    expect(cents(costs.totals.cloudServicesCny ?? '0')).toBeGreaterThan(0n);
    // What the chart drew: per source (cloud, park, circuits), the batches' stacked bars add up to the totals.
    const drawnCosts = await drawnSeries(page, 'costs');
    expect(
      ['cloudServicesCny', 'parkCny', 'communicationCny'].map((_, i) =>
        Math.round(drawnCosts.reduce((total, series) => total + Number(series.data[i] ?? 0), 0) * 100),
      ),
    ).toEqual(['cloudServicesCny', 'parkCny', 'communicationCny'].map((source) => Number(cents(costs.totals[source] ?? '0'))));

    // Budget lines per coordinating unit, for the date's year.
    const budget = await everyNode<{
      unit: { id: string };
      lineCount: number;
      totalCny: string;
      nonCompliantLineCount: number;
      nonCompliantCny: string;
    }>(
      FINANCE,
      asOf,
      'query ($after: String) { budgetCompliance(year: 2015, groupBy: COORDINATING_UNIT, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { unit { id } lineCount totalCny nonCompliantLineCount nonCompliantCny } } } }',
      'budgetCompliance',
    );
    const drawnBudget = shown.budget?.figures as {
      year: number;
      rows: { id: string; lineCount: number; totalCny: string; nonCompliantLineCount: number; nonCompliantCny: string }[];
    };
    expect(drawnBudget.year).toBe(2015);
    expect(
      drawnBudget.rows.map(({ id, lineCount, totalCny, nonCompliantLineCount, nonCompliantCny }) => ({
        id,
        lineCount,
        totalCny,
        nonCompliantLineCount,
        nonCompliantCny,
      })),
    ).toEqual(budget.map(({ unit, ...rest }) => ({ id: unit.id, ...rest })));
    expect(budget.length).toBeGreaterThan(0);
    // What the chart drew: each coordinating unit's compliant and non-compliant amounts, stacked.
    const [compliantBars, nonCompliantBars] = await drawnSeries(page, 'budget');
    expect(compliantBars?.data).toEqual(budget.map((row) => Number(cents(row.totalCny) - cents(row.nonCompliantCny)) / 100));
    expect(nonCompliantBars?.data).toEqual(budget.map((row) => Number(cents(row.nonCompliantCny)) / 100));

    await page.screenshot({ path: join(artifacts, 'dashboard-2015-09-30.png'), fullPage: true, animations: 'disabled' });

    // Every request stayed on the gateway's origin (data: and blob: URLs never leave the page).
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url))).toEqual([]);
    expect(requests).toContain(`${origin}/dashboard/dashboard.js`);
    expect(problems).toEqual([]);
  });

  it("an overdue system's link opens its journey: the stages it went through by that date", async () => {
    const first = page.locator('[data-panel="overdue"] tbody tr a').first();
    const href = (await first.getAttribute('href')) ?? '';
    const id = new URLSearchParams(href.slice(1)).get('system');
    await first.click();
    const journey = page.locator('#journey');
    await expect.poll(() => journey.getAttribute('data-state'), { timeout: 10_000 }).toBe('shown');
    const system = await graph<{ system: { stage: string; history: unknown[] } }>(
      FINANCE,
      '2015-09-30',
      `{ system(id: ${JSON.stringify(id)}) { stage history { at } } }`,
    );
    expect(JSON.parse((await journey.getAttribute('data-figures')) ?? '{}')).toEqual({
      id,
      stage: system.system.stage,
      history: system.system.history.length,
    });
    expect(await journey.locator('tbody tr').count()).toBe(system.system.history.length);
    await page.locator('#journey-close').click();
    await expect.poll(() => journey.isHidden(), { timeout: 10_000 }).toBe(true);
  });

  it('as of 2016-06-30 the same panels answer for that day', async () => {
    await showAsOf(page, '2016-06-30');
    const shown = await panels(page);
    for (const name of [...CHART_PANELS, ...TABLE_PANELS]) expect(shown[name]?.state, `${name}: ${shown[name]?.note}`).toBe('shown');
    const report = await graph<{
      progressReport: {
        asOf: string;
        groups: {
          batch: { number: number };
          figures: { systemCount: number; exemptCount: number; retiredCount: number; centralisedCount: number };
        }[];
      };
    }>(
      FINANCE,
      '2016-06-30',
      '{ progressReport(groupBy: BATCH) { asOf groups { batch { number } figures { systemCount exemptCount retiredCount centralisedCount } } } }',
    );
    const series = figuresOf<{ series: { batch: number; points: { at: string; remaining: number }[] }[] }>(shown, 'burnDown').series;
    for (const group of report.progressReport.groups) {
      const f = group.figures;
      expect(series.find((s) => s.batch === group.batch.number)?.points.at(-1)).toEqual({
        at: report.progressReport.asOf,
        remaining: f.systemCount - f.exemptCount - f.retiredCount - f.centralisedCount,
      });
    }
    // Batch 3's window ends that day: its line has more month ends behind it than on 2015-09-30.
    expect(series.find((s) => s.batch === 3)?.points.length).toBeGreaterThan(10);
    await page.screenshot({ path: join(artifacts, 'dashboard-2016-06-30.png'), fullPage: true, animations: 'disabled' });
    expect(problems).toEqual([]);
  });

  it("an analyst's view shows no budget lines panel (hidden with a note, not broken) and offers no budget export; the other panels stand", async () => {
    await showAsOf(page, '2015-09-30');
    await signIn(page, ANALYST);
    const shown = await panels(page);
    expect(shown.budget?.state).toBe('hidden');
    expect(shown.budget?.figures).toBeUndefined();
    expect(shown.budget?.note).toMatch(/无权查看.*may not read.*FORBIDDEN|无权查看.*may not read/s);
    const budget = page.locator('[data-panel="budget"]');
    expect(await budget.locator('svg').count()).toBe(0);
    expect(await budget.locator('.body').isVisible()).toBe(false);
    expect(await budget.locator('.note').textContent()).toContain('Your role may not read this');
    expect(await page.locator('.export[data-report="budget-compliance"]').isHidden()).toBe(true);
    for (const name of [...CHART_PANELS.filter((n) => n !== 'budget'), ...TABLE_PANELS]) expect(shown[name]?.state, name).toBe('shown');
    expect(problems).toEqual([]);
  });

  it("the export buttons download EXPORT's file for the date as the viewer; the upload form posts to IMPORT's endpoint and shows the row report", async () => {
    await showAsOf(page, '2015-09-30');
    await signIn(page, FINANCE);
    const progress = page.locator('.export[data-report="progress"] button[data-format="xlsx"]');
    const [download] = await Promise.all([page.waitForEvent('download'), progress.click()]);
    expect(download.suggestedFilename()).toBe('progress-2015-09-30.xlsx');
    // An .xlsx is a zip archive.
    expect(
      readFileSync(await download.path())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    // A unit's officer: the reports of the whole programme are absent, the unit's own lists stand.
    const unitId = 'tourism-bureau';
    await signIn(page, officerOf(unitId));
    const shown = await panels(page);
    for (const name of ['burnDown', 'stagesCoordinating', 'stagesDistrict']) expect(shown[name]?.state, name).toBe('hidden');
    expect(shown.overdue?.state).toBe('shown');
    const template = fileURLToPath(new URL('../../spreadsheets/templates/inventory.csv', import.meta.url));
    const dataRows = readFileSync(template, 'utf8').trim().split('\n').length - 2;
    await page.locator('#import-unit').fill(unitId);
    await page.locator('#import-file').setInputFiles(template);
    await page.locator('#import-form button[type="submit"]').click();
    const report = page.locator('#import-report tbody tr');
    // The import runs one mutation per row through the gateway: seconds on a loaded machine (vitest polls 1 s by default).
    await expect.poll(() => report.count(), { timeout: 20_000 }).toBe(dataRows);
    expect(await page.locator('#import-report p').textContent()).toMatch(/^HTTP 200/);
    const ids = readFileSync(template, 'utf8')
      .trim()
      .split('\n')
      .slice(2)
      .map((line) => line.split(',')[0]);
    const systems = await graph<{ systems: { edges: { node: { id: string } }[] } }>(
      FINANCE,
      todayInShanghai(),
      `{ systems(first: 100, filter: { unitId: "${unitId}" }) { edges { node { id } } } }`,
    );
    for (const id of ids) expect(systems.systems.edges.map((e) => e.node.id)).toContain(id);
    expect(problems).toEqual([]);
  });

  it('signed out, only the public park capacity is drawn; every other panel asks for a token', async () => {
    await page.locator('#sign-out').click();
    await page.waitForFunction(() => window.__dashboard?.state === 'ready' && window.__dashboard.role === null);
    const shown = await panels(page);
    expect(shown.capacity?.state).toBe('shown');
    for (const name of [...CHART_PANELS, ...TABLE_PANELS].filter((n) => n !== 'capacity')) {
      expect(shown[name]?.state, name).toBe('hidden');
      expect(shown[name]?.note).toContain('Paste a token');
    }
    expect(problems).toEqual([]);
  });
});
