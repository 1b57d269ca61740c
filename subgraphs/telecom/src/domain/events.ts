/**
 * What each mutation of the telecom subgraph tells the programme (kit: event-declarations.ts): the events
 * its change records in its own transaction, read from the mutation's answer (a circuit's answer carries
 * its carrier).
 */

import type { EventDeclarations } from '@cq/kit/event-declarations';
import type { NewEvent } from '@cq/kit/events';
import type { Role } from '@cq/kit/identity';
import type { Context } from '../context.ts';
import type { CircuitRow, TariffRow } from '../data/schema.ts';

/** One allowed change as a declaration reads it: the mutation's answer and its context (db: the transaction). */
interface Change<R> {
  result: R;
  ctx: Context;
}

/**
 * Who reads circuits (policy.ts): everyone the kind names but the providers, whom the telecom subgraph
 * refuses circuits (FORBIDDEN); a carrier, a unit's officer and a coordinator only their own (the gateway's
 * filter by tenant).
 */
const CIRCUIT_READERS: readonly Role[] = [
  'joint-conference',
  'coordinator',
  'unit-officer',
  'park-operator',
  'carrier',
  'finance',
  'analyst',
];

/** A circuit ordered or moved on, sent to its unit and its carrier. */
const circuitEvent =
  (verb: string) =>
  ({ result }: Change<CircuitRow & { carrierId: string }>): NewEvent[] => [
    {
      kind: 'CIRCUIT_CHANGED',
      subjectType: 'Circuit',
      subjectId: result.id,
      unitId: result.unitId,
      carrierId: result.carrierId,
      roles: CIRCUIT_READERS,
      summary: `Circuit ${result.id} of unit ${result.unitId} to ${result.dataCenterId} was ${verb}: ${result.status}.`,
      data: { status: result.status, dataCenterId: result.dataCenterId, tariffId: result.tariffId },
    },
  ];

export const events: EventDeclarations<Context> = {
  changes: {
    createTariff: ({ result }: Change<TariffRow>) => [
      {
        kind: 'TARIFF_CHANGED',
        subjectType: 'Tariff',
        subjectId: result.id,
        carrierId: result.carrierId,
        summary: `Carrier ${result.carrierId} published tariff ${result.id} (${result.product}, ${result.bandwidthMbps} Mbps).`,
        data: { validFrom: result.validFrom, validUntil: result.validUntil, preferential: result.preferentialMonthlyPriceCny !== null },
      },
    ],
    createCircuit: circuitEvent('ordered'),
    advanceCircuit: circuitEvent('moved on'),
  },
};
