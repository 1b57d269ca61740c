import DataLoader from 'dataloader';

/**
 * A per-request loader of rows by a key column. The batch function runs one SQL statement for all keys
 * and answers in key order, `null` for a miss (the contract DataLoader and `__resolveReference` expect).
 */
export function rowLoader<K, R>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (row: R) => K) {
  return new DataLoader<K, R | null>(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((row) => [keyOf(row), row] as const));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A per-request loader of the rows that share a key (the children of each parent), one statement per batch. */
export function groupLoader<K, R>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (row: R) => K) {
  return new DataLoader<K, R[]>(async (keys) => {
    const groups = new Map<K, R[]>(keys.map((key) => [key, []]));
    for (const row of await fetch(keys)) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/**
 * A row a foreign key guarantees (a system's unit, a contract's provider): its absence is a broken
 * invariant, reported as an internal error rather than passed on as a null the schema does not allow.
 */
export function loaded<T>(row: T | null | undefined, what: string, id: string | number): T {
  if (row == null) throw new Error(`Missing ${what} ${id}, which a foreign key guarantees.`);
  return row;
}
