/**
 * A subgraph's create function found by convention, so that the tests' databases and hub serve every
 * subgraph the registry lists, a scaffolded one too, with no edit here: each subgraph's src/server.ts
 * exports `create<Name>Subgraph` (createUnitsSubgraph, createTelecomSubgraph…). It is loaded from the
 * subgraph's folder, so a new package needs no dependency of the e2e package.
 */
import { pathToFileURL } from 'node:url';
import type { Subgraph, SubgraphOptions } from '@cq/kit/server';
import { subgraphDir } from '@cq/schema';

// biome-ignore lint/suspicious/noExplicitAny: each subgraph has its own context type.
export type CreateSubgraph = (options: SubgraphOptions) => Promise<Subgraph<any>>;

/** `create<Name>Subgraph` of the subgraph in `dir` (the registry's folder for `name` by default). */
export async function creatorOf(name: string, dir = subgraphDir(name)): Promise<CreateSubgraph> {
  const exported = `create${name.charAt(0).toUpperCase()}${name.slice(1)}Subgraph`;
  const module = (await import(pathToFileURL(`${dir}src/server.ts`).href)) as Record<string, unknown>;
  const create = module[exported];
  if (typeof create !== 'function') throw new Error(`subgraphs/${name}/src/server.ts exports no ${exported}.`);
  return create as CreateSubgraph;
}
