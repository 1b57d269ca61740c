/**
 * What each mutation of the park subgraph tells the programme (kit: event-declarations.ts): the events its
 * change records in its own transaction, read from the mutation's answer. A placement's events name the
 * data centre's operator as their provider (one statement), since a provider reads the placements in the
 * data centres it runs (policy.ts). A placement refused by §4 (DESTINATION_NOT_ALLOWED) is told as well,
 * as units tells a plan refused by it: the supervisors follow the rule's breaches wherever they are stopped.
 */
import type { EventDeclarations } from '@cq/kit/event-declarations';
import type { NewEvent } from '@cq/kit/events';
import { eq } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { type DataCenterRow, dataCenters, type ParkServiceRow, type PlacementRow } from '../data/schema.ts';
import { PLACEMENT_FACTS } from './commands.ts';
import type { PlacementFacts } from './rules.ts';

/** One allowed change as a declaration reads it: the mutation's answer, its arguments, its context (db: the transaction). */
interface Change<R, A = Record<string, unknown>> {
  result: R;
  args: A;
  ctx: Context;
}

/** A data centre added or changed: public, like the park's data centres. */
const dataCenterEvent =
  (verb: string) =>
  ({ result }: Change<DataCenterRow>): NewEvent[] => [
    {
      kind: 'DATA_CENTER_CHANGED',
      subjectType: 'DataCenter',
      subjectId: result.id,
      vendorId: result.operatorVendorId,
      summary: `Data centre ${result.id} was ${verb}.`,
      data: { kind: result.kind, status: result.status, racksTotal: result.racksTotal, opensOn: result.opensOn },
    },
  ];

/** A placement's event, sent to the system's unit and to the data centre's operator. */
async function placementEvent(kind: NewEvent['kind'], placement: PlacementRow, ctx: Context, summary: string): Promise<NewEvent[]> {
  const [dc] = await ctx.db
    .select({ operatorVendorId: dataCenters.operatorVendorId })
    .from(dataCenters)
    .where(eq(dataCenters.id, placement.dataCenterId));
  return [
    {
      kind,
      subjectType: 'Placement',
      subjectId: placement.id,
      unitId: placement.unitId,
      systemId: placement.systemId,
      vendorId: dc?.operatorVendorId ?? null,
      summary,
      data: { dataCenterId: placement.dataCenterId, since: placement.since, until: placement.until },
    },
  ];
}

export const events: EventDeclarations<Context> = {
  changes: {
    createDataCenter: dataCenterEvent('added'),
    updateDataCenter: dataCenterEvent('changed'),
    addParkService: ({ result }: Change<ParkServiceRow>) => [
      {
        kind: 'PARK_SERVICE_ADDED',
        subjectType: 'ParkService',
        subjectId: result.id,
        summary: `The park added service ${result.id} (${result.kind}).`,
        data: { kind: result.kind, monthlyPriceCny: result.monthlyPriceCny },
      },
    ],
    placeSystem: ({ result, ctx }: Change<PlacementRow>) =>
      placementEvent('SYSTEM_PLACED', result, ctx, `System ${result.systemId} was placed in ${result.dataCenterId} from ${result.since}.`),
    removePlacement: ({ result, ctx }: Change<PlacementRow>) =>
      placementEvent('PLACEMENT_REMOVED', result, ctx, `System ${result.systemId}'s placement in ${result.dataCenterId} was removed.`),
  },
  /**
   * §4: a placement refused for its destination. Units answered the command's question about the system
   * in this request; asking again reads the request's memo (kit: services.ts), not units.
   */
  refusal: async ({ operation, args, ctx, code, message }) => {
    if (code !== 'DESTINATION_NOT_ALLOWED') return null;
    const systemId = String((args as { input?: { systemId?: string } }).input?.systemId ?? '').trim();
    const answer = await ctx.askPeer<{ system: PlacementFacts | null }>('units', PLACEMENT_FACTS, { id: systemId });
    return {
      kind: 'RULE_REFUSED',
      subjectType: 'InformationSystem',
      subjectId: systemId,
      unitId: answer.system?.unit?.id ?? null,
      systemId,
      summary: `${operation} for system ${systemId} was refused: it breaks §4's destinations.`,
      data: { code, operation, message },
    };
  },
};
