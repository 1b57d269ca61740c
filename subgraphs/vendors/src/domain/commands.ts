/**
 * What providers change: their catalogue, their contracts and their task reports. Each change runs in
 * one transaction and is refused whole, with the rule's code, when it breaks one. The schema lets only
 * a provider in (@requiresScopes); each command first asks the policy (policy.ts) whether the record is
 * the provider's own, before it changes anything. What only the units subgraph knows (whether a unit or
 * a system exists, whose a system is, whether it is classified) is asked of it after the local checks and
 * before anything is written; when units cannot answer, the change is refused (SUBGRAPH_UNAVAILABLE).
 */
import { onlyRow, type Transaction } from '@cq/kit/database';
import { badInput, newId, nextStatus, notFound, orderedRange, requiredText, ruleError, unknownReference } from '@cq/kit/errors';
import { requireActor } from '@cq/kit/identity';
import { decimalInput, fitsMoneyColumn, moneyInput, multiplyCny, toUnits } from '@cq/kit/money';
import { dateOf, parseDate } from '@cq/kit/time';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { askUnitKnown, type SystemFacts } from '../data/peers.ts';
import type * as schema from '../data/schema.ts';
import {
  cloudServicePriceChanges,
  cloudServices,
  contractLines,
  contracts,
  migrationTaskReports,
  migrationTasks,
  vendors,
} from '../data/schema.ts';
import type {
  CreateCloudServiceInput,
  CreateContractInput,
  ReportTaskProgressInput,
  SetContractStatusInput,
  UpdateCloudServiceInput,
} from '../generated/resolvers.ts';
import { mayChangeFor, mayStartTaskOn } from './policy.ts';
import { boughtFromSelected, CONTRACT_ORDER, knownSystem, knownUnit, notExempt, systemOfUnit, taskReportedBy } from './rules.ts';

type Tx = Transaction<typeof schema>;

/** What the units subgraph says of these systems, in order (null for one it does not know): one call for all of them. */
async function systemsNamed(ctx: Context, ids: readonly string[]): Promise<(SystemFacts | null)[]> {
  if (!ids.length) return [];
  const answers = await ctx.loaders.units.systems(ctx.askPeer).loadMany(ids);
  return answers.map((answer) => {
    // A failed ask (SUBGRAPH_UNAVAILABLE) refuses the change: nothing is written unchecked.
    if (answer instanceof Error) throw answer;
    return answer;
  });
}

/**
 * A contract's references only units knows: its unit exists, and every system its lines name exists, is
 * the unit's own, is not classified (§1) and selected the contract's provider (§3.2). Units is asked twice at most, at once, however many lines.
 */
async function checkContractReferences(ctx: Context, unitId: string, vendorId: string, systemIds: readonly string[]): Promise<void> {
  const [unitKnown, systems] = await Promise.all([askUnitKnown(ctx.askPeer, unitId), systemsNamed(ctx, systemIds)]);
  knownUnit(unitId, unitKnown);
  systemIds.forEach((id, i) => {
    const system = knownSystem(id, systems[i] ?? null, 'lines.systemId');
    systemOfUnit(system, unitId);
    notExempt(system, 'lines.systemId', 'no cloud service is bought for it');
    boughtFromSelected(system, vendorId);
  });
}

async function existingVendor(tx: Tx, id: string) {
  const [vendor] = await tx.select().from(vendors).where(eq(vendors.id, id));
  if (!vendor) throw unknownReference('provider', id, 'vendorId');
  return vendor;
}

export async function createCloudService(ctx: Context, input: CreateCloudServiceInput) {
  requireActor(ctx);
  mayChangeFor(ctx.viewer, input.vendorId, `the new catalogue entry ${input.id} would be ${input.vendorId}'s`);
  newId(input.id);
  const row = {
    id: input.id,
    vendorId: input.vendorId,
    nameEn: requiredText(input.name, 'name'),
    nameZh: requiredText(input.officialName, 'officialName'),
    serviceModel: input.serviceModel,
    category: requiredText(input.category, 'category'),
    unitOfSale: requiredText(input.unitOfSale, 'unitOfSale'),
    unitPriceCny: moneyInput(input.unitPriceCny, 'unitPriceCny'),
    inProcurementCatalogue: input.inProcurementCatalogue,
    meetsPurchaseStandards: input.meetsPurchaseStandards,
    isSample: false,
  };
  return ctx.db.transaction(async (tx) => {
    await existingVendor(tx, input.vendorId);
    return onlyRow(await tx.insert(cloudServices).values(row).returning());
  });
}

export async function updateCloudService(ctx: Context, input: UpdateCloudServiceInput) {
  const actor = requireActor(ctx);
  const changes = {
    ...(input.unitPriceCny != null ? { unitPriceCny: moneyInput(input.unitPriceCny, 'unitPriceCny') } : {}),
    ...(input.inProcurementCatalogue != null ? { inProcurementCatalogue: input.inProcurementCatalogue } : {}),
    ...(input.meetsPurchaseStandards != null ? { meetsPurchaseStandards: input.meetsPurchaseStandards } : {}),
  };
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(cloudServices).where(eq(cloudServices.id, input.id)).for('update');
    if (!current) throw notFound('Catalogue entry', input.id);
    mayChangeFor(ctx.viewer, current.vendorId, `catalogue entry ${current.id} is ${current.vendorId}'s`);
    if (!Object.keys(changes).length) return current;
    const updated = onlyRow(await tx.update(cloudServices).set(changes).where(eq(cloudServices.id, input.id)).returning());
    // The price before and after, kept: the catalogue can be read as of any moment.
    if (toUnits(updated.unitPriceCny) !== toUnits(current.unitPriceCny)) {
      await tx.insert(cloudServicePriceChanges).values({
        cloudServiceId: current.id,
        changedAt: ctx.now,
        changedBy: actor,
        priceBeforeCny: current.unitPriceCny,
        priceAfterCny: updated.unitPriceCny,
      });
    }
    return updated;
  });
}

export async function createContract(ctx: Context, input: CreateContractInput) {
  requireActor(ctx);
  mayChangeFor(ctx.viewer, input.vendorId, `the new contract ${input.id} would be ${input.vendorId}'s`);
  newId(input.id);
  parseDate(input.startsOn, 'startsOn');
  parseDate(input.endsOn, 'endsOn');
  orderedRange(input.startsOn, input.endsOn, 'A contract', 'endsOn');
  if (!input.lines.length) throw badInput('A contract needs at least one line.', 'lines');
  for (const line of input.lines) {
    decimalInput(line.quantity, 'lines.quantity', contractLines.quantity);
    if (toUnits(line.quantity) <= 0n) throw badInput(`quantity must be more than zero; got ${line.quantity}.`, 'lines.quantity');
  }
  requiredText(input.unitId, 'unitId');
  return ctx.db.transaction(async (tx) => {
    await existingVendor(tx, input.vendorId);
    const serviceIds = [...new Set(input.lines.map((l) => l.serviceId))];
    const services = new Map((await tx.select().from(cloudServices).where(inArray(cloudServices.id, serviceIds))).map((s) => [s.id, s]));
    for (const id of serviceIds) {
      const service = services.get(id);
      if (!service) throw unknownReference('catalogue service', id, 'lines.serviceId');
      if (service.vendorId !== input.vendorId) {
        throw ruleError(
          'UNKNOWN_REFERENCE',
          `Service ${id} is sold by ${service.vendorId}, not by the contract's provider ${input.vendorId}.`,
          { field: 'lines.serviceId' },
        );
      }
    }
    // A line without a system serves the whole unit; a named system, even an empty id, is checked.
    for (const line of input.lines) {
      const amount = multiplyCny(line.quantity, services.get(line.serviceId)?.unitPriceCny ?? '0');
      if (!fitsMoneyColumn(toUnits(amount))) {
        throw badInput(
          `A line of ${line.quantity} × ${line.serviceId} comes to ${amount} CNY a month, more than an amount can hold (under a trillion yuan).`,
          'lines.quantity',
        );
      }
    }
    const systemIds = [...new Set(input.lines.flatMap((l) => (l.systemId == null ? [] : [l.systemId])))];
    await checkContractReferences(ctx, input.unitId, input.vendorId, systemIds);
    const contract = onlyRow(
      await tx
        .insert(contracts)
        .values({
          id: input.id,
          unitId: input.unitId,
          vendorId: input.vendorId,
          status: 'SIGNED',
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          signedOn: dateOf(ctx.now),
          isSample: false,
        })
        .returning(),
    );
    await tx.insert(contractLines).values(
      input.lines.map((line) => ({
        contractId: contract.id,
        cloudServiceId: line.serviceId,
        systemId: line.systemId ?? null,
        quantity: line.quantity,
        // Every line's service was found above.
        monthlyAmountCny: multiplyCny(line.quantity, services.get(line.serviceId)?.unitPriceCny ?? '0'),
      })),
    );
    return contract;
  });
}

export async function setContractStatus(ctx: Context, input: SetContractStatusInput) {
  requireActor(ctx);
  return ctx.db.transaction(async (tx) => {
    const [contract] = await tx.select().from(contracts).where(eq(contracts.id, input.id)).for('update');
    if (!contract) throw notFound('Contract', input.id);
    mayChangeFor(ctx.viewer, contract.vendorId, `contract ${contract.id} is another provider's`);
    const status = nextStatus(CONTRACT_ORDER, `contract ${contract.id}`, contract.status, input.status);
    // The day of each step is kept: the contract can be read as of any day (rules.ts: contractStatusOn).
    const day = status === 'ACTIVE' ? { activatedOn: dateOf(ctx.now) } : status === 'ENDED' ? { endedOn: dateOf(ctx.now) } : {};
    return onlyRow(
      await tx
        .update(contracts)
        .set({ status, ...day })
        .where(eq(contracts.id, input.id))
        .returning(),
    );
  });
}

/** The advisory lock space of a system's migration task reports (any fixed number will do). */
const TASK_LOCK = 4_201_508;

export async function reportTaskProgress(ctx: Context, input: ReportTaskProgressInput) {
  const actor = requireActor(ctx);
  mayChangeFor(ctx.viewer, input.vendorId, `the report names the provider ${input.vendorId}`);
  if (!Number.isInteger(input.percentComplete) || input.percentComplete < 0 || input.percentComplete > 100) {
    throw badInput('percentComplete must be a whole number from 0 to 100.', 'percentComplete');
  }
  if ((input.status === 'DONE') !== (input.percentComplete === 100))
    throw badInput('A task is DONE exactly when it is 100 percent complete.', 'percentComplete');
  parseDate(input.nextUpdateDue, 'nextUpdateDue');
  if (input.nextUpdateDue < dateOf(ctx.now)) throw badInput('nextUpdateDue must not be in the past (Asia/Shanghai).', 'nextUpdateDue');
  const row = {
    systemId: requiredText(input.systemId, 'systemId'),
    vendorId: input.vendorId,
    status: input.status,
    percentComplete: input.percentComplete,
    detail: requiredText(input.detail, 'detail'),
    updatedAt: ctx.now,
    updatedBy: actor,
    nextUpdateDue: input.nextUpdateDue,
  };
  return ctx.db.transaction(async (tx) => {
    await existingVendor(tx, input.vendorId);
    // Every report, first or next: the system exists in units and is not classified (§1).
    const [answer] = await systemsNamed(ctx, [row.systemId]);
    const system = knownSystem(row.systemId, answer ?? null, 'systemId');
    notExempt(system, 'systemId', 'no migration task is reported on it');
    // A system's first reports, sent at once, find no row to lock: without this they would all insert, and
    // all but one would be refused by the unique index (ALREADY_EXISTS) although every report is to be kept.
    // One report per system at a time (for the transaction), so a later one updates the task the first made.
    await tx.execute(sql`select pg_advisory_xact_lock(${TASK_LOCK}::int, hashtext(${row.systemId}))`);
    const [current] = await tx.select().from(migrationTasks).where(eq(migrationTasks.systemId, row.systemId)).for('update');
    if (current) taskReportedBy(system, current.vendorId, input.vendorId);
    let task: typeof current;
    // A provider the system selected instead (units: changeProvider) takes the task over; its history stays.
    if (current) task = onlyRow(await tx.update(migrationTasks).set(row).where(eq(migrationTasks.id, current.id)).returning());
    else {
      mayStartTaskOn(ctx.viewer, system);
      task = onlyRow(await tx.insert(migrationTasks).values(row).returning());
    }
    // Every report is kept: the task can be read as it stood at any moment (queries.ts: tasksAt).
    const { updatedAt: reportedAt, updatedBy: reportedBy, ...report } = row;
    await tx.insert(migrationTaskReports).values({ ...report, taskId: task.id, reportedAt, reportedBy });
    return task;
  });
}
