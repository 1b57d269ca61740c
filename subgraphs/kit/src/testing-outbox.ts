/**
 * A subgraph's outbox as its events test watches it (test/events.test.ts in each subgraph): what each
 * change adds, and which mutations the test ran, so it can check that it ran every declared one.
 */
import type { GraphQLFormattedError } from 'graphql';
import { expect } from 'vitest';
import type { Database } from './database.ts';
import type { ProgrammeEvent } from './events.ts';
import { eventsAfter, lastSeq } from './outbox.ts';
import { dataOf, errorOf } from './testing.ts';

/** An operation's answer, as a test runs it. */
export interface Outcome {
  data?: unknown;
  errors?: readonly GraphQLFormattedError[];
}

/** `subgraph` is read at each call: the test starts it in its beforeAll. */
export function watchOutbox(subgraph: () => { name: string; database: { db: Database<Record<string, unknown>> } }) {
  const ran = new Set<string>();
  const db = () => subgraph().database.db;
  return {
    /** The mutations run so far. */
    ran,
    /** Runs an allowed change: exactly one event is added, the next of the log, matching `expected` (the rest of whom null). */
    async told(mutation: string, run: () => Promise<Outcome>, expected: Partial<ProgrammeEvent>): Promise<ProgrammeEvent> {
      const before = await lastSeq(db());
      dataOf(await run());
      const added = await eventsAfter(db(), subgraph().name, before, 10);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({ seq: before + 1, unitId: null, systemId: null, vendorId: null, carrierId: null, ...expected });
      ran.add(mutation);
      return added[0] as ProgrammeEvent;
    },
    /** Runs a change that is refused with `code`: the events it adds (none, or a refusal's). */
    async refused(run: () => Promise<Outcome>, code: string): Promise<ProgrammeEvent[]> {
      const before = await lastSeq(db());
      expect(errorOf(await run()).code).toBe(code);
      return eventsAfter(db(), subgraph().name, before, 10);
    },
  };
}
