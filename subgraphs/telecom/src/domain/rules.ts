/**
 * The rules about carriers, tariffs and circuits: each stated once, here. Commands (commands.ts)
 * enforce them in a transaction.
 *
 * | clause | rule | function | error code |
 * | --- | --- | --- | --- |
 * | §6.5 | preferential prices for migrating units of an eligible kind, within the tariff's validity | `chargeFor` | — |
 * | §6.5 | a preferential price is never above the standard one | `commands.createTariff` | PREFERENTIAL_ABOVE_STANDARD |
 * | — | a validity window ends on or after its start | kit `orderedRange` | INVALID_RANGE |
 * | — | prices are never negative | kit `moneyInput` | NEGATIVE_PRICE |
 * | — | a circuit reaches a data centre where its carrier is present | `commands.createCircuit` | CARRIER_NOT_PRESENT |
 * | — | a circuit serves a unit the units subgraph knows (asked once; refused when units cannot answer) | `knownUnit` | UNKNOWN_REFERENCE, SUBGRAPH_UNAVAILABLE |
 * | — | a circuit moves PLANNED → PROVISIONING → ACTIVE → DECOMMISSIONED; only an ACTIVE one is billed | `CIRCUIT_ORDER`, `chargeFor` | STATUS_OUT_OF_ORDER |
 * | — | the day each status is reached is kept; as of any day, a circuit is in the status it had reached by then, and not there before it was ordered | `circuitStatusOn`, `circuitStatusSql`, `STATUS_DAY` | — |
 * | §6.5 | a tariff's preferential price is valid on the days from validFrom to validUntil | `preferentialValidOn` | — |
 * | §6.5 | a carrier changes only its own tariffs and circuits (who reads what: policy.ts) | `policy.mayPublishTariff`, `mayOrderCircuit`, `mayAdvanceCircuit` | FORBIDDEN |
 */
import { unknownReference } from '@cq/kit/errors';
import { sumCny } from '@cq/kit/money';
import { dayOfMoment } from '@cq/kit/time';
import { inArray, or, type SQL, sql } from 'drizzle-orm';
import { type CircuitRow, circuitStatus, circuits, type TariffRow } from '../data/schema.ts';
import type { CircuitChargeModel, CircuitModel } from '../mappers.ts';

/** A circuit's unit is one the units subgraph knows (`known` is its answer). */
export function knownUnit(unitId: string, known: boolean): void {
  if (!known) throw unknownReference('unit', unitId, 'unitId');
}

/** Circuits only move forward, one status at a time. */
export const CIRCUIT_ORDER = circuitStatus.enumValues;

type CircuitStatus = CircuitRow['status'];

/** The column that keeps the day each status was reached. */
export const STATUS_DAY = {
  PLANNED: 'orderedOn',
  PROVISIONING: 'provisioningOn',
  ACTIVE: 'activeOn',
  DECOMMISSIONED: 'decommissionedOn',
} as const satisfies Record<CircuitStatus, keyof CircuitRow>;

/**
 * A circuit's status on a day (Asia/Shanghai): the furthest status it had reached by then, from today's
 * back; null before it was ordered. A status reached without a kept day counts as reached since before the
 * programme.
 */
export function circuitStatusOn(
  circuit: Pick<CircuitRow, 'status' | (typeof STATUS_DAY)[CircuitStatus]>,
  day: string,
): CircuitStatus | null {
  for (let i = CIRCUIT_ORDER.indexOf(circuit.status); i >= 0; i--) {
    const status = CIRCUIT_ORDER[i] as CircuitStatus;
    const reached = circuit[STATUS_DAY[status]];
    if (reached === null || reached <= day) return status;
  }
  return null;
}

/**
 * `circuitStatusOn` in SQL, on the circuits table: for each status from the furthest back, a circuit that
 * has reached it today and had by the day (or without a kept day) was in it; null before it was ordered.
 */
export function circuitStatusSql(day: string): SQL<CircuitStatus | null> {
  const whens = CIRCUIT_ORDER.map((status, i) => {
    const reached = circuits[STATUS_DAY[status]];
    return sql`when ${inArray(circuits.status, CIRCUIT_ORDER.slice(i))} and ${or(sql`${reached} is null`, sql`${reached} <= ${day}::date`)} then ${status}::text`;
  }).reverse();
  return sql<CircuitStatus | null>`(case ${sql.join(whens, sql` `)} end)`;
}

/** §6.5: whether a tariff's preferential price is valid on a day (Asia/Shanghai). */
export const preferentialValidOn = (tariff: Pick<TariffRow, 'validFrom' | 'validUntil'>, day: string) =>
  tariff.validFrom <= day && (tariff.validUntil === null || day <= tariff.validUntil);

/**
 * §6.5: carriers give migrating units preferential tariffs. The preferential price applies only to a
 * unit that is migrating, of a kind the tariff names (or any kind when it names none), and only on the
 * days of its validity (Asia/Shanghai); otherwise the standard price does. Only ACTIVE circuits cost.
 * `now` is the request's moment and `circuit` the circuit as it stood then (loaders.ts), `unit` as units
 * says it was then (its `isMigrating` at the same moment).
 */
export function chargeFor(
  circuit: CircuitModel,
  tariff: TariffRow,
  unit: { kind?: string; isMigrating?: boolean },
  now: Date,
): CircuitChargeModel {
  if (circuit.status !== 'ACTIVE')
    return { circuit, monthlyPriceCny: '0.00', preferential: false, reason: `The circuit is ${circuit.status}: nothing is billed.` };
  const standard = (reason: string) => ({ circuit, monthlyPriceCny: tariff.standardMonthlyPriceCny, preferential: false, reason });
  if (tariff.preferentialMonthlyPriceCny == null) return standard('The tariff has no preferential price.');
  if (!unit.isMigrating) return standard('The unit is not migrating: the preferential price is for migrating units.');
  if (tariff.eligibleUnitKinds.length && !tariff.eligibleUnitKinds.includes(unit.kind ?? '')) {
    return standard(`The preferential price is for ${tariff.eligibleUnitKinds.join(', ')}, not ${unit.kind}.`);
  }
  if (!preferentialValidOn(tariff, dayOfMoment(now))) {
    return standard(`The preferential price applies from ${tariff.validFrom} to ${tariff.validUntil ?? 'open end'}.`);
  }
  return {
    circuit,
    monthlyPriceCny: tariff.preferentialMonthlyPriceCny,
    preferential: true,
    reason: 'Preferential tariff for migrating units (§6.5).',
  };
}

export const totalOf = (charges: CircuitChargeModel[]) => sumCny(charges.map((c) => c.monthlyPriceCny));
