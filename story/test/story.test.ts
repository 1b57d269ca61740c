/**
 * The story on its own, before any subgraph writes it: told the same way every time, the same for the
 * programme's units whatever units are told beside them, and within the units subgraph's rules (§1, §4,
 * §5) and the derivations the other subgraphs' seeds rely on. The four subgraphs' agreement once seeded
 * is e2e/test/seed.test.ts; each seed also checks its slice against its own rules when it writes it.
 */
import {
  destinationAllowed,
  GOVERNMENT_DEPARTMENT_KINDS,
  governmentDestination,
  hostingWhenCentralised,
  planOutsideWindow,
} from '@cq/units/rules';
import { batchRows, seedUnits } from '@cq/units/seed/registry';
import { generatedUnits } from '@cq/units/seed/units';
import { describe, expect, it } from 'vitest';
import { extensionStories, programmeStory, tellStory } from '../src/index.ts';
import { dataCenters, kindOf, PLATFORM_OPENS_ON, providers } from '../src/world.ts';

const story = programmeStory();
const dayOf = (moment: Date) => new Date(moment.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('the story', () => {
  it('is told the same way every time, and the same for the programme whatever units are told beside it', () => {
    expect(tellStory(seedUnits())).toEqual(story);
    const wider = tellStory(seedUnits([...story.units, ...generatedUnits(20)].map((u) => ({ ...u }))));
    const ours = new Set(story.units.map((u) => u.id));
    expect(wider.systems.filter((s) => ours.has(s.unit.id))).toEqual(story.systems);
    expect(wider.contracts.filter((c) => ours.has(c.unitId))).toEqual(story.contracts);
    expect(wider.placements.filter((p) => ours.has(p.unitId))).toEqual(story.placements);
    expect(wider.links.filter((l) => ours.has(l.unitId))).toEqual(story.links);
  });

  it('never plans, selects for, places, contracts or reports on a classified system (§1)', () => {
    const classified = story.systems.filter((s) => s.system.classification === 'CLASSIFIED');
    expect(classified.length).toBeGreaterThan(0);
    const ids = new Set(classified.map((s) => s.system.id));
    for (const { story: told } of classified)
      expect([told.selection, told.plan, told.placedOn, told.stage]).toEqual([undefined, undefined, null, 'INVENTORIED']);
    expect(story.contracts.flatMap((c) => c.lines).filter((l) => l.systemId && ids.has(l.systemId))).toEqual([]);
    expect(story.tasks.filter((t) => ids.has(t.systemId))).toEqual([]);
    expect(story.placements.filter((p) => ids.has(p.systemId))).toEqual([]);
  });

  it("plans every system where §4 sends it and cuts it over by its unit's due date (§5)", () => {
    const platform = { opensOn: PLATFORM_OPENS_ON };
    expect(dataCenters.find((d) => d.kind === 'GOVERNMENT_CLOUD_PLATFORM')?.opensOn).toBe(PLATFORM_OPENS_ON);
    let departments = 0;
    for (const { unit, story: told } of story.systems) {
      const plan = told.plan;
      if (!plan) continue;
      const kind = kindOf(plan.destinationDataCenterId);
      expect(destinationAllowed(unit, kind), plan.systemId).toBe(true);
      const government = governmentDestination(unit, plan.plannedCutover, platform);
      if (government) {
        departments++;
        expect(kind, plan.systemId).toBe(government);
      }
      // Due: the batch's last day, or the date of an extension approved by then (none for a unit only encouraged).
      const extension = extensionStories.find((e) => e.unitId === unit.id && e.decided?.approved && e.decided.on <= dayOf(plan.at));
      const due = unit.voluntary
        ? null
        : (extension?.newDueDate ?? batchRows.find((b) => b.number === unit.batchNumber)?.windowEnd ?? null);
      expect(planOutsideWindow(plan, due), plan.systemId).toBeNull();
      expect(plan.writtenWithVendorId).toBe(told.selection?.vendorId);
    }
    expect(departments).toBeGreaterThan(50);
    expect(
      story.systems.some(
        (s) => GOVERNMENT_DEPARTMENT_KINDS.includes(s.unit.kind) && s.story.plan?.destinationDataCenterId === 'government-cloud-platform',
      ),
    ).toBe(true);
  });

  it('derives from each selection its contract lines and task report, and from each centralisation a placement and a live line', () => {
    for (const { system, unit, story: told } of story.systems) {
      const selected = told.selection?.vendorId;
      const lines = story.contracts.filter((c) => c.lines.some((l) => l.systemId === system.id));
      const task = story.tasks.find((t) => t.systemId === system.id);
      const placement = story.placements.find((p) => p.systemId === system.id);
      expect(
        lines.map((c) => c.vendorId),
        system.id,
      ).toEqual(selected ? [selected] : []);
      expect(task?.vendorId, system.id).toBe(selected);
      if (selected) {
        const provider = providers.find((p) => p.id === selected);
        expect(told.selection?.cloudServiceIds).toEqual(provider?.services.map((s) => s.id));
        expect(task?.reports.at(-1)?.status).toBe(task?.status);
        expect(task?.reports.map((r) => r.updatedAt.getTime())).toEqual(
          task?.reports.map((r) => r.updatedAt.getTime()).sort((a, b) => a - b),
        );
      }
      if (!told.centralisedAt) {
        expect(placement, system.id).toBeUndefined();
        expect(task?.status === 'DONE', system.id).toBe(false);
        continue;
      }
      const centralisedOn = dayOf(told.centralisedAt);
      expect(task?.status, system.id).toBe('DONE');
      expect(placement?.dataCenterId, system.id).toBe(told.plan?.destinationDataCenterId);
      expect((placement?.since ?? '') <= centralisedOn, system.id).toBe(true);
      for (const contract of lines) {
        expect(contract.status, contract.id).toBe('ACTIVE');
        expect((contract.activatedOn ?? '') <= (placement?.since ?? ''), contract.id).toBe(true);
      }
      const link = story.links.find((l) => l.unitId === unit.id && l.dataCenterId === placement?.dataCenterId);
      expect(link?.status, `${unit.id} in ${placement?.dataCenterId}`).toBe('ACTIVE');
      expect((link?.activeOn ?? '') <= (placement?.since ?? ''), unit.id).toBe(true);
      // §2.2: it runs in the park as its assessment chose, as cloud services once integrated.
      expect(told.hosting, system.id).toBe(told.stage === 'INTEGRATED' ? 'CLOUD_SERVICE' : hostingWhenCentralised(told.assessment));
    }
  });

  it('keeps a few systems still moving: placeable where their plans say, overdue, reported late', () => {
    const moving = story.systems.filter((s) => s.story.plan && !s.story.centralisedAt);
    expect(moving.map((s) => s.system.id)).toEqual(expect.arrayContaining(['kai-county-system-1', 'sample-road-permits-centre-system-2']));
    expect(new Set(moving.map((s) => s.story.plan?.destinationDataCenterId))).toEqual(
      new Set(['government-cloud-platform', 'sample-yangtze-data-center']),
    );
  });
});
