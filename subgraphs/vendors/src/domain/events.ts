/**
 * What each mutation of the vendors subgraph tells the programme (kit: event-declarations.ts): the events
 * its change records in its own transaction, read from the mutation's answer. A task report names its
 * system's unit as units told it to the command (the request's loader remembers the answer: no question
 * is asked twice), so a unit's officer hears of its own systems' tasks.
 */
import type { EventDeclarations } from '@cq/kit/event-declarations';
import type { NewEvent } from '@cq/kit/events';
import type { Context } from '../context.ts';
import type { CloudServiceRow, ContractRow, MigrationTaskRow } from '../data/schema.ts';
import { CONTRACT_ORDER } from './rules.ts';

/** One allowed change as a declaration reads it: the mutation's answer, its `input`, its context (db: the transaction). */
interface Change<R, I = Record<string, unknown>> {
  result: R;
  args: { input: I };
  ctx: Context;
}

/** A catalogue entry added or changed: public, like the catalogue. */
const catalogueEvent =
  (verb: string) =>
  ({ result }: Change<CloudServiceRow>): NewEvent[] => [
    {
      kind: 'CLOUD_SERVICE_CHANGED',
      subjectType: 'CloudService',
      subjectId: result.id,
      vendorId: result.vendorId,
      summary: `Provider ${result.vendorId} ${verb} catalogue entry ${result.id}.`,
      data: { unitPriceCny: result.unitPriceCny, inProcurementCatalogue: result.inProcurementCatalogue },
    },
  ];

/** The one system a contract's lines name, when they name exactly one; null for none or several. */
function onlySystem(lines: readonly { systemId?: string | null }[]): string | null {
  const systems = [...new Set(lines.flatMap((line) => (line.systemId ? [line.systemId] : [])))];
  return systems.length === 1 ? (systems[0] ?? null) : null;
}

export const events: EventDeclarations<Context> = {
  changes: {
    createCloudService: catalogueEvent('added'),
    updateCloudService: catalogueEvent('changed'),
    createContract: ({ result, args }: Change<ContractRow, { lines: { systemId?: string | null }[] }>) => [
      {
        kind: 'CONTRACT_SIGNED',
        subjectType: 'Contract',
        subjectId: result.id,
        unitId: result.unitId,
        systemId: onlySystem(args.input.lines),
        vendorId: result.vendorId,
        summary: `Unit ${result.unitId} signed contract ${result.id} with provider ${result.vendorId}.`,
        data: { startsOn: result.startsOn, endsOn: result.endsOn },
      },
    ],
    // A status moves one step at a time (CONTRACT_ORDER): the one before is the step it left.
    setContractStatus: ({ result }: Change<ContractRow>) => {
      const from = CONTRACT_ORDER[CONTRACT_ORDER.indexOf(result.status) - 1] ?? null;
      return [
        {
          kind: 'CONTRACT_STATUS_CHANGED',
          subjectType: 'Contract',
          subjectId: result.id,
          unitId: result.unitId,
          vendorId: result.vendorId,
          summary: `Contract ${result.id} moved from ${from} to ${result.status}.`,
          data: { from, to: result.status },
        },
      ];
    },
    reportTaskProgress: async ({ result, ctx }: Change<MigrationTaskRow>) => {
      const system = await ctx.loaders.units.systems(ctx.askPeer).load(result.systemId);
      return [
        {
          kind: 'TASK_REPORTED',
          subjectType: 'MigrationTask',
          subjectId: String(result.id),
          unitId: system?.unitId ?? null,
          systemId: result.systemId,
          vendorId: result.vendorId,
          summary: `Provider ${result.vendorId} reported system ${result.systemId}'s migration task ${result.status} at ${result.percentComplete}%.`,
          data: { status: result.status, percentComplete: result.percentComplete, nextUpdateDue: result.nextUpdateDue },
        },
      ];
    },
  },
};
