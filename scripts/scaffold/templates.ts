/**
 * The files of a new subgraph, in the shape every subgraph shares (scripts/shape.ts checks it), with a
 * tiny but real example: one entity of its own (`<Name>Service`), a paged root list and a lookup, a
 * mutation, and a field joined to the units subgraph's `Unit`, read by a DataLoader in one statement.
 * Paths are relative to the subgraph's folder.
 */
import type { Names } from './names.ts';
import type { SharedSdl } from './shared.ts';

const packageJson = (n: Names) =>
  `${JSON.stringify(
    {
      name: `@cq/${n.name}`,
      private: true,
      type: 'module',
      exports: { '.': './src/server.ts', './schema': './src/data/schema.ts' },
      scripts: {
        start: 'tsx src/index.ts',
        test: `vitest run --root ../.. --project ${n.name}`,
        'db:generate': 'drizzle-kit generate',
      },
      dependencies: {
        '@cq/kit': 'workspace:*',
        '@cq/schema': 'workspace:*',
        'drizzle-orm': 'catalog:',
        graphql: 'catalog:',
      },
      devDependencies: { 'drizzle-kit': 'catalog:', vitest: 'catalog:' },
    },
    null,
    2,
  )}\n`;

const schemaGraphql = (n: Names, shared: SharedSdl) => `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@authenticated", "@requiresScopes"])

# The ${n.name} subgraph: its services, and the services each unit uses (on Unit, owned by the units subgraph).
${shared.queryDescription}
type Query {
  "The ${n.name} services, a page at a time in id order. Public: anyone may read them, signed in or not."
  ${n.list}(
    "How many services to return: 0 to 100, 20 when not given."
    first: Int
    "The cursor after which the page starts: a previous page's \`pageInfo.endCursor\`."
    after: String
  ): ${n.entity}Connection!

  "One ${n.name} service by id; null when none has that id. Public: anyone may read it, signed in or not."
  ${n.one}("The service's id." id: ID!): ${n.entity}
}

${shared.mutationDescription}
type Mutation {
  "Records a ${n.name} service a unit uses. Access: the joint-conference office only."
  ${n.create}("The service." input: ${n.createInput}!): ${n.entity}! @requiresScopes(scopes: [["joint-conference"]])
}

"A ${n.name} service that a unit uses."
type ${n.entity} @key(fields: "id") {
  "Stable identifier."
  id: ID!
  "The service's name in English."
  name: String!
  "The service's official (Chinese) name."
  officialName: String!
  "The unit that uses the service."
  unit: Unit!
}

"A page of ${n.name} services."
type ${n.entity}Connection {
  "The services on this page, each with its cursor."
  edges: [${n.entity}Edge!]!
  "Where the page ends."
  pageInfo: PageInfo!
  "How many services there are in all."
  totalCount: Int!
}

"A ${n.name} service on a page, with its cursor."
type ${n.entity}Edge {
  "Where this service stands in the list: pass it as \`after\` for the services that follow."
  cursor: String!
  "The service."
  node: ${n.entity}!
}

${shared.pageInfo}

"A ${n.name} service to record."
input ${n.createInput} {
  "The new service's id: 2 to 80 lower-case letters, digits and hyphens."
  id: ID!
  "The id of the unit that uses the service (a unit of the units subgraph)."
  unitId: ID!
  "The service's name in English."
  name: String!
  "The service's official (Chinese) name."
  officialName: String!
}

# Owned by the units subgraph; ${n.name} adds the services each unit uses.
${shared.unitDescription}
type Unit @key(fields: "id") {
  ${shared.unitId}
  "The ${n.name} services the unit uses, in id order; null when the ${n.name} subgraph cannot answer. Public: anyone who may read the unit may read them."
  ${n.list}: [${n.entity}!]
}
`;

const drizzleConfig = () => `import { defineConfig } from 'drizzle-kit';

export default defineConfig({ dialect: 'postgresql', schema: './src/data/schema.ts', out: './drizzle' });
`;

/** drizzle-kit's own output for src/data/schema.ts, so that `pnpm db:generate` starts from it. */
const initSql = () => `CREATE TABLE "services" (
\t"id" text PRIMARY KEY NOT NULL,
\t"unit_id" text NOT NULL,
\t"name" text NOT NULL,
\t"official_name" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "services_unit_idx" ON "services" USING btree ("unit_id","id");`;

const journal = (when: number) =>
  `${JSON.stringify(
    { version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when, tag: '0000_init', breakpoints: true }] },
    null,
    2,
  )}`;

const column = (name: string, primaryKey = false) => ({ name, type: 'text', primaryKey, notNull: true });
const indexColumn = (expression: string) => ({ expression, isExpression: false, asc: true, nulls: 'last' });

/** The snapshot drizzle-kit compares the schema with when it generates the next migration. */
const snapshot = (id: string) =>
  `${JSON.stringify(
    {
      id,
      prevId: '00000000-0000-0000-0000-000000000000',
      version: '7',
      dialect: 'postgresql',
      tables: {
        'public.services': {
          name: 'services',
          schema: '',
          columns: {
            id: column('id', true),
            unit_id: column('unit_id'),
            name: column('name'),
            official_name: column('official_name'),
          },
          indexes: {
            services_unit_idx: {
              name: 'services_unit_idx',
              columns: [indexColumn('unit_id'), indexColumn('id')],
              isUnique: false,
              concurrently: false,
              method: 'btree',
              with: {},
            },
          },
          foreignKeys: {},
          compositePrimaryKeys: {},
          uniqueConstraints: {},
          policies: {},
          checkConstraints: {},
          isRLSEnabled: false,
        },
      },
      enums: {},
      schemas: {},
      sequences: {},
      roles: {},
      policies: {},
      views: {},
      _meta: { columns: {}, schemas: {}, tables: {} },
    },
    null,
    2,
  )}`;

const indexTs = (n: Names) => `import { runSubgraph } from '@cq/kit/server';
import { subgraphEntry } from '@cq/schema';
import { ${n.createSubgraph} } from './server.ts';

await runSubgraph('${n.name}', subgraphEntry('${n.name}').port, ${n.createSubgraph});
`;

const serverTs = (n: Names) => `import { createSubgraph, type SubgraphOptions } from '@cq/kit/server';
import { createLoaders } from './data/loaders.ts';
import * as schema from './data/schema.ts';
import { events } from './domain/events.ts';
import { PUBLIC_FIELDS } from './domain/policy.ts';
import { resolvers } from './resolvers/index.ts';
import { seed } from './seed/index.ts';

/** The ${n.name} subgraph's parts, in the shape every subgraph shares (kit: createSubgraph). */
export const definition = {
  name: '${n.name}',
  root: new URL('../', import.meta.url),
  schema,
  resolvers,
  createLoaders,
  seed,
  publicFields: PUBLIC_FIELDS,
  events,
};

/**
 * The ${n.name} subgraph on a migrated, seeded database; it does not listen (see index.ts). The tests'
 * databases and hub find it by this name: create<Name>Subgraph.
 */
export const ${n.createSubgraph} = (options: SubgraphOptions) => createSubgraph(definition, options);
`;

const contextTs = () => `import type { SubgraphContext } from '@cq/kit/server';
import type { Loaders } from './data/loaders.ts';
import type * as schema from './data/schema.ts';

/** The per-request context: the database, fresh loaders, and who is asking. */
export type Context = SubgraphContext<typeof schema, Loaders>;
`;

const mappersTs = (n: Names) => `import type { Connection } from '@cq/kit/paging';
import type { ServiceRow } from './data/schema.ts';

/** The rows behind the GraphQL types; scripts/codegen.ts maps every \`XModel\` here to type X. */
export type ${n.entity}Model = ServiceRow;
export type ${n.entity}ConnectionModel = Connection<ServiceRow>;
/** The representation the gateway sends: the unit's key. */
export type UnitModel = { id: string };
`;

const dataSchemaTs = () => `import { index, pgTable, text } from 'drizzle-orm/pg-core';

/** The services; a service's unit is a unit of the units subgraph, referred to by id (no foreign key across databases). */
export const services = pgTable(
  'services',
  {
    id: text('id').primaryKey(),
    unitId: text('unit_id').notNull(),
    name: text('name').notNull(),
    officialName: text('official_name').notNull(),
  },
  // The services of many units in id order, read straight off the index (loaders.ts).
  (t) => [index('services_unit_idx').on(t.unitId, t.id)],
);

export type ServiceRow = typeof services.$inferSelect;
`;

const loadersTs = () => `import type { Database } from '@cq/kit/database';
import { groupLoader, rowLoader } from '@cq/kit/loaders';
import { inArray } from 'drizzle-orm';
import type * as schema from './schema.ts';
import { services } from './schema.ts';

/** Fresh for every request; each batch is one SQL statement, whatever the number of ids asked for. */
export function createLoaders(db: Database<typeof schema>) {
  return {
    service: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(services)
          .where(inArray(services.id, [...ids])),
      (s) => s.id,
    ),
    /** The services of every unit asked for in one request, in id order. */
    servicesOfUnit: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(services)
          .where(inArray(services.unitId, [...ids]))
          .orderBy(services.unitId, services.id),
      (s) => s.unitId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
`;

const queriesTs = () => `/** The services' list, a keyset page at a time in id order (kit: paging.ts). */
import type { Database } from '@cq/kit/database';
import { countOf, selectRows } from '@cq/kit/database';
import { keysetPage, type PageArgs } from '@cq/kit/paging';
import { sql } from 'drizzle-orm';
import type * as schema from './schema.ts';
import { services } from './schema.ts';

type Db = Database<typeof schema>;

export const servicePage = (db: Db, args: PageArgs) =>
  keysetPage(
    args,
    [services.id],
    async (after, limit) => await db.select().from(services).where(after).orderBy(services.id).limit(limit),
    (s) => [s.id],
    async () => countOf(await selectRows<{ n: number }>(db, sql\`select count(*)::int as n from services\`)),
  );
`;

const rulesTs = (n: Names) => `/**
 * The rules about ${n.name} services: each stated once, here. Commands (commands.ts) enforce them in a
 * transaction. Add a row for every rule, naming the notice's clause, the function and the error code
 * (kit: errors.ts, the one catalogue).
 *
 * | clause | rule | function | error code |
 * | --- | --- | --- | --- |
 * | — | a service's id is 2 to 80 lower-case letters, digits and hyphens | kit \`newId\` | BAD_USER_INPUT |
 * | — | a service's id is new | the table's primary key | ALREADY_EXISTS |
 * | — | a service has a name and an official name, neither blank | \`serviceNames\` | BAD_USER_INPUT |
 */
import { requiredText } from '@cq/kit/errors';

/** The service's names, trimmed; a blank one is refused, naming its field. */
export function serviceNames(input: { name: string; officialName: string }) {
  return { name: requiredText(input.name, 'name'), officialName: requiredText(input.officialName, 'officialName') };
}
`;

const commandsTs = (n: Names) => `/** What the ${n.name} subgraph changes: one function per mutation, each in one transaction. */
import { onlyRow } from '@cq/kit/database';
import { newId } from '@cq/kit/errors';
import type { Context } from '../context.ts';
import { services } from '../data/schema.ts';
import type { ${n.createInput} } from '../generated/resolvers.ts';
import { serviceNames } from './rules.ts';

/** Records a service; the schema lets only the joint-conference office in (policy.ts). */
export async function ${n.create}(ctx: Context, input: ${n.createInput}) {
  const row = { id: newId(input.id), unitId: input.unitId, ...serviceNames(input) };
  return ctx.db.transaction(async (tx) => onlyRow(await tx.insert(services).values(row).returning()));
}
`;

const eventsTs = (n: Names) => `/**
 * What each mutation of the ${n.name} subgraph tells the programme (kit: event-declarations.ts): the events
 * its change records in its own transaction, read from the mutation's answer. Every mutation declares its
 * events, an empty list for none; the subgraph does not start while one declares nothing.
 */
import type { EventDeclarations } from '@cq/kit/event-declarations';
import type { Context } from '../context.ts';

export const events: EventDeclarations<Context> = {
  changes: {
    // No kind of event tells of a ${n.name} service yet: add one to the kit's EVENT_KINDS (kit/src/events.ts,
    // with the roles that may read it), then return it here, e.g. for \`result\`, the recorded row:
    // [{ kind: '<KIND>', subjectType: '${n.entity}', subjectId: result.id, unitId: result.unitId,
    //    summary: \`Service \${result.id} was recorded for unit \${result.unitId}.\` }]
    ${n.create}: () => [],
  },
};
`;

const policyTs = (n: Names) => `/**
 * Who may read and change what in the ${n.name} subgraph.
 *
 * | role | reads | changes |
 * | --- | --- | --- |
 * | anonymous | every service (public) | nothing |
 * | joint-conference | every service | ${n.create} |
 * | any other role | every service | nothing |
 * | service | everything (the kit's internal role for other subgraphs) | nothing |
 *
 * The schema declares who may use each field (\`@authenticated\` or \`@requiresScopes\`, enforced by the kit);
 * rows a role may see are scoped here, each rule stated once, when the services stop being public.
 */

/** Root fields anyone may use, signed in or not. */
export const PUBLIC_FIELDS = ['Query.${n.list}', 'Query.${n.one}'] as const;
`;

const resolversIndexTs = (n: Names) => `import type { Resolvers } from '../generated/resolvers.ts';
import { ${n.entity} } from './${n.entityFile.replace('.ts', '')}.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { Unit } from './unit.ts';

/** One file per type; each resolver is thin: it reads a loader, a query or a command, under the policy's rules. */
export const resolvers: Resolvers = { Query, Mutation, ${n.entity}, Unit };
`;

const queryResolversTs = (n: Names) => `import { servicePage } from '../data/queries.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  ${n.list}: (_, args, { db }) => servicePage(db, args),
  ${n.one}: (_, { id }, { loaders }) => loaders.service.load(id),
};
`;

const mutationResolversTs = (n: Names) => `import * as commands from '../domain/commands.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

export const Mutation: MutationResolvers = {
  ${n.create}: (_, { input }, ctx) => commands.${n.create}(ctx, input),
};
`;

const entityResolversTs = (n: Names) => `import type { ${n.entity}Resolvers } from '../generated/resolvers.ts';

export const ${n.entity}: ${n.entity}Resolvers = {
  __resolveReference: (ref, { loaders }) => loaders.service.load(ref.id),
  unit: (s) => ({ id: s.unitId }),
};
`;

const unitResolversTs = (n: Names) => `import type { UnitResolvers } from '../generated/resolvers.ts';

export const Unit: UnitResolvers = {
  // Batched across every unit of the answer: one statement (data/loaders.ts).
  ${n.list}: (u, _, { loaders }) => loaders.servicesOfUnit.load(u.id),
};
`;

const seedTs = (n: Names) => `import type { Database } from '@cq/kit/database';
import type * as schema from '../data/schema.ts';

/**
 * The ${n.name} subgraph's reference data and its slice of the story (@cq/story), seeded into an empty
 * database; none yet. When there is some, check first that the database is empty (kit: isEmpty).
 */
export async function seed(_db: Database<typeof schema>): Promise<void> {}
`;

const testTs = (n: Names) => `import type { Viewer } from '@cq/kit/identity';
import { dataOf, errorOf, execute, OFFICE, startTestSubgraph, type TestSubgraph, vendorStaff } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { ${n.createSubgraph} } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';

let subgraph: TestSubgraph<Context>;
beforeAll(async () => {
  subgraph = await startTestSubgraph('${n.name}', ${n.createSubgraph});
});
afterAll(() => subgraph?.stop());

const create = graphql(\`
  mutation Create${n.entity}($input: ${n.createInput}!) {
    ${n.create}(input: $input) { id name officialName unit { id } }
  }
\`);

const ofUnits = graphql(\`
  query ${n.entity}sOfUnits($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Unit { id ${n.list} { id name } } }
  }
\`);

const page = graphql(\`
  query ${n.entity}Page($first: Int, $after: String) {
    ${n.list}(first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } totalCount }
  }
\`);

const service = (id: string, unitId: string) => ({ id, unitId, name: \`Service \${id}\`, officialName: \`服务 \${id}\` });

describe('${n.name} services', () => {
  it('records a service and joins it to its unit', async () => {
    const created = dataOf(await execute(subgraph, create, { input: service('first-service', 'nanan-district') }, OFFICE));
    expect(created.${n.create}).toEqual({
      id: 'first-service',
      name: 'Service first-service',
      officialName: '服务 first-service',
      unit: { id: 'nanan-district' },
    });
    const representations = [
      { __typename: 'Unit', id: 'nanan-district' },
      { __typename: 'Unit', id: 'no-such-unit' },
    ];
    const units = dataOf(await execute(subgraph, ofUnits, { representations }));
    expect(units._entities).toEqual([
      { id: 'nanan-district', ${n.list}: [{ id: 'first-service', name: 'Service first-service' }] },
      { id: 'no-such-unit', ${n.list}: [] },
    ]);
  });

  it('pages the services in id order', async () => {
    dataOf(await execute(subgraph, create, { input: service('second-service', 'nanan-district') }, OFFICE));
    const first = dataOf(await execute(subgraph, page, { first: 1 })).${n.list};
    expect(first.edges.map((e) => e.node.id)).toEqual(['first-service']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBe(2);
    const next = dataOf(await execute(subgraph, page, { first: 1, after: first.pageInfo.endCursor })).${n.list};
    expect(next.edges.map((e) => e.node.id)).toEqual(['second-service']);
  });

  it('refuses a blank name, a taken id and a role that may not record services', async () => {
    const refusal = async (input: ReturnType<typeof service>, viewer: Viewer) =>
      errorOf(await execute(subgraph, create, { input }, viewer));
    const blank = { ...service('blank', 'nanan-district'), name: ' ' };
    expect(await refusal(blank, OFFICE)).toEqual({ code: 'BAD_USER_INPUT', message: 'name must not be empty.' });
    expect((await refusal(service('first-service', 'nanan-district'), OFFICE)).code).toBe('ALREADY_EXISTS');
    expect((await refusal(service('vendors-own', 'nanan-district'), vendorStaff('sample-jialing-cloud'))).code).toBe('FORBIDDEN');
  });
});
`;

/** Every file of a new subgraph named `n`, by path in its folder; `when` dates the initial migration. */
export function subgraphFiles(n: Names, shared: SharedSdl, when: number, snapshotId: string): Record<string, string> {
  return {
    'package.json': packageJson(n),
    'schema.graphql': schemaGraphql(n, shared),
    'drizzle.config.ts': drizzleConfig(),
    'drizzle/0000_init.sql': initSql(),
    'drizzle/meta/_journal.json': journal(when),
    'drizzle/meta/0000_snapshot.json': snapshot(snapshotId),
    'src/index.ts': indexTs(n),
    'src/server.ts': serverTs(n),
    'src/context.ts': contextTs(),
    'src/mappers.ts': mappersTs(n),
    'src/data/schema.ts': dataSchemaTs(),
    'src/data/loaders.ts': loadersTs(),
    'src/data/queries.ts': queriesTs(),
    'src/domain/rules.ts': rulesTs(n),
    'src/domain/commands.ts': commandsTs(n),
    'src/domain/policy.ts': policyTs(n),
    'src/domain/events.ts': eventsTs(n),
    'src/resolvers/index.ts': resolversIndexTs(n),
    'src/resolvers/query.ts': queryResolversTs(n),
    'src/resolvers/mutation.ts': mutationResolversTs(n),
    [`src/resolvers/${n.entityFile}`]: entityResolversTs(n),
    'src/resolvers/unit.ts': unitResolversTs(n),
    'src/seed/index.ts': seedTs(n),
    // The folder `pnpm codegen` writes src/generated/resolvers.ts into, from schema.graphql.
    'src/generated/.gitkeep': '',
    [`test/${n.name}.test.ts`]: testTs(n),
  };
}
