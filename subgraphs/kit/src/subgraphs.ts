import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's top folder, whatever the working directory of the process. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export type SubgraphName = 'units' | 'vendors' | 'park' | 'telecom';

export interface SubgraphEntry {
  name: SubgraphName;
  /** The port the subgraph listens on when started by the hub. */
  port: number;
  /** Where the gateway reaches it unless the environment says otherwise. */
  url: string;
}

/**
 * The one list of subgraphs (schema/subgraphs.json): composition, the gateway, the start script and the
 * tests all read it, so adding a subgraph is one line there.
 */
export const subgraphs: readonly SubgraphEntry[] = JSON.parse(
  readFileSync(new URL('schema/subgraphs.json', `file://${repoRoot}`), 'utf8'),
);

export const subgraphDir = (name: SubgraphName) => `${repoRoot}subgraphs/${name}/`;

export function subgraphEntry(name: SubgraphName): SubgraphEntry {
  const entry = subgraphs.find((s) => s.name === name);
  if (!entry) throw new Error(`schema/subgraphs.json lists no subgraph named ${name}.`);
  return entry;
}

/**
 * §4: systems of public institutions with administrative-approval functions may only move to the
 * transitional government data centre or the Government Cloud Platform. The notice names one of each;
 * these are their ids in the park subgraph, which refuses a second data centre of either kind.
 */
export const GOVERNMENT_DESTINATIONS = {
  TRANSITIONAL_GOVERNMENT_DATA_CENTER: 'transitional-government-data-center',
  GOVERNMENT_CLOUD_PLATFORM: 'government-cloud-platform',
} as const;
