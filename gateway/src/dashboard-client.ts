/**
 * The browser side of the dashboard, bundled by dashboard.ts. It asks only the gateway's own /graphql, with
 * the token the viewer pasted (kept in this tab's sessionStorage, never in the address) and an `As-Of`
 * header naming the date picked, so every panel is one role's view of one moment. A panel whose data the
 * role may not read (FORBIDDEN) is hidden with a note saying so; a panel that fails says why; neither
 * stops the others. Each panel exposes the figures it drew (`data-figures`, and `window.__dashboard`).
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import {
  type BudgetRow,
  budgetChart,
  burnDownChart,
  type CapacityRow,
  capacityChart,
  costsChart,
  stagesChart,
} from './dashboard-charts.ts';
import { both, LABELS, type Label, REPORTS, STAGE_LABELS, type Stage } from './dashboard-labels.ts';
import type { PanelName } from './dashboard-page.ts';
import {
  APPROVED_EXTENSIONS,
  BUDGET,
  BURN_DOWN,
  burnDown,
  CAPACITY,
  COST_SOURCES,
  COSTS,
  costFigures,
  DISTRICT_KINDS,
  JOURNEY,
  monthRange,
  type Named,
  OVERDUE,
  PENDING_EXTENSIONS,
  STAGES_BY_COORDINATING_UNIT,
  type StageRow,
  stageRows,
  UNIT_SYSTEMS,
} from './dashboard-queries.ts';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

const TOKEN_KEY = 'cq-dashboard-token';

/** What the page exposes for tests and for anyone checking a figure: the panels as last drawn. */
interface DashboardState {
  state: 'loading' | 'ready';
  asOf: string;
  role: string | null;
  panels: Partial<Record<PanelName, { state: string; note: string; figures?: unknown }>>;
}
declare global {
  interface Window {
    __dashboard?: DashboardState;
  }
}

const $ = <E extends HTMLElement>(selector: string) => {
  const found = document.querySelector<E>(selector);
  if (!found) throw new Error(`The page has no ${selector}.`);
  return found;
};

/** A GraphQL error as the gateway answers it. */
interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}
interface Answer<D> {
  data?: D | null;
  errors?: GraphQLError[];
}

/** A root field the graph did not answer: FORBIDDEN hides its panel, anything else is a failure shown. */
class Refused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let token = sessionStorage.getItem(TOKEN_KEY) ?? '';
let asOf = hashParams().get('asOf') ?? todayInShanghai();
/** Each load's number: answers of an earlier load arriving late are dropped. */
let generation = 0;
const charts: echarts.ECharts[] = [];
const view: DashboardState = { state: 'loading', asOf, role: null, panels: {} };
window.__dashboard = view;

function todayInShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

function hashParams(): URLSearchParams {
  return new URLSearchParams(window.location.hash.replace(/^#/, ''));
}

/** A link within the page, keeping the date: `#asOf=…&system=<id>`. */
function hashLink(key: 'system' | 'unit', id: string): string {
  return `#${new URLSearchParams({ asOf, [key]: id }).toString()}`;
}

/** The role a token names, for the header only (the gateway verifies the token; the page never trusts it). */
function roleOf(jwt: string): string | null {
  try {
    const payload = jwt.split('.')[1] ?? '';
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { role?: string; sub?: string };
    return claims.role ? `${claims.role}${claims.sub ? ` (${claims.sub})` : ''}` : null;
  } catch {
    return null;
  }
}

async function ask<D>(query: string, variables: Record<string, unknown> = {}): Promise<Answer<D>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'as-of': asOf };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  try {
    return (await response.json()) as Answer<D>;
  } catch {
    throw new Error(`The gateway answered HTTP ${response.status}.`);
  }
}

/** The root field's value, or the refusal that took its place. */
function field<D, K extends keyof D>(answer: Answer<D>, key: K): NonNullable<D[K]> {
  const value = answer.data?.[key];
  if (value != null) return value as NonNullable<D[K]>;
  const error = answer.errors?.find((e) => !e.path || e.path[0] === key) ?? answer.errors?.[0];
  throw new Refused(error?.extensions?.code ?? 'NO_ANSWER', error?.message ?? `No answer for ${String(key)}.`);
}

interface Page<N> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: N }[];
}

/** Every node of a paged root field, a page at a time. */
async function allPages<N>(query: string, key: string, variables: Record<string, unknown> = {}): Promise<N[]> {
  const nodes: N[] = [];
  let after: string | null = null;
  do {
    const page: Page<N> = field(await ask<Record<string, Page<N>>>(query, { ...variables, after }), key);
    nodes.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

// --- drawing ---

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]) {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  made.append(...children);
  return made;
}

function chart(parent: HTMLElement, option: echarts.EChartsCoreOption, height = 300): void {
  const box = element('div', { class: 'chart' });
  box.style.height = `${height}px`;
  parent.append(box);
  const drawn = echarts.init(box, undefined, { renderer: 'svg' });
  drawn.setOption(option);
  charts.push(drawn);
  // What ECharts holds once drawn, beside the figures the panel worked out: a test checks both against the graph.
  const series = (drawn.getOption() as { series?: { name?: string; data?: unknown }[] }).series ?? [];
  box.dataset.series = JSON.stringify(series.map(({ name, data }) => ({ name, data })));
}

function table(headings: Label[], rows: (Node | string)[][], numeric: number[] = []): HTMLElement {
  const head = element('tr', {}, ...headings.map((h) => element('th', {}, both(h))));
  const body = rows.map((cells) =>
    element('tr', {}, ...cells.map((cell, i) => element('td', numeric.includes(i) ? { class: 'number' } : {}, cell))),
  );
  return element('div', { class: 'table-scroll' }, element('table', {}, element('thead', {}, head), element('tbody', {}, ...body)));
}

const named = (unit: Named) => `${unit.officialName} ${unit.name}`;
const link = (href: string, text: string) => element('a', { href }, text);
const stageText = (stage: string) => (stage in STAGE_LABELS ? both(STAGE_LABELS[stage as Stage]) : stage);
const shownOf = (shown: number, total: number) =>
  shown < total ? `${both(LABELS.shownOf)} ${shown} / ${total}; the export lists every one (导出包含全部).` : `${total}`;

// --- the panels ---

interface Panel<T> {
  /** True when the panel's data needs a signed-in role (the park's capacity is public). */
  needsToken: boolean;
  load: () => Promise<T>;
  /** Draws the answer into the panel's body; returns the figures drawn. */
  draw: (body: HTMLElement, note: (text: string) => void, data: T) => unknown;
}

let stagesLoad: Promise<{ groupCount: number; truncated: boolean; rows: StageRow[] }> | undefined;
const stages = () => {
  stagesLoad ??= ask<{
    progressReport: {
      groupCount: number;
      truncated: boolean;
      groups: Parameters<typeof stageRows>[0];
    } | null;
  }>(STAGES_BY_COORDINATING_UNIT).then((answer) => {
    const report = field(answer, 'progressReport');
    return { groupCount: report.groupCount, truncated: report.truncated, rows: stageRows(report.groups) };
  });
  return stagesLoad;
};

function stagesPanel(districts: boolean): Panel<Awaited<ReturnType<typeof stages>>> {
  return {
    needsToken: true,
    load: stages,
    draw(body, note, { truncated, rows }) {
      const chosen = rows.filter((row) => DISTRICT_KINDS.includes(row.kind) === districts);
      if (truncated) note('Only the first 100 coordinating units are reported (仅显示前 100 个牵头单位).');
      chart(body, stagesChart(chosen), Math.max(180, 80 + chosen.length * 22));
      return { rows: chosen, truncated };
    },
  };
}

const batchNames: Record<string, string> = {};

/** A panel of any answer, for the table of panels (each one's load and draw agree on its own answer). */
const panel = <T>(definition: Panel<T>) => definition as unknown as Panel<unknown>;

const PANELS: Record<PanelName, Panel<unknown>> = {
  burnDown: panel({
    needsToken: true,
    async load() {
      const { from, to } = monthRange(asOf);
      const [answer, approved] = await Promise.all([
        ask<Parameters<typeof burnDown>[0]>(BURN_DOWN, { from, to }),
        allPages<Parameters<typeof burnDown>[1][number]>(APPROVED_EXTENSIONS, 'extensionRequests').catch((error: Error) => error),
      ]);
      field(answer, 'progressReport');
      field(answer, 'monthlyBatchProgress');
      return { answer: answer.data as Parameters<typeof burnDown>[0], approved };
    },
    draw(body, note, { answer, approved }: { answer: Parameters<typeof burnDown>[0]; approved: Parameters<typeof burnDown>[1] | Error }) {
      if (approved instanceof Error) note(`Approved extensions not marked (延期未标注): ${approved.message}`);
      const series = burnDown(answer, approved instanceof Error ? [] : approved);
      for (const batch of answer.batches) batchNames[String(batch.number)] = `${batch.officialName} ${batch.name}`;
      const row = element('div', { class: 'charts' });
      body.append(row);
      for (const one of series) chart(row, burnDownChart(one), 280);
      return { series };
    },
  }),
  stagesCoordinating: panel(stagesPanel(false)),
  stagesDistrict: panel(stagesPanel(true)),
  overdue: panel({
    needsToken: true,
    async load() {
      return field(
        await ask<{
          overdueSystems: {
            totalCount: number;
            edges: { node: { dueDate: string; stage: string; daysOverdue: number; system: Named & { unit: Named } } }[];
          } | null;
        }>(OVERDUE),
        'overdueSystems',
      );
    },
    draw(
      body,
      note,
      page: {
        totalCount: number;
        edges: { node: { dueDate: string; stage: string; daysOverdue: number; system: Named & { unit: Named } } }[];
      },
    ) {
      note(shownOf(page.edges.length, page.totalCount));
      body.append(
        table(
          [LABELS.system, LABELS.unit, LABELS.dueDate, LABELS.stage, LABELS.daysOverdue],
          page.edges.map(({ node }) => [
            link(hashLink('system', node.system.id), named(node.system)),
            link(hashLink('unit', node.system.unit.id), named(node.system.unit)),
            node.dueDate,
            stageText(node.stage),
            String(node.daysOverdue),
          ]),
          [4],
        ),
      );
      return { totalCount: page.totalCount, systemIds: page.edges.map((e) => e.node.system.id) };
    },
  }),
  pendingExtensions: panel({
    needsToken: true,
    async load() {
      return field(
        await ask<{
          extensionRequests: {
            totalCount: number;
            edges: { node: { id: string; newDueDate: string; requestedAt: string; reason: string; unit: Named } }[];
          } | null;
        }>(PENDING_EXTENSIONS),
        'extensionRequests',
      );
    },
    draw(
      body,
      note,
      page: { totalCount: number; edges: { node: { id: string; newDueDate: string; requestedAt: string; reason: string; unit: Named } }[] },
    ) {
      note(shownOf(page.edges.length, page.totalCount));
      body.append(
        table(
          [LABELS.unit, LABELS.newDueDate, LABELS.requestedAt, LABELS.reason],
          page.edges.map(({ node }) => [
            link(hashLink('unit', node.unit.id), named(node.unit)),
            node.newDueDate,
            node.requestedAt.slice(0, 10),
            node.reason,
          ]),
        ),
      );
      return { totalCount: page.totalCount, requestIds: page.edges.map((e) => e.node.id) };
    },
  }),
  capacity: panel({
    needsToken: false,
    async load() {
      return field(
        await ask<{ dataCenters: (Named & { racksUsed: number; racksFree: number; powerUsedKw: string; powerFreeKw: string })[] | null }>(
          CAPACITY,
        ),
        'dataCenters',
      );
    },
    draw(body, _note, centres: (Named & { racksUsed: number; racksFree: number; powerUsedKw: string; powerFreeKw: string })[]) {
      const rows: CapacityRow[] = centres.map((c) => ({
        id: c.id,
        name: c.name,
        officialName: c.officialName,
        racksUsed: c.racksUsed,
        racksFree: c.racksFree,
        powerUsedKw: Number(c.powerUsedKw),
        powerFreeKw: Number(c.powerFreeKw),
      }));
      // One above the other: the data centres' two-language names need the panel's width.
      const height = Math.max(180, 70 + rows.length * 40);
      chart(body, capacityChart(rows, 'racks'), height);
      chart(body, capacityChart(rows, 'power'), height);
      return { dataCenters: centres };
    },
  }),
  costs: panel({
    needsToken: true,
    load: () =>
      allPages<Named & { batch: { number: number }; monthlyCost: Partial<Record<(typeof COST_SOURCES)[number], string | null>> | null }>(
        COSTS,
        'units',
      ),
    draw(
      body,
      note,
      units: (Named & { batch: { number: number }; monthlyCost: Partial<Record<(typeof COST_SOURCES)[number], string | null>> | null })[],
    ) {
      const figures = costFigures(units);
      const ids = $<HTMLDataListElement>('#unit-ids');
      ids.replaceChildren(...units.map((u) => element('option', { value: u.id }, named(u))));
      note(
        `${units.length} units (单位)${figures.unknownParts ? `; ${figures.unknownParts} costs unknown, left out (${figures.unknownParts} 项费用未知，未计入)` : ''}`,
      );
      const names: Record<string, string> = {};
      for (const batch of Object.keys(figures.byBatch)) names[batch] = batchNames[batch] ?? `${both(LABELS.batch)} ${batch}`;
      chart(body, costsChart(figures, names), 280);
      const labels = { cloudServicesCny: LABELS.cloud, parkCny: LABELS.park, communicationCny: LABELS.circuits };
      body.append(
        table(
          [LABELS.source, LABELS.total],
          COST_SOURCES.map((source) => [both(labels[source]), figures.totals[source]]),
          [1],
        ),
      );
      return figures;
    },
  }),
  budget: panel({
    needsToken: true,
    async load() {
      const year = Number(asOf.slice(0, 4));
      const rows = await allPages<{ unit: Named } & Omit<BudgetRow, keyof Named>>(BUDGET, 'budgetCompliance', { year });
      return { year, rows };
    },
    draw(body, note, { year, rows }: { year: number; rows: ({ unit: Named } & Omit<BudgetRow, keyof Named>)[] }) {
      const flat: BudgetRow[] = rows.map(({ unit, ...figures }) => ({
        ...figures,
        id: unit.id,
        name: unit.name,
        officialName: unit.officialName,
      }));
      const lines = flat.reduce((sum, r) => sum + r.lineCount, 0);
      const bad = flat.reduce((sum, r) => sum + r.nonCompliantLineCount, 0);
      note(`${year}: ${lines} lines (项), ${bad} non-compliant (不合规), per coordinating unit (按牵头单位)`);
      if (flat.length) chart(body, budgetChart(flat), Math.max(160, 60 + flat.length * 24));
      return { year, rows: flat };
    },
  }),
};

function panelElement(name: PanelName) {
  const section = $<HTMLElement>(`[data-panel="${name}"]`);
  return { section, note: $<HTMLElement>(`[data-panel="${name}"] .note`), body: $<HTMLElement>(`[data-panel="${name}"] .body`) };
}

async function runPanel(name: PanelName, run: number): Promise<void> {
  const panel = PANELS[name];
  const { section, note, body } = panelElement(name);
  const settle = (state: string, text: string, figures?: unknown) => {
    section.dataset.state = state;
    note.textContent = text;
    if (figures === undefined) delete section.dataset.figures;
    else section.dataset.figures = JSON.stringify(figures);
    view.panels[name] = { state, note: text, ...(figures === undefined ? {} : { figures }) };
  };
  body.replaceChildren();
  if (panel.needsToken && !token) return settle('hidden', both(LABELS.noToken));
  settle('loading', both(LABELS.loading));
  try {
    const data = await panel.load();
    if (run !== generation) return;
    let written = '';
    const figures = panel.draw(
      body,
      (text) => {
        written = text;
      },
      data as never,
    );
    settle('shown', written, figures);
  } catch (error) {
    if (run !== generation) return;
    body.replaceChildren();
    if (error instanceof Refused && error.code === 'FORBIDDEN') settle('hidden', `${both(LABELS.forbidden)}: ${error.message}`);
    else settle('error', `${both(LABELS.failed)}: ${(error as Error).message}`);
  }
}

/** Draws every panel anew for the token and the date, each on its own. */
async function load(): Promise<void> {
  generation += 1;
  const run = generation;
  stagesLoad = undefined;
  for (const drawn of charts.splice(0)) drawn.dispose();
  view.state = 'loading';
  view.asOf = asOf;
  view.role = token ? roleOf(token) : null;
  document.body.dataset.state = 'loading';
  $('#who').textContent = token ? `${both(LABELS.role)}: ${view.role ?? '?'}` : '';
  $('#status').textContent = '';
  await Promise.all((Object.keys(PANELS) as PanelName[]).map((name) => runPanel(name, run)));
  if (run !== generation) return;
  // A role that may not read budget lines is offered no budget export either.
  const budgetHidden = view.panels.budget?.state === 'hidden' && Boolean(token);
  for (const span of document.querySelectorAll<HTMLElement>('.export[data-report="budget-compliance"]')) span.hidden = budgetHidden;
  const unauthenticated = Object.values(view.panels).find((p) => /UNAUTHENTICATED|token/i.test(p.note) && p.state === 'error');
  if (unauthenticated) $('#status').textContent = unauthenticated.note;
  view.state = 'ready';
  document.body.dataset.state = 'ready';
  await showDetails();
}

// --- a system's journey, or a unit's systems: `#system=<id>`, `#unit=<id>` ---

async function showDetails(): Promise<void> {
  const params = hashParams();
  const section = $<HTMLElement>('#journey');
  const heading = $<HTMLElement>('#journey h2');
  const body = $<HTMLElement>('#journey .body');
  const systemId = params.get('system');
  const unitId = params.get('unit');
  if ((!systemId && !unitId) || !token) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  section.dataset.state = 'loading';
  body.replaceChildren(both(LABELS.loading));
  try {
    if (systemId) {
      heading.textContent = both(LABELS.journey);
      const system = field(
        await ask<{
          system:
            | (Named & {
                stage: string | null;
                dueDate: string | null;
                isOverdue: boolean;
                unit: Named & { batch: { number: number; windowEnd: string } };
                migrationPlan: { plannedCutover: string; destination: { name: string; officialName: string } } | null;
                dataCenter: { name: string; officialName: string } | null;
                history: { from: string | null; to: string; at: string; actor: string; note: string | null }[];
              })
            | null;
        }>(JOURNEY, { id: systemId }),
        'system',
      );
      const summary = element(
        'p',
        {},
        `${named(system)} · `,
        link(hashLink('unit', system.unit.id), named(system.unit)),
        element('br'),
        `${both(LABELS.stage)}: ${system.stage ? stageText(system.stage) : '—'} · ${both(LABELS.dueDate)}: ${system.dueDate ?? '—'}`,
        system.isOverdue ? ` · ${both(LABELS.overdue)}` : '',
      );
      const plan = system.migrationPlan;
      if (plan)
        summary.append(
          element('br'),
          `${both(LABELS.plan)}: → ${plan.destination.officialName} ${plan.destination.name}, ${plan.plannedCutover}`,
        );
      if (system.dataCenter)
        summary.append(element('br'), `${both(LABELS.placed)}: ${system.dataCenter.officialName} ${system.dataCenter.name}`);
      body.replaceChildren(
        summary,
        table(
          [LABELS.when, LABELS.stage, LABELS.who, LABELS.note],
          system.history.map((h) => [
            h.at.replace('T', ' ').slice(0, 16),
            `${h.from ? `${stageText(h.from)} → ` : ''}${stageText(h.to)}`,
            h.actor,
            h.note ?? '',
          ]),
        ),
      );
      section.dataset.figures = JSON.stringify({ id: system.id, stage: system.stage, history: system.history.length });
    } else if (unitId) {
      heading.textContent = both(LABELS.unitSystems);
      const unit = field(
        await ask<{
          unit:
            | (Named & {
                batch: { number: number; windowEnd: string };
                systems: (Named & { stage: string | null; dueDate: string | null; isOverdue: boolean })[];
              })
            | null;
        }>(UNIT_SYSTEMS, { id: unitId }),
        'unit',
      );
      body.replaceChildren(
        element('p', {}, `${named(unit)} · ${both(LABELS.batch)} ${unit.batch.number} · ${both(LABELS.windowEnd)} ${unit.batch.windowEnd}`),
        table(
          [LABELS.system, LABELS.stage, LABELS.dueDate, LABELS.overdue],
          unit.systems.map((s) => [
            link(hashLink('system', s.id), named(s)),
            s.stage ? stageText(s.stage) : '—',
            s.dueDate ?? '—',
            s.isOverdue ? '✔' : '',
          ]),
        ),
      );
      section.dataset.figures = JSON.stringify({ id: unit.id, systems: unit.systems.length });
    }
    section.dataset.state = 'shown';
  } catch (error) {
    section.dataset.state = error instanceof Refused && error.code === 'FORBIDDEN' ? 'hidden' : 'error';
    body.replaceChildren(
      `${both(error instanceof Refused && error.code === 'FORBIDDEN' ? LABELS.forbidden : LABELS.failed)}: ${(error as Error).message}`,
    );
  }
  section.scrollIntoView({ block: 'start' });
}

// --- exports and the upload, which call EXPORT's and IMPORT's endpoints with the same token ---

async function exportReport(report: string, format: string, status: HTMLElement): Promise<void> {
  const label = REPORTS.find((r) => r.report === report)?.label ?? { zh: report, en: report };
  const params = new URLSearchParams({ asOf });
  if (report === 'budget-compliance') params.set('year', asOf.slice(0, 4));
  status.textContent = `${both(label)} …`;
  const response = await fetch(`/reports/${report}.${format}?${params}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    status.textContent = `${both(label)}: ${await problemOf(response)}`;
    return;
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? `${report}-${asOf}.${format}`;
  const url = URL.createObjectURL(await response.blob());
  const anchor = element('a', { href: url, download: decodeURIComponent(name) });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  status.textContent = `${both(label)}: ${decodeURIComponent(name)}`;
}

async function problemOf(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { errors?: GraphQLError[]; error?: string; message?: string };
    const first = body.errors?.[0];
    if (first) return `${first.extensions?.code ? `${first.extensions.code}: ` : ''}${first.message}`;
    return body.error ?? body.message ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  }
}

const SPREADSHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function upload(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const out = $<HTMLElement>('#import-report');
  const unit = $<HTMLInputElement>('#import-unit').value.trim();
  const file = $<HTMLInputElement>('#import-file').files?.[0];
  if (!file || !unit) return;
  out.replaceChildren(both(LABELS.loading));
  const response = await fetch(`/inventory/import?${new URLSearchParams({ unit })}`, {
    method: 'POST',
    headers: {
      'content-type': /\.csv$/i.test(file.name) ? 'text/csv' : SPREADSHEET,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: file,
  });
  const text = await response.text();
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    out.replaceChildren(`HTTP ${response.status}: ${text.slice(0, 300)}`);
    return;
  }
  out.replaceChildren(...rowReport(report, response.status));
  // What landed shows at once in the panels.
  if (response.ok) void load();
}

/** The import's answer as a table: whichever array of rows it holds, each row's fields as columns. */
function rowReport(report: unknown, status: number): (Node | string)[] {
  const body = (report ?? {}) as Record<string, unknown>;
  const errors = body.errors as GraphQLError[] | undefined;
  if (errors?.length) return [`HTTP ${status}: ${errors.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ')}`];
  const rows = (Array.isArray(report) ? report : (Object.values(body).find(Array.isArray) ?? [])) as Record<string, unknown>[];
  // Plain values and one level of counts (e.g. { created: 3, refused: 1 }) make the summary line.
  const summary = Object.entries(body)
    .filter(([, value]) => !Array.isArray(value))
    .map(([key, value]) =>
      value && typeof value === 'object'
        ? `${key}: ${Object.entries(value)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`
        : `${key}: ${value}`,
    )
    .join(' · ');
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row ?? {})))];
  const cell = (value: unknown) => (value == null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
  const head = element('tr', {}, ...columns.map((c) => element('th', {}, c)));
  const lines = rows.map((row) =>
    element(
      'tr',
      /refused/i.test(JSON.stringify(row)) ? { class: 'outcome-refused' } : {},
      ...columns.map((c) => element('td', {}, cell(row?.[c]))),
    ),
  );
  return [
    element('p', {}, `HTTP ${status}${summary ? ` · ${summary}` : ''}`),
    element('div', { class: 'table-scroll' }, element('table', {}, element('thead', {}, head), element('tbody', {}, ...lines))),
  ];
}

// --- wiring ---

const tokenInput = $<HTMLInputElement>('#token');
const dateInput = $<HTMLInputElement>('#as-of');
tokenInput.value = token;
dateInput.value = asOf;

$<HTMLFormElement>('#token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  token = tokenInput.value.trim().replace(/^Bearer\s+/i, '');
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  void load();
});
$('#sign-out').addEventListener('click', () => {
  token = '';
  tokenInput.value = '';
  sessionStorage.removeItem(TOKEN_KEY);
  void load();
});
dateInput.addEventListener('change', () => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateInput.value)) return;
  asOf = dateInput.value;
  const params = hashParams();
  params.set('asOf', asOf);
  history.replaceState(null, '', `#${params.toString()}`);
  void load();
});
window.addEventListener('hashchange', () => {
  const asked = hashParams().get('asOf');
  if (asked && asked !== asOf) {
    asOf = asked;
    dateInput.value = asOf;
    void load();
  } else void showDetails();
});
$('#journey-close').addEventListener('click', () => {
  history.replaceState(null, '', `#${new URLSearchParams({ asOf }).toString()}`);
  void showDetails();
});
for (const span of document.querySelectorAll<HTMLElement>('.export')) {
  for (const button of span.querySelectorAll<HTMLButtonElement>('button')) {
    button.addEventListener('click', () => {
      void exportReport(span.dataset.report ?? '', button.dataset.format ?? 'xlsx', $('#export-status')).catch((error: Error) => {
        $('#export-status').textContent = error.message;
      });
    });
  }
}
$<HTMLFormElement>('#import-form').addEventListener('submit', (event) => {
  void upload(event).catch((error: Error) => {
    $('#import-report').textContent = error.message;
  });
});
window.addEventListener('resize', () => {
  for (const drawn of charts) drawn.resize();
});

void load();
