/**
 * The rules about providers, their catalogue, contracts and task reports: each stated once, here.
 * Commands (commands.ts) enforce them in a transaction; the SQL twins serve loaders and lists.
 *
 * | clause | rule | function | error code |
 * | --- | --- | --- | --- |
 * | §3.4 | a provider reports its migration tasks; one provider per system's task: the one reporting it, until the system selects another (units: changeProvider), which takes it over | `taskReportedBy` | TASK_OF_ANOTHER_VENDOR |
 * | §3.4 | a task is stale once the day its next report was due has ended (Asia/Shanghai) and it is not done | `isStale`, `staleSql` | — |
 * | §4 | prices are never negative | kit `moneyInput` | NEGATIVE_PRICE |
 * | — | a contract's term ends on or after its start | kit `orderedRange` | INVALID_RANGE |
 * | — | a contract moves SIGNED → ACTIVE → ENDED, one step at a time | `CONTRACT_ORDER` | STATUS_OUT_OF_ORDER |
 * | — | a contract costs only while ACTIVE and today is within its term | `inForce`, `inForceSql` | — |
 * | — | as of any day, a contract is what its days say: not yet recorded before `signedOn`, ACTIVE from `activatedOn`, ENDED from `endedOn` | `contractStatusOn`, `contractStatusSql`, `recordedBy`, `recordedBySql`, `inForceSql` | — |
 * | §3.2 | a contract line sells a service of the contract's own provider | `commands.createContract` | UNKNOWN_REFERENCE |
 * | — | a contract's unit exists in the units subgraph (asked; refused when units cannot answer) | `knownUnit` | UNKNOWN_REFERENCE, SUBGRAPH_UNAVAILABLE |
 * | — | a system a contract line or a task report names exists in the units subgraph (asked, one call for all the lines) | `knownSystem` | UNKNOWN_REFERENCE, SUBGRAPH_UNAVAILABLE |
 * | §3.2 | a contract line's system is one of the contract's own unit | `systemOfUnit` | UNKNOWN_REFERENCE |
 * | §1 | a classified system is never migrated: no cloud service is bought for it, no migration task is reported on it | `notExempt` | CLASSIFIED_SYSTEM_EXEMPT |
 * | §3.2 | a system's cloud services are bought from the provider selected for it (as units says), not before one is selected | `boughtFromSelected` | NOT_SELECTED_PROVIDER |
 */
import { ruleError, unknownReference } from '@cq/kit/errors';
import { dateOf, dayOfMoment, endOfDay, nextDay } from '@cq/kit/time';
import { and, gte, isNull, lt, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import type { SystemFacts } from '../data/peers.ts';
import { type ContractRow, contracts, type MigrationTaskRow, migrationTasks } from '../data/schema.ts';

/** A task is stale when its next report is late: the due day has ended in Asia/Shanghai and it is not done. */
export const isStale = (task: Pick<MigrationTaskRow, 'status' | 'nextUpdateDue'>, now: Date) =>
  task.status !== 'DONE' && now >= endOfDay(task.nextUpdateDue);

/** `isStale` in SQL: the due day is before today in Asia/Shanghai (test/rules.test.ts shows they agree). */
export const staleSql = (now: Date): SQL | undefined =>
  and(ne(migrationTasks.status, 'DONE'), lt(migrationTasks.nextUpdateDue, dateOf(now)));

/** Contracts only move forward: SIGNED → ACTIVE → ENDED. */
export const CONTRACT_ORDER: readonly ContractRow['status'][] = ['SIGNED', 'ACTIVE', 'ENDED'];

type ContractDays = Pick<ContractRow, 'status' | 'startsOn' | 'endsOn' | 'activatedOn' | 'endedOn'>;

/**
 * The day a contract became ACTIVE: the day recorded; for one activated before the day was kept, its
 * term's first day; null while it is SIGNED.
 */
const activeFrom = (c: ContractDays) => (c.status === 'SIGNED' ? null : (c.activatedOn ?? c.startsOn));

/** The day a contract was ENDED: the day recorded; for one ended before the day was kept, the day after its term; null while not ended. */
const endedFrom = (c: ContractDays) => (c.status !== 'ENDED' ? null : (c.endedOn ?? nextDay(c.endsOn)));

/** A contract's status on a day (Asia/Shanghai): SIGNED → ACTIVE → ENDED, each from the day it was reached. */
export function contractStatusOn(c: ContractDays, day: string): ContractRow['status'] {
  const ended = endedFrom(c);
  if (ended !== null && ended <= day) return 'ENDED';
  const active = activeFrom(c);
  return active !== null && active <= day ? 'ACTIVE' : 'SIGNED';
}

/** `contractStatusOn` in SQL, on the contracts table: the status a contract had on a day, for lists filtered by it. */
export const contractStatusSql = (day: string): SQL<ContractRow['status']> =>
  sql<ContractRow['status']>`case
    when ${contracts.status} = 'ENDED' and coalesce(${contracts.endedOn}, ${contracts.endsOn} + 1) <= ${day}::date then 'ENDED'
    when ${contracts.status} <> 'SIGNED' and coalesce(${contracts.activatedOn}, ${contracts.startsOn}) <= ${day}::date then 'ACTIVE'
    else 'SIGNED' end`;

/** Whether a contract had been recorded by a day; one recorded before the day was kept always had. */
export const recordedBy = (c: Pick<ContractRow, 'signedOn'>, day: string) => c.signedOn === null || c.signedOn <= day;

/** `recordedBy` in SQL, on the contracts table. */
export const recordedBySql = (day: string): SQL | undefined => or(isNull(contracts.signedOn), lte(contracts.signedOn, day));

/** A contract costs while it is ACTIVE and the day the moment reads (Asia/Shanghai, kit: dayOfMoment) is within its term. */
export const inForce = (contract: ContractDays, now: Date) => {
  const today = dayOfMoment(now);
  return contractStatusOn(contract, today) === 'ACTIVE' && contract.startsOn <= today && today <= contract.endsOn;
};

/** `inForce` in SQL, on the contracts table: ACTIVE on the moment's day (as `contractStatusOn` reads the days) and within its term. */
export const inForceSql = (now: Date): SQL | undefined => {
  const today = dayOfMoment(now);
  return and(
    ne(contracts.status, 'SIGNED'),
    sql`coalesce(${contracts.activatedOn}, ${contracts.startsOn}) <= ${today}::date`,
    or(ne(contracts.status, 'ENDED'), sql`coalesce(${contracts.endedOn}, ${contracts.endsOn} + 1) > ${today}::date`),
    lte(contracts.startsOn, today),
    gte(contracts.endsOn, today),
  );
};

/** A contract's unit is one the units subgraph knows (`known` is its answer). */
export function knownUnit(unitId: string, known: boolean): void {
  if (!known) throw unknownReference('unit', unitId, 'unitId');
}

/** A system a write names is one the units subgraph knows (`system` is its answer, null for none). */
export function knownSystem<S extends Pick<SystemFacts, 'id'>>(systemId: string, system: S | null, field: string): S {
  if (!system) throw unknownReference('information system', systemId, field);
  return system;
}

/** A contract line's system is one of the contract's own unit: a unit buys cloud services for its own systems. */
export function systemOfUnit(system: Pick<SystemFacts, 'id' | 'unitId'>, unitId: string): void {
  if (system.unitId !== unitId) {
    throw ruleError('UNKNOWN_REFERENCE', `System ${system.id} is unit ${system.unitId}'s, not the contract's unit ${unitId}'s.`, {
      field: 'lines.systemId',
      id: system.id,
    });
  }
}

/**
 * §1: a classified system is exempt and never migrated, so nothing is done here for it: `consequence`
 * says what is refused (no cloud service is bought for it, no migration task is reported on it).
 */
export function notExempt(system: Pick<SystemFacts, 'id' | 'classified'>, field: string, consequence: string): void {
  if (system.classified) {
    throw ruleError(
      'CLASSIFIED_SYSTEM_EXEMPT',
      `§1: ${system.id} is classified; classified systems are exempt and never migrated, so ${consequence}.`,
      {
        field,
        id: system.id,
      },
    );
  }
}

/**
 * §3.2: the unit selects one provider for a system; its cloud services are bought from that provider, so a
 * contract line naming the system belongs to the provider units says was selected, and to none before.
 */
export function boughtFromSelected(system: Pick<SystemFacts, 'id' | 'selectedVendorId'>, vendorId: string): void {
  if (system.selectedVendorId === vendorId) return;
  throw ruleError(
    'NOT_SELECTED_PROVIDER',
    system.selectedVendorId
      ? `§3.2: ${system.id} selected ${system.selectedVendorId}; its cloud services are bought from that provider, not from ${vendorId}.`
      : `§3.2: ${system.id} has selected no provider yet; its cloud services are bought from the provider it selects.`,
    { field: 'lines.systemId', id: system.id, selectedVendorId: system.selectedVendorId },
  );
}

/**
 * §3.4, §3.2: a system's migration task is reported by one provider: the one reporting it, while the system
 * keeps it as its selected provider. A provider the system selected instead takes the task over; the one it
 * left no longer reports on it.
 */
export function taskReportedBy(system: Pick<SystemFacts, 'id' | 'selectedVendorId'>, reportingVendorId: string, vendorId: string): void {
  if (vendorId !== reportingVendorId && system.selectedVendorId !== vendorId) {
    throw ruleError('TASK_OF_ANOTHER_VENDOR', `The migration of ${system.id} is reported by ${reportingVendorId}, not ${vendorId}.`);
  }
  if (vendorId === reportingVendorId && system.selectedVendorId !== vendorId) {
    throw ruleError(
      'TASK_OF_ANOTHER_VENDOR',
      `§3.2: ${system.id} selected ${system.selectedVendorId ?? 'no provider'} instead of ${vendorId}; its migration task is reported by the provider it selected.`,
    );
  }
}
