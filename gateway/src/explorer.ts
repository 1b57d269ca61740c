/**
 * The explorer a browser gets at the gateway's URL, chosen by configuration (`EXPLORER`):
 * - `sandbox`: Apollo Sandbox, embedded from Apollo's CDN (the development default);
 * - `graphiql`: GraphiQL built from node_modules and served by the gateway itself, for networks that cannot
 *   reach Apollo's CDN: no request leaves the machine (explorer-graphiql.ts);
 * - `none`: no page at all (the production default, where introspection is off too).
 * Both explorers open with every saved operation of schema/operations/, read at start (so the page holds
 * what the files say today), after a comment that says how to act as a role and as of a moment.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { operationsDir } from '@cq/schema';
import type { FastifyInstance } from 'fastify';
import { sendBrowserFile } from './browser-files.ts';
import { type ExplorerAssets, explorerCsp, explorerPage, graphiqlAssets } from './explorer-graphiql.ts';

export const EXPLORERS = ['sandbox', 'graphiql', 'none'] as const;
export type ExplorerChoice = (typeof EXPLORERS)[number];

/** One saved operation: its file's name and its text, leading comment included. */
export interface SavedOperation {
  name: string;
  text: string;
}

/**
 * The saved operations, queries first (what an analyst runs first is a read), each group by file name.
 * Read from the folder at each call: the gateway calls it once, at start.
 */
export function savedOperations(dir: string = operationsDir): SavedOperation[] {
  const read = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => ({ name: file.replace(/\.graphql$/, ''), text: readFileSync(dir + file, 'utf8').trim() }));
  const isMutation = (operation: SavedOperation) => /^\s*mutation\b/m.test(operation.text.replace(/^#.*$/gm, ''));
  return [...read.filter((o) => !isMutation(o)), ...read.filter(isMutation)];
}

/** Where each explorer keeps request headers, for the opening comment. */
const HEADERS_PANEL: Record<Exclude<ExplorerChoice, 'none'>, { panel: string; example: string[] }> = {
  sandbox: {
    panel: "add a header in Sandbox's Headers panel",
    example: ['  Authorization: Bearer <token>'],
  },
  graphiql: {
    panel: 'open the Headers tab under this editor and write (headers are kept only while the page is open)',
    example: ['  { "Authorization": "Bearer <token>" }'],
  },
};

/** What an explorer opens with before the saved operations: how to act as a role, and as of a moment. */
export function openingComment(explorer: Exclude<ExplorerChoice, 'none'>): string {
  const { panel, example } = HEADERS_PANEL[explorer];
  const asOf = explorer === 'sandbox' ? ['  As-Of: 2015-09-30'] : ['  { "Authorization": "Bearer <token>", "As-Of": "2015-09-30" }'];
  return [
    '# Signed out you see batches, the service catalogue, tariffs and data centres.',
    `# To act as a role, ${panel}:`,
    ...example,
    '# In development, `pnpm run token --role analyst` prints one (the start command prints one per role);',
    "# the README's role table says what each role may read and change.",
    '# To see the programme as it stood at a moment, add an As-Of header (every field of the operation, in every',
    '# subgraph, is then answered as of that one moment; a date means the end of that day in Asia/Shanghai):',
    ...asOf,
    '# A report\'s root asOf argument (e.g. overdueSystems(asOf: "2015-09-30")) does the same for the whole',
    '# operation; it must agree with the header. Changes (mutations) are always made now: they take no As-Of.',
    explorer === 'sandbox'
      ? '# The saved operations of schema/operations/ follow; Sandbox runs the one the cursor is in.'
      : '# Each saved operation of schema/operations/ has a tab of its own; this is the first.',
  ]
    .map((line) => line.replace(/^ {2}/, '#   '))
    .join('\n');
}

/** Sandbox's document: the opening comment, then every saved operation (Sandbox runs the one chosen). */
export function sandboxDocument(operations: SavedOperation[] = savedOperations()): string {
  return [openingComment('sandbox'), ...operations.map((o) => o.text)].join('\n\n').concat('\n');
}

/**
 * The Apollo Server plugin that answers a browser at /graphql (GET preferring text/html). Sandbox is
 * Apollo's own page: it takes the page's address (window.location.href, the gateway's URL) as its
 * endpoint, which is why GET / redirects here rather than serving it too.
 */
export function landingPage(explorer: ExplorerChoice): ApolloServerPlugin<BaseContext> {
  if (explorer === 'none') return ApolloServerPluginLandingPageDisabled();
  if (explorer === 'sandbox') {
    return ApolloServerPluginLandingPageLocalDefault({
      embed: { endpointIsEditable: false },
      includeCookies: false,
      document: sandboxDocument(),
    });
  }
  const html = explorerPage(openingComment('graphiql'), savedOperations());
  return {
    async serverWillStart() {
      return { renderLandingPage: async () => ({ html }) };
    },
  };
}

/**
 * The explorer's HTTP part: GET / sends a browser to /graphql; with GraphiQL, its script and style
 * (built from node_modules when the gateway starts) and a Content-Security-Policy on its page that lets
 * the browser reach this origin only.
 */
export async function serveExplorer(app: FastifyInstance, explorer: ExplorerChoice): Promise<void> {
  if (explorer === 'none') return;
  app.get('/', (request, reply) =>
    String(request.headers.accept ?? '').includes('text/html') ? reply.redirect('/graphql', 302) : reply.callNotFound(),
  );
  if (explorer !== 'graphiql') return;
  const assets: ExplorerAssets = await graphiqlAssets();
  app.get('/explorer/:file', (request, reply) => {
    const asset = assets.get((request.params as { file: string }).file);
    return asset ? sendBrowserFile(request, reply, asset) : reply.callNotFound();
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.url.split('?')[0] === '/graphql' && String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', explorerCsp);
    }
  });
}
