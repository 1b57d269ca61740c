/**
 * What carriers change: their own tariffs and circuits, each change in one transaction. The schema lets
 * only carriers in; each command checks, before it changes anything, that what it changes is the
 * caller's carrier's (policy.ts). Whether a circuit's unit exists is asked of the units subgraph after
 * the local checks and before anything is written; when units cannot answer, the order is refused
 * (SUBGRAPH_UNAVAILABLE).
 */
import { randomBytes } from 'node:crypto';
import { onlyRow } from '@cq/kit/database';
import { badInput, newId, nextStatus, notFound, orderedRange, requiredText, ruleError, unknownReference } from '@cq/kit/errors';
import { moneyInput, toUnits } from '@cq/kit/money';
import { dateOf, parseDate } from '@cq/kit/time';
import { and, eq } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { askUnitKnown } from '../data/peers.ts';
import { circuitsWithCarrier } from '../data/queries.ts';
import { carriers, circuits, pointsOfPresence, tariffs } from '../data/schema.ts';
import type { AdvanceCircuitInput, CreateCircuitInput, CreateTariffInput } from '../generated/resolvers.ts';
import { mayAdvanceCircuit, mayOrderCircuit, mayPublishTariff } from './policy.ts';
import { CIRCUIT_ORDER, knownUnit, STATUS_DAY } from './rules.ts';

export async function createTariff(ctx: Context, input: CreateTariffInput) {
  mayPublishTariff(ctx.viewer, input.carrierId);
  newId(input.id);
  if (!Number.isInteger(input.bandwidthMbps) || input.bandwidthMbps <= 0)
    throw badInput('bandwidthMbps must be a whole number more than zero.', 'bandwidthMbps');
  if (!Number.isInteger(input.commitmentMonths) || input.commitmentMonths < 0)
    throw badInput('commitmentMonths must not be negative.', 'commitmentMonths');
  moneyInput(input.standardMonthlyPriceCny, 'standardMonthlyPriceCny');
  moneyInput(input.oneTimeChargeCny, 'oneTimeChargeCny');
  if (input.preferentialMonthlyPriceCny != null) {
    moneyInput(input.preferentialMonthlyPriceCny, 'preferentialMonthlyPriceCny');
    if (toUnits(input.preferentialMonthlyPriceCny) > toUnits(input.standardMonthlyPriceCny)) {
      throw ruleError(
        'PREFERENTIAL_ABOVE_STANDARD',
        `§6.5: a preferential price (${input.preferentialMonthlyPriceCny}) cannot be above the standard one (${input.standardMonthlyPriceCny}).`,
      );
    }
  }
  parseDate(input.validFrom, 'validFrom');
  if (input.validUntil != null) parseDate(input.validUntil, 'validUntil');
  if (input.validUntil != null) orderedRange(input.validFrom, input.validUntil, "A tariff's validity", 'validUntil');
  return ctx.db.transaction(async (tx) => {
    if (!(await tx.select({ id: carriers.id }).from(carriers).where(eq(carriers.id, input.carrierId))).length) {
      throw unknownReference('carrier', input.carrierId, 'carrierId');
    }
    const row = {
      id: input.id,
      carrierId: input.carrierId,
      product: requiredText(input.product, 'product'),
      bandwidthMbps: input.bandwidthMbps,
      standardMonthlyPriceCny: input.standardMonthlyPriceCny,
      preferentialMonthlyPriceCny: input.preferentialMonthlyPriceCny ?? null,
      oneTimeChargeCny: input.oneTimeChargeCny,
      commitmentMonths: input.commitmentMonths,
      eligibleUnitKinds: [...new Set(input.eligibleUnitKinds ?? [])],
      validFrom: input.validFrom,
      validUntil: input.validUntil ?? null,
      isSample: false,
    };
    return onlyRow(await tx.insert(tariffs).values(row).returning());
  });
}

export async function createCircuit(ctx: Context, input: CreateCircuitInput) {
  const unitId = requiredText(input.unitId, 'unitId');
  return ctx.db.transaction(async (tx) => {
    const [tariff] = await tx.select().from(tariffs).where(eq(tariffs.id, input.tariffId));
    if (!tariff) throw unknownReference('tariff', input.tariffId, 'tariffId');
    mayOrderCircuit(ctx.viewer, tariff);
    const present = await tx
      .select()
      .from(pointsOfPresence)
      .where(and(eq(pointsOfPresence.carrierId, tariff.carrierId), eq(pointsOfPresence.dataCenterId, input.dataCenterId)));
    if (!present.length) {
      throw ruleError('CARRIER_NOT_PRESENT', `${tariff.carrierId} has no point of presence in data centre ${input.dataCenterId}.`, {
        field: 'dataCenterId',
      });
    }
    knownUnit(unitId, await askUnitKnown(ctx.askPeer, unitId));
    const id = `circuit-${unitId}-${input.tariffId}-${randomBytes(3).toString('hex')}`;
    const row = {
      id,
      unitId,
      dataCenterId: input.dataCenterId,
      tariffId: tariff.id,
      bandwidthMbps: tariff.bandwidthMbps,
      status: 'PLANNED' as const,
      orderedOn: dateOf(ctx.now),
      isSample: false,
    };
    return { ...onlyRow(await tx.insert(circuits).values(row).returning()), carrierId: tariff.carrierId };
  });
}

export async function advanceCircuit(ctx: Context, input: AdvanceCircuitInput) {
  return ctx.db.transaction(async (tx) => {
    const [circuit] = await circuitsWithCarrier(tx).where(eq(circuits.id, input.id)).for('update', { of: circuits });
    if (!circuit) throw notFound('Circuit', input.id);
    mayAdvanceCircuit(ctx.viewer, circuit);
    const status = nextStatus(CIRCUIT_ORDER, `circuit ${circuit.id}`, circuit.status, input.status);
    // The day each status is reached is kept: the circuit can be read as it stood on any day.
    const updated = onlyRow(
      await tx
        .update(circuits)
        .set({ status, [STATUS_DAY[status]]: dateOf(ctx.now) })
        .where(eq(circuits.id, circuit.id))
        .returning(),
    );
    return { ...updated, carrierId: circuit.carrierId };
  });
}
