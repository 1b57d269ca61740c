/**
 * The seed tells one story in four subgraphs (`@cq/story`), and they agree: read back through the gateway
 * as the joint-conference office, every system is checked against what vendors, the park and telecom hold
 * of it. A selected provider holds the system's contract lines (no other provider does) and its task
 * report; a centralised system is placed in its latest plan's data centre, since no later than the day it
 * was centralised, under contracts whose term covers the placement; a classified system is never planned,
 * placed, contracted or reported on (§1); a unit's circuits reach the data centres its plans name, and one
 * is live wherever a system of it is placed (src/agreement.ts, which also checks generated programmes).
 * The test counts the systems checked and the mismatches.
 */

import { OFFICE } from '@cq/kit/testing';
import { programmeStory } from '@cq/story';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAgreement } from '../src/agreement.ts';
import { type Hub, startHub } from '../src/hub.ts';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe('the seed: one story in four subgraphs', () => {
  it('agrees across units, vendors, park and telecom for every system (issue 10, finding 10)', async () => {
    const agreement = await checkAgreement(hub.url, await hub.token(OFFICE));
    const seeded = programmeStory().systems.length;
    console.log(
      `Seed agreement: ${agreement.systems} systems checked (${agreement.units} units' circuits), ${agreement.mismatches.length} mismatches.`,
    );
    expect(agreement.mismatches).toEqual([]);
    expect(agreement.systems).toBe(seeded);
    expect(agreement.totalCount).toBe(seeded);
    // The story is not empty where it matters: providers selected, systems placed, classified ones exempt.
    expect(agreement.selected).toBeGreaterThan(100);
    expect(agreement.placed).toBeGreaterThan(100);
    expect(agreement.classified).toBeGreaterThan(0);
  });
});
