/**
 * The dashboard's static page and style sheet: the panels' frames with their headings in both languages,
 * filled by the browser script (dashboard-client.ts) from /graphql. Nothing here is data: the page is the
 * same for everyone, and what a viewer sees depends only on the token pasted into it.
 */
import { both, LABELS, REPORTS } from './dashboard-labels.ts';

/** The panels in page order; `wide` ones take a whole row. */
export const PANELS = [
  { panel: 'burnDown', title: LABELS.burnDown, wide: true },
  { panel: 'stagesCoordinating', title: LABELS.stagesCoordinating },
  { panel: 'stagesDistrict', title: LABELS.stagesDistrict },
  { panel: 'overdue', title: LABELS.overdue },
  { panel: 'pendingExtensions', title: LABELS.pendingExtensions },
  { panel: 'capacity', title: LABELS.capacity },
  { panel: 'costs', title: LABELS.costs },
  { panel: 'budget', title: LABELS.budget, wide: true },
] as const;
export type PanelName = (typeof PANELS)[number]['panel'];

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const text = (label: { zh: string; en: string }) => escapeHtml(both(label));

export function dashboardPage(): string {
  const panels = PANELS.map(
    ({ panel, title, ...rest }) =>
      `<section class="panel${'wide' in rest ? ' wide' : ''}" data-panel="${panel}" data-state="loading">
<h2>${text(title)}</h2><p class="note"></p><div class="body"></div>
</section>`,
  ).join('\n');
  const exports = REPORTS.map(
    ({ report, label }) =>
      `<span class="export" data-report="${report}">${text(label)}
<button type="button" data-format="xlsx">.xlsx</button><button type="button" data-format="csv">.csv</button></span>`,
  ).join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(LABELS.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/dashboard.css">
</head>
<body data-state="loading">
<header>
<h1>${text(LABELS.title)}</h1>
<form id="token-form" autocomplete="off">
<label>${text(LABELS.token)} <input id="token" type="password" spellcheck="false" placeholder="Bearer …"></label>
<button type="submit">${text(LABELS.useToken)}</button>
<button type="button" id="sign-out">${text(LABELS.signOut)}</button>
</form>
<label>${text(LABELS.asOf)} <input id="as-of" type="date" min="2015-01-01"></label>
<span id="who"></span>
</header>
<p id="status" role="status"></p>
<nav id="exports" aria-label="${text(LABELS.exports)}"><strong>${text(LABELS.exports)}</strong>
${exports}
<span id="export-status"></span>
</nav>
<section id="journey" class="panel wide" hidden><h2></h2><button type="button" id="journey-close">${text(LABELS.close)}</button><div class="body"></div></section>
<main id="panels">
${panels}
</main>
<section id="import" class="panel wide">
<h2>${text(LABELS.importTitle)}</h2>
<form id="import-form">
<label>${text(LABELS.unit)} <input id="import-unit" list="unit-ids" required spellcheck="false"></label>
<datalist id="unit-ids"></datalist>
<label>${text(LABELS.file)} <input id="import-file" type="file" accept=".xlsx,.csv" required></label>
<button type="submit">${text(LABELS.upload)}</button>
</form>
<div class="body" id="import-report"></div>
</section>
<script src="/dashboard/dashboard.js"></script>
</body>
</html>
`;
}

export const dashboardCss = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", system-ui, sans-serif; color: #1f2733; background: #f3f5f8; }
header { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: center; padding: 12px 20px; background: #1d3d6e; color: #fff; }
header h1 { font-size: 18px; margin: 0 auto 0 0; }
header input { font: inherit; padding: 3px 6px; }
header input#token { width: 22em; }
#who { font-size: 13px; opacity: .9; }
#status { margin: 8px 20px 0; min-height: 1.2em; color: #8a2a2a; }
#exports { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 4px 20px; font-size: 13px; }
#exports button { font-size: 12px; margin-left: 3px; }
#exports .export[hidden] { display: none; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 14px; padding: 10px 20px 20px; }
.panel { background: #fff; border: 1px solid #dde2ea; border-radius: 6px; padding: 10px 14px; min-width: 0; }
.panel.wide { grid-column: 1 / -1; }
#journey, #import { margin: 10px 20px; }
.panel h2 { font-size: 15px; margin: 0 0 4px; }
.panel .note { font-size: 12px; color: #5a6474; margin: 0 0 6px; }
.panel .note:empty { display: none; }
.panel[data-state="hidden"] .body, .panel[data-state="loading"] .body:empty { display: none; }
.panel[data-state="hidden"] .note, .panel[data-state="error"] .note { color: #8a2a2a; }
.chart { width: 100%; height: 300px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #eef0f4; vertical-align: top; }
th { font-weight: 600; color: #3b4656; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.table-scroll { max-height: 360px; overflow: auto; }
#journey-close { float: right; }
#import form { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; margin-bottom: 8px; }
.outcome-refused { color: #a12a2a; }
`;
