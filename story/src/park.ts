/**
 * The park subgraph's slice of the story: where each centralised system was placed, and since when; plus
 * the data centres the story sends systems to, and the Government Cloud Platform's opening day its plans
 * follow (§4), for the park seed to hold and check.
 */
import { programmeStory } from './index.ts';

export type { StoryPlacement } from './index.ts';
export { dataCenters, PLATFORM_OPENS_ON } from './world.ts';

export function parkStory() {
  return { placements: programmeStory().placements };
}
