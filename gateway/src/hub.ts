/**
 * The whole hub in one process, for end-to-end tests and benchmarks: the four subgraphs on fresh test databases, each served over real
 * HTTP on a free port, and the gateway on the checked-in supergraph, also on a free port.
 */
import { createSubgraph, listenSubgraph, readSupergraph, serve, subgraphs, type Subgraph, type SubgraphName } from '@cq/kit';
import { startTestSubgraph } from '@cq/kit/testing';
import { createParkSubgraph } from '@cq/park';
import { createTelecomSubgraph } from '@cq/telecom';
import { createUnitsSubgraph, definition as unitsDefinition } from '@cq/units';
import { seed as seedUnitsData, seedUnits } from '@cq/units/seed';
import type { SeedUnit } from '@cq/units/seed/units';
import { createVendorsSubgraph } from '@cq/vendors';
import { buildGateway, gatewayContext } from './server.ts';

const creators: Record<SubgraphName, (options: object) => Promise<Subgraph<any>>> = {
  units: createUnitsSubgraph,
  vendors: createVendorsSubgraph,
  park: createParkSubgraph,
  telecom: createTelecomSubgraph,
};

export interface GraphQLResult {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface HubOptions {
  /** Units for the units subgraph's seed instead of the programme's own (benchmarks pass thousands). */
  units?: SeedUnit[];
}

export async function startHub({ units }: HubOptions = {}) {
  const create = (name: SubgraphName) =>
    name === 'units' && units
      ? (options: object) => createSubgraph({ ...unitsDefinition, seed: (db) => seedUnitsData(db, seedUnits(units)) }, options)
      : creators[name];
  const running = await Promise.all(
    subgraphs.map(async ({ name }) => {
      const subgraph = await startTestSubgraph(name, create(name));
      const listening = await listenSubgraph(subgraph, 0);
      return { name, subgraph, listening };
    }),
  );
  const byName = new Map(running.map((r) => [r.name, r]));
  const gateway = await serve(
    buildGateway({ supergraphSdl: readSupergraph(), subgraphUrls: Object.fromEntries(running.map((r) => [r.name, r.listening.url])) }),
    { port: 0, context: gatewayContext },
  );

  return {
    url: gateway.url,
    subgraph: (name: SubgraphName) => byName.get(name)!,
    /** Posts an operation to the gateway over HTTP, as a frontend would. */
    async query(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphQLResult> {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResult;
    },
    /** SQL statements each subgraph runs for one operation. */
    async statementsFor(query: string, variables: Record<string, unknown> = {}) {
      const before = Object.fromEntries(running.map((r) => [r.name, r.subgraph.database.statements.count]));
      const result = await this.query(query, variables);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return Object.fromEntries(running.map((r) => [r.name, r.subgraph.database.statements.count - before[r.name]]));
    },
    async stop() {
      await gateway.stop();
      await Promise.all(running.map(async (r) => {
        await r.listening.stop();
        await r.subgraph.stop();
      }));
    },
  };
}

export type Hub = Awaited<ReturnType<typeof startHub>>;
