/**
 * The rules about providers, their catalogue, contracts and task reports: each stated once, here.
 * Commands (commands.ts) enforce them in a transaction; the SQL twins serve loaders and lists.
 *
 * | clause | rule | function | error code |
 * | --- | --- | --- | --- |
 * | §3.4 | a provider reports its migration tasks; one provider per system's task | `commands.reportTaskProgress` | TASK_OF_ANOTHER_VENDOR |
 * | §3.4 | a task is stale once the day its next report was due has ended (Asia/Shanghai) and it is not done | `isStale`, `staleSql` | — |
 * | §4 | prices are never negative | kit `moneyInput` | NEGATIVE_PRICE |
 * | — | a contract's term ends on or after its start | kit `orderedRange` | INVALID_RANGE |
 * | — | a contract moves SIGNED → ACTIVE → ENDED, one step at a time | `CONTRACT_ORDER` | STATUS_OUT_OF_ORDER |
 * | — | a contract costs only while ACTIVE and today is within its term | `inForce`, `inForceSql` | — |
 * | §3.2 | a contract line sells a service of the contract's own provider | `commands.createContract` | UNKNOWN_REFERENCE |
 */
import { dateOf, endOfDay } from '@cq/kit/time';
import { and, eq, gte, lt, lte, ne, type SQL } from 'drizzle-orm';
import { type ContractRow, contracts, type MigrationTaskRow, migrationTasks } from '../data/schema.ts';

/** A task is stale when its next report is late: the due day has ended in Asia/Shanghai and it is not done. */
export const isStale = (task: Pick<MigrationTaskRow, 'status' | 'nextUpdateDue'>, now: Date) =>
  task.status !== 'DONE' && now >= endOfDay(task.nextUpdateDue);

/** `isStale` in SQL: the due day is before today in Asia/Shanghai (test/rules.test.ts shows they agree). */
export const staleSql = (now: Date): SQL | undefined =>
  and(ne(migrationTasks.status, 'DONE'), lt(migrationTasks.nextUpdateDue, dateOf(now)));

/** Contracts only move forward: SIGNED → ACTIVE → ENDED. */
export const CONTRACT_ORDER: readonly ContractRow['status'][] = ['SIGNED', 'ACTIVE', 'ENDED'];

/** A contract costs while it is ACTIVE and today (Asia/Shanghai) is within its term. */
export const inForce = (contract: Pick<ContractRow, 'status' | 'startsOn' | 'endsOn'>, now: Date) => {
  const today = dateOf(now);
  return contract.status === 'ACTIVE' && contract.startsOn <= today && today <= contract.endsOn;
};

/** `inForce` in SQL, on the contracts table. */
export const inForceSql = (now: Date): SQL | undefined => {
  const today = dateOf(now);
  return and(eq(contracts.status, 'ACTIVE'), lte(contracts.startsOn, today), gte(contracts.endsOn, today));
};
