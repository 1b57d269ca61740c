/**
 * The generated programme, told once, in memory: the units (registry.ts), each system's dated history
 * (timeline.ts), the extension requests; and the park data centres of the providers that enterprise
 * systems move to. Each subgraph's rows (units.ts, vendors.ts, park.ts, telecom.ts) are derived from this
 * one telling, so the four databases agree.
 */
import type { BatchRow } from '@cq/units/schema';
import { streamFor } from './random.ts';
import { type GeneratedUnit, generateUnits, systemsOf } from './registry.ts';
import { type Destinations, type Extension, extensionOf, historyOf, type SystemHistory } from './timeline.ts';
import { GENERATED, type World } from './world.ts';

export interface ProgrammeOptions {
  units: number;
  systems: number;
  seed: number;
}

export interface Programme {
  options: ProgrammeOptions;
  units: GeneratedUnit[];
  histories: SystemHistory[];
  extensions: Extension[];
  destinations: Destinations;
  /** The generated park data centres, by provider (ids only; park.ts sizes them to what they hold). */
  parkDataCenters: { id: string; providerId: string; index: number }[];
}

/** Enough park data centres per provider that none grows absurdly large: one per 20,000 systems, from one to six. */
function parkDataCentersFor(world: World, systems: number) {
  const perProvider = Math.min(6, Math.max(1, Math.ceil(systems / 20_000)));
  return world.providers.flatMap((provider) =>
    Array.from({ length: perProvider }, (_, index) => ({
      id: `${GENERATED}${provider.short}-data-center-${index + 1}`,
      providerId: provider.id,
      index,
    })),
  );
}

function destinationsOf(world: World, parkDataCenters: Programme['parkDataCenters']): Destinations {
  const only = (kind: string) => {
    const found = world.dataCenters.filter((dc) => dc.kind === kind);
    const [dc] = found;
    if (found.length !== 1 || !dc) throw new Error(`The park holds ${found.length} data centres of kind ${kind}; §4 names one.`);
    return dc;
  };
  const platform = only('GOVERNMENT_CLOUD_PLATFORM');
  const kinds = new Map(world.dataCenters.map((dc) => [dc.id, dc.kind]));
  const parkOf = new Map<string, string[]>();
  for (const dc of parkDataCenters) {
    kinds.set(dc.id, 'PARK_DATA_CENTER');
    parkOf.set(dc.providerId, [...(parkOf.get(dc.providerId) ?? []), dc.id]);
  }
  return {
    transitional: only('TRANSITIONAL_GOVERNMENT_DATA_CENTER').id,
    platform: { id: platform.id, opensOn: platform.opensOn },
    parkOf,
    kindOf: (id) => {
      const kind = kinds.get(id);
      if (!kind) throw new Error(`The park holds no data centre ${id}.`);
      return kind;
    },
  };
}

export function tellProgramme(world: World, options: ProgrammeOptions): Programme {
  const parkDataCenters = parkDataCentersFor(world, options.systems);
  const destinations = destinationsOf(world, parkDataCenters);
  const batches = new Map<number, BatchRow>(world.batches.map((b) => [b.number, b]));
  const units = generateUnits(world, options.units, options.systems, options.seed);
  const histories: SystemHistory[] = [];
  const extensions: Extension[] = [];
  units.forEach((unit, i) => {
    const batch = batches.get(unit.row.batchNumber);
    if (!batch) throw new Error(`Unit ${unit.row.id} is in batch ${unit.row.batchNumber}, which the units database does not hold.`);
    const rng = streamFor(options.seed, 'history', i);
    const extension = extensionOf(unit.row, batch, rng, world.nextExtensionRequestId + extensions.length);
    if (extension) extensions.push(extension);
    for (const system of systemsOf(unit, rng))
      histories.push(historyOf(system, unit, batch, extension, world.providers, destinations, rng));
  });
  return { options, units, histories, extensions, destinations, parkDataCenters };
}
