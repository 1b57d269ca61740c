/**
 * Test helpers. Every database test runs on real PostgreSQL: the embedded server the test run starts
 * (scripts/test-databases.ts, vitest's global setup), or the server TEST_DATABASE_URL names. Each subgraph
 * of each test file gets a database of its own, copied from a template the global setup migrated and
 * seeded once, and dropped on stop, so files never share state.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { BaseContext } from '@apollo/server';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLFormattedError, print } from 'graphql';
import postgres from 'postgres';
import type { Listening } from './http.ts';
import { ANONYMOUS, secretKey, signSubgraphToken, type Viewer } from './identity.ts';
import type { Moment } from './moment.ts';
import { listenSubgraph, type Subgraph, type SubgraphOptions } from './server.ts';
import type { Peers } from './services.ts';

/** The administrative database of the tests' server; the global setup sets it when it starts the embedded one. */
export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error('No test database server: run the tests through vitest (its global setup starts one) or set TEST_DATABASE_URL.');
  return url;
}

/** The seeded template of a subgraph's test databases in this test run (made by the global setup). */
export const templateOf = (name: string, run = process.env.TEST_RUN_ID) => `mpg_template_${name}_${run}`;

/** The secret this test process's gateway and subgraphs share; a new one for every run. */
export const TEST_SECRET = randomBytes(32).toString('base64url');

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** The sessions' time zone, to prove that answers do not depend on it. */
  timeZone?: string;
  /** An empty database instead of a copy of the seeded template: for a subgraph seeded otherwise (scale tests). */
  empty?: boolean;
}

const withDatabase = (url: string, database: string) => Object.assign(new URL(url), { pathname: `/${database}` }).toString();

/** Runs statements on the test server's administrative database over one short-lived connection. */
export async function onTestServer<T>(work: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(testServerUrl(), { max: 1, onnotice: () => {} });
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** A fresh database for one subgraph of one test file: a copy of the seeded template, or empty. */
export async function createTestDatabase(name: string, { timeZone, empty }: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const database = `mpg_test_${name}_${randomBytes(4).toString('hex')}`;
  const template = empty || !process.env.TEST_RUN_ID ? '' : ` template ${templateOf(name)}`;
  await onTestServer(async (admin) => {
    await admin.unsafe(`create database ${database}${template}`);
    if (timeZone) await admin.unsafe(`alter database ${database} set timezone to '${timeZone.replace(/'/g, '')}'`);
  });
  return {
    url: withDatabase(testServerUrl(), database),
    drop: () => onTestServer((admin) => admin.unsafe(`drop database if exists ${database} with (force)`)).then(() => undefined),
  };
}

export type TestSubgraph<C extends BaseContext> = Subgraph<C> & { stop(): Promise<void> };

/** A subgraph on a fresh test database (see createTestDatabase), with a stop that closes and drops it. */
export async function startTestSubgraph<C extends BaseContext>(
  name: string,
  create: (options: SubgraphOptions) => Promise<Subgraph<C>>,
  options: TestDatabaseOptions = {},
): Promise<TestSubgraph<C>> {
  const database = await createTestDatabase(name, options);
  const subgraph = await create({ url: database.url, secret: TEST_SECRET });
  return {
    ...subgraph,
    async stop() {
      await subgraph.database.close();
      await database.drop();
    },
  };
}

/** A test subgraph served over HTTP (serveTestSubgraph). */
export type Served = TestSubgraph<BaseContext> & { listening: Listening };

// biome-ignore lint/suspicious/noExplicitAny: Apollo Server is invariant in its context, and any subgraph may be a peer.
type CreatePeer = (options: SubgraphOptions) => Promise<Subgraph<any>>;

/** A test subgraph, served too, with the real peers it asks (startTestSubgraphAsking). */
export type AskingTestSubgraph<C extends BaseContext, P extends string> = TestSubgraph<C> & {
  listening: Listening;
  peers: Record<P, Served>;
};

/**
 * A subgraph on a fresh test database, served over real HTTP on a free port: what another subgraph asks
 * in tests (a real peer, never a stand-in), and what the end-to-end hub puts behind its gateway.
 */
export async function serveTestSubgraph<C extends BaseContext>(
  name: string,
  create: (options: SubgraphOptions) => Promise<Subgraph<C>>,
  options: TestDatabaseOptions = {},
): Promise<TestSubgraph<C> & { listening: Listening }> {
  const subgraph = await startTestSubgraph(name, create, options);
  const listening = await listenSubgraph(subgraph, 0);
  return {
    ...subgraph,
    listening,
    async stop() {
      await listening.stop();
      await subgraph.stop();
    },
  };
}

/**
 * A subgraph on a fresh test database that asks real peers (a cross-graph question): each peer runs on a
 * fresh database of its own, and all are served over HTTP and learn where the others answer, so a peer
 * can ask back (the park asks units whose system it places). Tests still call the subgraph in process.
 */
export async function startTestSubgraphAsking<C extends BaseContext, P extends string>(
  name: string,
  create: (options: SubgraphOptions) => Promise<Subgraph<C>>,
  peers: Record<P, CreatePeer>,
): Promise<AskingTestSubgraph<C, P>> {
  // Filled in once all listen; the kit reads it at each question.
  const urls: Peers = {};
  const entries = Object.entries(peers) as [P, CreatePeer][];
  const [subject, ...served] = await Promise.all([
    serveTestSubgraph(name, (options) => create({ ...options, peers: urls })),
    ...entries.map(([peer, createPeer]) => serveTestSubgraph(peer, (options) => createPeer({ ...options, peers: urls }))),
  ]);
  const byPeer = Object.fromEntries(entries.map(([peer], i) => [peer, served[i]])) as Record<P, Served>;
  urls[name] = subject.listening.url;
  for (const [peer] of entries) urls[peer] = byPeer[peer].listening.url;
  return {
    ...subject,
    peers: byPeer,
    async stop() {
      await subject.stop();
      await Promise.all(served.map((peer) => peer.stop()));
    },
  };
}

const testKey = secretKey(TEST_SECRET);

/** The headers of a request the gateway signed for this viewer (and the operation's moment, when given). */
export const signedFor = async (viewer: Viewer, moment?: Moment) => ({
  authorization: `Bearer ${await signSubgraphToken(viewer, testKey, moment)}`,
});

/**
 * Runs a typed operation in-process through the subgraph's own server, signed as the gateway signs it for
 * the viewer (anonymous when none is given) and, when given, the operation's moment; returns its single
 * result.
 */
export async function execute<C extends BaseContext, D, V extends Record<string, unknown>>(
  subgraph: Subgraph<C>,
  operation: TypedDocumentNode<D, V>,
  variables?: V,
  viewer: Viewer = ANONYMOUS,
  moment?: Moment,
): Promise<{ data?: D | null; errors?: readonly GraphQLFormattedError[] }> {
  const req = { headers: await signedFor(viewer, moment) } as unknown as IncomingMessage;
  const response = await subgraph.server.executeOperation(
    { query: print(operation), variables },
    { contextValue: await subgraph.context(req) },
  );
  if (response.body.kind !== 'single') throw new Error('Expected a single result.');
  return response.body.singleResult as { data?: D | null; errors?: readonly GraphQLFormattedError[] };
}

interface Result<D> {
  data?: D | null;
  errors?: readonly GraphQLFormattedError[];
}

/** The data of a result that must have succeeded; otherwise the test fails showing the errors. */
export function dataOf<D>(result: Result<D>): D {
  if (result.errors?.length || result.data == null) throw new Error(`Expected data, got: ${JSON.stringify(result.errors ?? result)}`);
  return result.data;
}

/** The first error of a result that must have been refused, with its code. */
export function errorOf(result: Result<unknown>): { message: string; code: unknown } {
  const [error] = result.errors ?? [];
  if (!error) throw new Error(`Expected an error, got: ${JSON.stringify(result.data)}`);
  return { message: error.message, code: error.extensions?.code };
}

/** The one element a list must hold at an index; otherwise the test fails naming it. */
export function at<T>(list: readonly T[] | null | undefined, index: number): T {
  const item = list?.[index];
  if (item === undefined) throw new Error(`Expected an element at ${index} of ${JSON.stringify(list)}.`);
  return item;
}

/** A value the test needs present (a nullable field); otherwise the test fails naming it. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value == null) throw new Error(`Expected ${what}, got ${value}.`);
  return value;
}

// The callers tests act as, one per role of the notice, with tenants from the seed.
export const OFFICE: Viewer = { id: 'joint-conference-office', role: 'joint-conference' };
export const FINANCE: Viewer = { id: 'finance-bureau-officer', role: 'finance' };
export const ANALYST: Viewer = { id: 'expert-analyst', role: 'analyst' };
export const PARK_OPERATOR: Viewer = { id: 'park-operator', role: 'park-operator' };
/** A unit's officer, acting for that unit only. */
export const officerOf = (unitId: string): Viewer => ({ id: `${unitId}-officer`, role: 'unit-officer', unitId });
/** A coordinating unit (§6.2), reading its subtree. */
export const coordinatorOf = (unitId: string): Viewer => ({ id: `${unitId}-coordinator`, role: 'coordinator', unitId });
/** A cloud service provider's staff. */
export const vendorStaff = (vendorId: string, id = `${vendorId}-staff`): Viewer => ({ id, role: 'vendor', vendorId });
/** A carrier's staff. */
export const carrierStaff = (carrierId: string, id = `${carrierId}-staff`): Viewer => ({ id, role: 'carrier', carrierId });

/** The ends of batch 1 and of batch 2 (Asia/Shanghai), moments the lists' tests read at besides now. */
export const END_OF_BATCH_1: Moment = { at: new Date('2015-09-30T16:00:00Z'), asOf: true };
export const END_OF_BATCH_2: Moment = { at: new Date('2015-12-31T16:00:00Z'), asOf: true };

/** A page of a connection as a test reads it. */
export interface TestPage<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: N }[];
}

/**
 * Every page of a list, walked with `after` from the first: the nodes, how many pages, and the last
 * page's totalCount. `page` reads one page after a cursor (null: the first); a page holding more than
 * `first` nodes fails the walk.
 */
export async function walkPages<N>(
  page: (after: string | null) => Promise<TestPage<N> | null | undefined>,
  first: number,
): Promise<{ nodes: N[]; pages: number; totalCount: number }> {
  const nodes: N[] = [];
  let after: string | null = null;
  for (let pages = 1; ; pages++) {
    const current: TestPage<N> = present(await page(after), 'a page');
    if (current.edges.length > first) throw new Error(`A page of ${current.edges.length} nodes, more than first: ${first}.`);
    nodes.push(...current.edges.map((e) => e.node));
    if (!current.pageInfo.hasNextPage) return { nodes, pages, totalCount: current.totalCount };
    after = current.pageInfo.endCursor ?? null;
  }
}
