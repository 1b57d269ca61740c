/**
 * The whole hub in one process, for end-to-end tests and benchmarks: the four subgraphs on fresh test
 * databases, each served over real HTTP on a free port, and the gateway on the checked-in supergraph,
 * also on a free port.
 */
import type { BaseContext } from '@apollo/server';
import { buildGateway, gatewayContext } from '@cq/gateway';
import { serve } from '@cq/kit/http';
import { createSubgraph, type DatabaseOptions, listenSubgraph, type Subgraph } from '@cq/kit/server';
import { startTestSubgraph } from '@cq/kit/testing';
import { createParkSubgraph } from '@cq/park';
import { readSupergraph, subgraphs } from '@cq/schema';
import { createTelecomSubgraph } from '@cq/telecom';
import { createUnitsSubgraph, definition as unitsDefinition } from '@cq/units';
import { seedUnits, seed as seedUnitsData } from '@cq/units/seed';
import type { SeedUnit } from '@cq/units/seed/units';
import { createVendorsSubgraph } from '@cq/vendors';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLFormattedError, print } from 'graphql';

/** Starts a subgraph on a fresh test database and serves it over HTTP on a free port. */
async function run<C extends BaseContext>(name: string, create: (options?: DatabaseOptions) => Promise<Subgraph<C>>) {
  const subgraph = await startTestSubgraph(name, create);
  const listening = await listenSubgraph(subgraph, 0);
  return {
    name,
    statements: subgraph.database.statements,
    listening,
    async stop() {
      await listening.stop();
      await subgraph.stop();
    },
  };
}

export interface GraphQLResult<D> {
  data?: D | null;
  errors?: readonly GraphQLFormattedError[];
}

export interface HubOptions {
  /** Units for the units subgraph's seed instead of the programme's own (benchmarks pass thousands). */
  units?: SeedUnit[];
}

export async function startHub({ units }: HubOptions = {}) {
  const starters: Record<string, () => ReturnType<typeof run>> = {
    units: () =>
      run(
        'units',
        units
          ? (options) => createSubgraph({ ...unitsDefinition, seed: (db) => seedUnitsData(db, seedUnits(units)) }, options)
          : createUnitsSubgraph,
      ),
    vendors: () => run('vendors', createVendorsSubgraph),
    park: () => run('park', createParkSubgraph),
    telecom: () => run('telecom', createTelecomSubgraph),
  };
  const running = await Promise.all(
    subgraphs.map(({ name }) => {
      const start = starters[name];
      if (!start) throw new Error(`The hub knows no subgraph named ${name}.`);
      return start();
    }),
  );
  const byName = new Map(running.map((r) => [r.name, r]));
  const gateway = await serve(
    buildGateway({ supergraphSdl: readSupergraph(), subgraphUrls: Object.fromEntries(running.map((r) => [r.name, r.listening.url])) }),
    { port: 0, context: gatewayContext },
  );

  /** Posts an operation to the gateway over HTTP, as a frontend would; a typed document gives a typed result. */
  async function query<D, V>(
    operation: TypedDocumentNode<D, V>,
    variables?: V,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResult<D>> {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: print(operation), variables: variables ?? {} }),
    });
    return (await response.json()) as GraphQLResult<D>;
  }

  return {
    url: gateway.url,
    subgraph(name: string) {
      const found = byName.get(name);
      if (!found) throw new Error(`The hub runs no subgraph named ${name}.`);
      return found;
    },
    query,
    /** SQL statements each subgraph runs for one operation. */
    async statementsFor<D, V>(operation: TypedDocumentNode<D, V>, variables?: V) {
      const before = new Map(running.map((r) => [r.name, r.statements.count]));
      const result = await query(operation, variables);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return Object.fromEntries(running.map((r) => [r.name, r.statements.count - (before.get(r.name) ?? 0)]));
    },
    async stop() {
      await gateway.stop();
      await Promise.all(running.map((r) => r.stop()));
    },
  };
}

export type Hub = Awaited<ReturnType<typeof startHub>>;
