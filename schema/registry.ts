/**
 * The one list of subgraphs (subgraphs.json beside this file) and where the graph's shared files live:
 * composition, the gateway, the start script, codegen and the tests all read them from here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface SubgraphEntry {
  name: string;
  /** The port the subgraph listens on when started by the hub. */
  port: number;
  /** Where the gateway reaches it unless the environment says otherwise. */
  url: string;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The repository's top folder, whatever the working directory of the process. */
export const repoRoot = here('../');

export const subgraphs: readonly SubgraphEntry[] = JSON.parse(readFileSync(here('subgraphs.json'), 'utf8'));

export function subgraphEntry(name: string): SubgraphEntry {
  const entry = subgraphs.find((s) => s.name === name);
  if (!entry) throw new Error(`schema/subgraphs.json lists no subgraph named ${name}.`);
  return entry;
}

/** A subgraph's folder: its package, schema.graphql and migrations. */
export const subgraphDir = (name: string) => here(`../subgraphs/${name}/`);

export const readSdl = (name: string) => readFileSync(`${subgraphDir(name)}schema.graphql`, 'utf8');

export const supergraphPath = here('supergraph.graphql');

export const readSupergraph = () => readFileSync(supergraphPath, 'utf8');

/** The gateway's own subscription schema (the programme's live events), described beside the supergraph. */
export const subscriptionsPath = here('subscriptions.graphql');

/** The saved operations frontend teams and analysts rely on, one per .graphql file. */
export const operationsDir = here('operations/');
