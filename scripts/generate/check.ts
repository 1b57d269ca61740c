/**
 * The generated programme checked against the rules before anything is written, with the subgraphs' own
 * rule functions where they have one: each slice against the rules its subgraph's mutations enforce
 * (steps in order, §1, §3.1, §3.2, §3.3, §4, §5, §6.4; contract lines from the selected provider;
 * placements in the plan's data centre and within capacity; circuits where their carrier is present), and
 * the four slices against each other as e2e/test/seed.test.ts reads them back through the gateway. A
 * programme that breaks one is refused, naming the first few problems.
 */
import { formatDecimal } from '@cq/kit/money';
import { capacityOf, destinationCompliant, isExempt, kwUnits, placedAsPlanned, takesPlacements } from '@cq/park/rules';
import type { DataCenterRow } from '@cq/park/schema';
import { dayOf } from '@cq/story/world';
import { circuitStatusOn } from '@cq/telecom/rules';
import {
  CHANGES,
  destinationAllowed,
  governmentDestination,
  hostingWhenCentralised,
  placedAsPlanned as placedAsPlannedByUnits,
  planOutsideWindow,
  STEPS,
  selectionBlocker,
  serviceNotSold,
} from '@cq/units/rules';
import type { SystemRow } from '@cq/units/schema';
import { contractStatusOn } from '@cq/vendors/rules';
import type { ParkRows } from './park.ts';
import type { Programme } from './programme.ts';
import type { TelecomRows } from './telecom.ts';
import { dueAt } from './timeline.ts';
import type { VendorsRows } from './vendors.ts';
import type { World } from './world.ts';

type Stage = SystemRow['stage'];

/** Which stage each transition may start from: the steps of §3 and retirement (§3.1). */
const ALLOWED_FROM = new Map<Stage, readonly Stage[]>([
  ...Object.values(STEPS).map((s) => [s.to, s.from] as [Stage, readonly Stage[]]),
  [CHANGES.retire.to, CHANGES.retire.from],
]);

export function checkProgramme(programme: Programme, world: World, vendors: VendorsRows, park: ParkRows, telecom: TelecomRows): void {
  const problems: string[] = [];
  const fail = (what: string) => {
    if (problems.length < 20) problems.push(what);
  };
  const today = dayOf(new Date());
  const batches = new Map(world.batches.map((b) => [b.number, b]));
  const extensionOf = new Map(programme.extensions.map((e) => [e.request.unitId, e]));
  const histories = new Map(programme.histories.map((h) => [h.system.id, h]));

  // Units: the workflow of §3, in order, each step by its rules.
  for (const h of programme.histories) {
    const { system, unit } = h;
    const id = system.id;
    const batch = batches.get(unit.batchNumber);
    if (!batch) throw new Error(`${unit.id} has no batch.`);
    let previous: Stage | null = null;
    let before = 0;
    for (const t of h.transitions) {
      if (t.fromStage !== previous) fail(`${id}: a transition from ${t.fromStage} follows ${previous}`);
      if (previous !== null && !ALLOWED_FROM.get(t.toStage)?.includes(previous))
        fail(`${id}: ${previous} → ${t.toStage} skips a step (§3)`);
      if (t.at.getTime() <= before) fail(`${id}: its history is out of order at ${t.toStage}`);
      [previous, before] = [t.toStage, t.at.getTime()];
    }
    if (system.stage !== previous || system.version !== h.transitions.length) fail(`${id}: stage or version disagree with its history`);
    if (system.classification === 'CLASSIFIED' && (h.transitions.length > 1 || h.selection || h.plan || h.placements.length))
      fail(`${id}: classified, yet moved (§1)`);
    const assessmentBefore = (moment: Date) => h.assessments.filter((a) => a.at <= moment).at(-1);
    if (h.selection) {
      const assessment = assessmentBefore(h.selection.at);
      if (!assessment || selectionBlocker(assessment)) fail(`${id}: a provider selected despite its assessment (§3.1)`);
      const services = h.selection.cloudServiceIds.map((s) => ({ id: s, vendorId: world.services.get(s)?.vendorId ?? null }));
      if (serviceNotSold(h.selection.vendorId, services)) fail(`${id}: selected a service its provider does not sell (§3.2)`);
    }
    if (h.plan) {
      const plan = h.plan;
      if (plan.writtenWithVendorId !== h.selection?.vendorId) fail(`${id}: plan not written with the selected provider (§3.3)`);
      if (plan.plannedCutover < plan.plannedStart) fail(`${id}: plan cuts over before it starts`);
      if (planOutsideWindow(plan, dueAt(unit, batch, extensionOf.get(unit.id) ?? null, plan.at)))
        fail(`${id}: plan outside its window (§5)`);
      const kind = programme.destinations.kindOf(plan.destinationDataCenterId);
      if (!destinationAllowed(unit, kind)) fail(`${id}: plan to a ${kind} (§4, administrative approval)`);
      const required = governmentDestination(unit, plan.plannedCutover, programme.destinations.platform);
      if (required && required !== kind) fail(`${id}: a government department's plan to a ${kind}, not the ${required} (§4)`);
    }
    const current = h.placements.at(-1);
    if (h.centralisedAt) {
      const placed = current && !current.until ? { dataCenterId: h.plan?.destinationDataCenterId ?? '', since: current.since } : null;
      if (!h.plan || !placedAsPlannedByUnits(h.plan.destinationDataCenterId, placed, dayOf(h.centralisedAt)))
        fail(`${id}: centralised without being placed as planned (§2.2)`);
      const hosting = system.stage === 'INTEGRATED' ? 'CLOUD_SERVICE' : hostingWhenCentralised(h.assessments.at(-1));
      if (system.hosting !== hosting) fail(`${id}: runs ${system.hosting}, not as its assessment chose (§2.2)`);
    } else if (h.placements.length && system.stage !== 'MIGRATING') fail(`${id}: placed while ${system.stage}`);
    if (system.stage === 'RETIRED' && h.assessments.at(-1)?.strategy !== 'RETIRE')
      fail(`${id}: retired without being assessed RETIRE (§3.1)`);
  }
  for (const e of programme.extensions) {
    const batch = batches.get(programme.units.find((u) => u.row.id === e.request.unitId)?.row.batchNumber ?? 0);
    if (!batch || e.request.newDueDate <= batch.windowEnd) fail(`extension ${e.request.id}: not after the window (§6.4)`);
    if (e.decision && (e.decision.decidedAt <= e.request.requestedAt || e.decision.decidedBy === e.request.requestedBy))
      fail(`extension ${e.request.id}: decided before it was asked, or by its requester (§6.4)`);
    if (e.withdrawal && (e.decision || e.withdrawal.withdrawnAt <= e.request.requestedAt))
      fail(`extension ${e.request.id}: withdrawal out of order`);
  }

  // Vendors: lines only for the system's own unit, from the provider it selected, of what that provider sells.
  const contracts = new Map(vendors.contracts.map((c) => [c.id, c]));
  const linesOf = new Map<string, string[]>();
  for (const c of vendors.contracts) {
    if (c.endsOn < c.startsOn || (c.signedOn ?? '') > (c.activatedOn ?? '9999') || contractStatusOn(c, today) !== c.status)
      fail(`contract ${c.id}: its days disagree with its status`);
  }
  for (const line of vendors.lines) {
    const contract = contracts.get(line.contractId);
    if (!contract) throw new Error(`A line names no contract ${line.contractId}.`);
    if (world.services.get(line.cloudServiceId)?.vendorId !== contract.vendorId)
      fail(`${contract.id}: sells another provider's ${line.cloudServiceId}`);
    if (!line.systemId) continue;
    const h = histories.get(line.systemId);
    if (!h || h.unit.id !== contract.unitId) fail(`${contract.id}: a line for another unit's system ${line.systemId}`);
    else if (h.system.classification === 'CLASSIFIED') fail(`${contract.id}: a line for classified ${line.systemId} (§1)`);
    else if (h.selection?.vendorId !== contract.vendorId)
      fail(`${contract.id}: a line for ${line.systemId}, which selected another provider (§3.2)`);
    linesOf.set(line.systemId, [...(linesOf.get(line.systemId) ?? []), contract.id]);
  }
  const tasks = new Map(vendors.tasks.map((t) => [t.systemId, t]));
  if (tasks.size !== vendors.tasks.length) fail('more than one task for a system');
  for (const h of programme.histories) {
    const task = tasks.get(h.system.id);
    if ((task?.vendorId ?? null) !== (h.selection?.vendorId ?? null))
      fail(`${h.system.id}: its task is not its selected provider's (§3.4)`);
    if (task && (task.status === 'DONE') !== (task.percentComplete === 100)) fail(`${h.system.id}: done exactly at 100 percent`);
    const current = h.placements.at(-1);
    if (!h.centralisedAt || !current) continue;
    for (const id of linesOf.get(h.system.id) ?? []) {
      const c = contracts.get(id);
      if (c?.status !== 'ACTIVE' || c.startsOn > current.since || c.endsOn < today)
        fail(`${h.system.id}: contract ${id} does not cover its placement`);
    }
  }
  const reportTimes = new Map<number, number>();
  for (const r of vendors.reports) {
    if ((reportTimes.get(r.taskId) ?? 0) >= r.reportedAt.getTime()) fail(`task ${r.taskId}: reports out of order`);
    reportTimes.set(r.taskId, r.reportedAt.getTime());
  }

  // Park: §1, §4, §3.3, operational, one current placement, history in order, within capacity (§6.5).
  const dataCenters = new Map<string, DataCenterRow>();
  for (const dc of world.dataCenters) {
    const grown = park.grown.find((g) => g.id === dc.id);
    dataCenters.set(dc.id, {
      ...dc,
      nameEn: dc.id,
      nameZh: dc.id,
      operatorVendorId: null,
      tier: 3,
      pue: '1.50',
      isSample: false,
      status: dc.status as DataCenterRow['status'],
      racksTotal: grown?.racksTotal ?? dc.racksTotal,
      powerCapacityKw: grown?.powerCapacityKw ?? dc.powerCapacityKw,
    });
  }
  for (const dc of park.dataCenters) dataCenters.set(dc.id, dc);
  const placedIn = new Map<string, { racks: number; power: bigint }>();
  const earlier = new Map<string, { until: string | null }>();
  for (const p of park.placements) {
    const h = histories.get(p.systemId);
    const dc = dataCenters.get(p.dataCenterId);
    if (!h || !dc) throw new Error(`Placement ${p.id} names an unknown system or data centre.`);
    const facts = {
      classification: h.system.classification,
      unit: h.unit,
      migrationPlan: h.plan && { destination: { id: h.plan.destinationDataCenterId } },
    };
    if (isExempt(facts)) fail(`${p.id}: a classified system placed (§1)`);
    if (!takesPlacements(dc) || !destinationCompliant(h.unit.hasAdministrativeApproval, dc))
      fail(`${p.id}: in ${dc.id}, which §4 or its status refuses`);
    if (!placedAsPlanned(facts, dc)) fail(`${p.id}: not where its plan says (§3.3)`);
    if (dc.opensOn && p.since < dc.opensOn) fail(`${p.id}: placed before ${dc.id} opened (§4)`);
    if (p.until !== null && p.until < p.since) fail(`${p.id}: taken out before it was placed`);
    const previous = earlier.get(p.systemId);
    if (previous && (previous.until === null || previous.until > p.since)) fail(`${p.id}: placed again before it was taken out`);
    earlier.set(p.systemId, p);
    const used = placedIn.get(dc.id) ?? { racks: 0, power: 0n };
    placedIn.set(dc.id, { racks: used.racks + p.racks, power: used.power + kwUnits(p.powerKw) });
  }
  for (const [id, used] of placedIn) {
    const dc = dataCenters.get(id);
    const before = world.dataCenters.find((d) => d.id === id);
    if (!dc) continue;
    const racks = used.racks + (before?.placedRacks ?? 0);
    const powerKw = formatDecimal(used.power + kwUnits(before?.placedPowerKw ?? '0'), 1);
    const capacity = capacityOf(dc, { racks, powerKw });
    if (capacity.racksFree < 0 || capacity.powerFreeUnits < 0n) fail(`${id}: holds more than its capacity (§6.5)`);
  }

  // Telecom: each circuit where its carrier is present, its days in order; a live line wherever a unit is placed.
  const carrierOf = new Map(world.tariffs.map((t) => [t.id, t.carrierId]));
  const present = new Set([...world.presence, ...telecom.presence].map((p) => `${p.carrierId} ${p.dataCenterId}`));
  const circuitsOf = new Map<string, typeof telecom.circuits>();
  for (const c of telecom.circuits) {
    if (!present.has(`${carrierOf.get(c.tariffId)} ${c.dataCenterId}`)) fail(`${c.id}: its carrier is not present in ${c.dataCenterId}`);
    const days = [c.orderedOn, c.provisioningOn, c.activeOn, c.decommissionedOn].filter((d): d is string => d !== null);
    if (days.some((d, i) => i > 0 && d < (days[i - 1] ?? d)) || circuitStatusOn(c, today) !== c.status) fail(`${c.id}: its days disagree`);
    circuitsOf.set(c.unitId, [...(circuitsOf.get(c.unitId) ?? []), c]);
  }
  const byUnit = new Map<string, typeof programme.histories>();
  for (const h of programme.histories) byUnit.set(h.unit.id, [...(byUnit.get(h.unit.id) ?? []), h]);
  for (const { row: unit } of programme.units) {
    const own = byUnit.get(unit.id) ?? [];
    const planned = new Set(own.flatMap((h) => h.plan?.destinationDataCenterId ?? []));
    const circuits = circuitsOf.get(unit.id) ?? [];
    for (const c of circuits)
      if (!planned.has(c.dataCenterId)) fail(`${c.id}: reaches ${c.dataCenterId}, which no plan of ${unit.id} names`);
    for (const h of own) {
      const current = h.placements.at(-1);
      const dc = h.plan?.destinationDataCenterId;
      if (!current || current.until) continue;
      const there = circuits.filter((c) => c.dataCenterId === dc);
      if (!there.some((c) => c.status === 'ACTIVE') || !there.some((c) => circuitStatusOn(c, current.since) === 'ACTIVE'))
        fail(`${unit.id}: placed in ${dc} with no live line there, then or now`);
    }
  }

  if (problems.length) throw new Error(`The generated programme breaks the rules:\n  ${problems.join('\n  ')}`);
}
