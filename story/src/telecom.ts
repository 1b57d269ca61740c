/**
 * The telecom subgraph's slice of the story: which unit needs a line into which data centre of the park
 * (the ones its plans name), and since when it is live. Which carrier's tariff serves it is telecom's own
 * choice, in its seed.
 */
import { programmeStory } from './index.ts';

export type { StoryLink } from './index.ts';

export function telecomStory() {
  return { links: programmeStory().links };
}
