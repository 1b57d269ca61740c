/**
 * Many clients of the hub at once, for the concurrency and load tests: each signs its token once (so a
 * race is decided by the hub, not by who signed first), posts over real HTTP, and every answer is kept
 * with its status, its codes and its latency, so a test can say who won, who was refused and with what.
 */
import type { Viewer } from '@cq/kit/identity';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { GraphQLResult, Hub } from './hub.ts';

/** One answer, as a client saw it. */
export interface Answer<D> {
  status: number;
  body: GraphQLResult<D>;
  /** The first error's code; none when the operation succeeded. */
  code?: string;
  /** Milliseconds from sending to the parsed answer (reported, never asserted). */
  ms: number;
}

/** A client acting as one viewer, its token signed once. */
export type Client = <D, V>(operation: TypedDocumentNode<D, V>, variables: V) => Promise<Answer<D>>;

export async function clientOf(hub: Hub, viewer: Viewer): Promise<Client> {
  const headers = { authorization: `Bearer ${await hub.token(viewer)}` };
  return async (operation, variables) => {
    const started = performance.now();
    const { status, body } = await hub.post({ query: print(operation), variables }, headers);
    const code = body.errors?.[0]?.extensions?.code;
    return {
      status,
      body: body as GraphQLResult<never>,
      code: typeof code === 'string' ? code : undefined,
      ms: performance.now() - started,
    };
  };
}

/** The answers of a race, counted: how many won, and each refusal's code with how many got it. */
export interface Tally<D> {
  answers: Answer<D>[];
  wins: Answer<D>[];
  codes: Record<string, number>;
}

export function tally<D>(answers: Answer<D>[]): Tally<D> {
  const wins = answers.filter((a) => a.status === 200 && !a.body.errors?.length && a.body.data != null);
  const codes: Record<string, number> = {};
  for (const a of answers) if (a.body.errors?.length) codes[a.code ?? 'NO_CODE'] = (codes[a.code ?? 'NO_CODE'] ?? 0) + 1;
  return { answers, wins, codes };
}

/**
 * Runs `n` attempts at once (each client's token signed before any is sent) and counts the answers.
 * `attempt` gets the index of its client.
 */
export async function race<D>(n: number, prepare: (i: number) => Promise<() => Promise<Answer<D>>>): Promise<Tally<D>> {
  const ready = await Promise.all(Array.from({ length: n }, (_, i) => prepare(i)));
  return tally(await Promise.all(ready.map((go) => go())));
}

/** The codes of answers that are failures of the hub, not refusals a client can act on: none may occur. */
export const failures = (answers: Answer<unknown>[]) =>
  answers.filter((a) => a.status >= 500 || a.code === 'INTERNAL_SERVER_ERROR' || (a.body.errors?.length && !a.code));

/** The p-th percentile (0–100) of a list of numbers, by the nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}
