/**
 * The generator's only source of chance: a small seeded generator (mulberry32), so the same `--seed` gives
 * the same programme, row for row. Each unit draws from a stream of its own (`streamFor(seed, 'unit', i)`),
 * so a unit's story does not depend on how many draws the units before it made.
 */

/** A 32-bit hash of some parts (FNV-1a over their text): the seed of a stream. */
export function hashOf(...parts: (string | number)[]): number {
  let h = 2166136261;
  for (const ch of parts.join('\u0000')) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619);
  return h >>> 0;
}

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a list that is not empty. */
  pick<T>(list: readonly T[]): T {
    const item = list[Math.floor(this.next() * list.length)];
    if (item === undefined) throw new Error('Nothing to pick from.');
    return item;
  }

  /** One element, each with its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let at = this.next() * total;
    for (const [value, weight] of choices) {
      at -= weight;
      if (at < 0) return value;
    }
    const last = choices.at(-1);
    if (!last) throw new Error('Nothing to pick from.');
    return last[0];
  }
}

/** A stream of its own for one part of the programme (a unit, the world), from the run's seed. */
export const streamFor = (seed: number, ...parts: (string | number)[]) => new Random(hashOf(seed, ...parts));
