/**
 * The vendors subgraph's slice of the story: the contracts of units with the providers their systems
 * selected, and the providers' task reports; plus the providers and services the story names, for the
 * vendors seed to check against its catalogue.
 */
import { programmeStory } from './index.ts';

export type { StoryContract, StoryTask } from './index.ts';
export { providers } from './world.ts';

export function vendorsStory() {
  const { contracts, tasks } = programmeStory();
  return { contracts, tasks };
}
