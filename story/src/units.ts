/**
 * The units subgraph's slice of the story: each system's dated history (transitions, assessment, provider
 * selection, approved plan), the extension requests, budget lines and dependencies.
 */
import type { UnitRow } from '@cq/units/schema';
import { programmeStory, type StorySystem, tellStory } from './index.ts';
import { budgetRows, dependencyRows, extensionRows } from './timeline.ts';

export type { StorySystem } from './index.ts';

/** The units slice for these units (the programme's own when none are given: told once, shared with the other slices). */
export function unitsStory(units?: UnitRow[]) {
  const story = units ? tellStory(units) : programmeStory();
  const unitsById = new Map(story.units.map((u) => [u.id, u]));
  const systemIds = new Set(story.systems.map((s) => s.system.id));
  return {
    units: story.units,
    systems: story.systems satisfies StorySystem[],
    extensions: extensionRows().filter((e) => unitsById.has(e.request.unitId)),
    budgetLines: budgetRows(unitsById),
    dependencies: dependencyRows.filter((d) => systemIds.has(d.systemId) && systemIds.has(d.dependsOnId)),
  };
}
