/**
 * The offline explorer: GraphiQL 4 with its explorer plugin, bundled from node_modules by esbuild when
 * the gateway starts (1.6–3 s on a busy 2-core machine; nothing is committed, nothing downloaded) and
 * served from the gateway's own origin. GraphiQL 4 rather than 5: its CodeMirror editor bundles into one script and one
 * style sheet with no web workers (1.6 MB and 0.4 MB, about 0.8 MB gzipped), where GraphiQL 5's Monaco
 * needs three worker bundles, a font file and `worker-src`, 7.3 MB in all (measured with esbuild 0.28).
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type BrowserFile, bundleForBrowser } from './browser-files.ts';
import type { SavedOperation } from './explorer.ts';

export type ExplorerAssets = Map<string, BrowserFile>;

/**
 * The page's Content-Security-Policy: scripts, styles, fonts and requests from this origin only, so the
 * browser cannot reach outside even if something in the bundle tried. GraphiQL needs inline styles (its
 * dialogs and CodeMirror set them) and `data:` fonts and images (its style sheet inlines its fonts).
 */
export const explorerCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** What the browser script reads from the page (explorer-client.ts). */
export interface ExplorerPageConfig {
  /** The path GraphiQL posts to, on the page's own origin: the gateway's URL. */
  endpointPath: string;
  /** One tab per saved operation; the first begins with the opening comment. */
  tabs: { query: string }[];
  /** Where GraphiQL keeps its tabs in the browser: a new set of saved operations starts afresh. */
  storageNamespace: string;
}

/** JSON safe inside a <script> element: no `<` can close it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** The static page: the built style and script, and the saved operations as data (never as script). */
export function explorerPage(comment: string, operations: SavedOperation[]): string {
  const tabs = operations.map((o, i) => ({ query: i === 0 ? `${comment}\n\n${o.text}\n` : `${o.text}\n` }));
  const storageNamespace = `cq-graphiql-${createHash('sha256').update(JSON.stringify(tabs)).digest('hex').slice(0, 12)}`;
  const config: ExplorerPageConfig = { endpointPath: '/graphql', tabs, storageNamespace };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Migration-programme graph · GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/explorer/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script type="application/json" id="explorer-config">${scriptJson(config)}</script>
<script src="/explorer/graphiql.js"></script>
</body>
</html>
`;
}

const CLIENT = fileURLToPath(new URL('./explorer-client.ts', import.meta.url));

let built: Promise<ExplorerAssets> | undefined;

/** GraphiQL's script and style, bundled once per process (the same for every gateway it starts). */
export function graphiqlAssets(): Promise<ExplorerAssets> {
  built ??= (async () => {
    const assets = await bundleForBrowser('graphiql', CLIENT, {
      define: { 'process.env.NODE_ENV': '"production"' },
      // GraphiQL's style sheet inlines its fonts; anything else it names is served from here too.
      loader: { '.woff2': 'dataurl', '.woff': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl' },
    });
    if (!assets.has('graphiql.css')) throw new Error('The GraphiQL bundle has no graphiql.css.');
    return assets;
  })();
  return built;
}
