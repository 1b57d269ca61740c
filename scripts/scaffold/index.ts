/**
 * A new subgraph from the template (templates.ts), in two steps the CLI (scripts/scaffold.ts) runs one
 * after the other: `scaffoldSubgraph` writes the package under `<root>/subgraphs/<name>/`, and
 * `addToRegistry` adds it to the one list of subgraphs (`<root>/schema/subgraphs.json`), which the build,
 * the start, composition, codegen, the shape check and the tests' hub read. Tests scaffold into a folder of
 * their own and never call the second step.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readSdl, repoRoot, type SubgraphEntry, subgraphs } from '@cq/schema';
import { Kind, parse } from 'graphql';
import { type Names, namesOf } from './names.ts';
import { sharedSdlOf } from './shared.ts';
import { subgraphFiles } from './templates.ts';

export interface ScaffoldOptions {
  name: string;
  /** Where the hub starts it; by default the port after the highest in the registry. */
  port?: number;
  /** The repository (or a test's stand-in) whose subgraphs/ receives the package; the repository by default. */
  root?: string;
}

export interface Scaffolded {
  names: Names;
  port: number;
  /** The new package's folder, ending in a slash. */
  dir: string;
  /** Its files, relative to `dir`. */
  files: string[];
}

const registryPath = (root: string) => join(root, 'schema/subgraphs.json');

/** The registry under `root` when it has one (the repository), otherwise the repository's. */
function registryAt(root: string): SubgraphEntry[] {
  const path = registryPath(root);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : [...subgraphs];
}

/** The port after the highest one the registry gives. */
export const nextPort = (registry: readonly SubgraphEntry[]) => Math.max(4000, ...registry.map((s) => s.port)) + 1;

/**
 * Refuses names the composed graph already uses: a type or a root field of another subgraph with the
 * same name would merge with the new one, or fail composition.
 */
function refuseTakenNames(n: Names) {
  const taken = new Set<string>();
  for (const { name } of subgraphs) {
    for (const definition of parse(readSdl(name)).definitions) {
      if (!('name' in definition) || !definition.name) continue;
      const type = definition.name.value;
      if (type !== 'Query' && type !== 'Mutation') taken.add(type);
      else if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION)
        for (const field of definition.fields ?? []) taken.add(`${type}.${field.name.value}`);
    }
  }
  const wanted = [
    n.entity,
    `${n.entity}Connection`,
    `${n.entity}Edge`,
    n.createInput,
    `Query.${n.list}`,
    `Query.${n.one}`,
    `Mutation.${n.create}`,
  ];
  const clashes = wanted.filter((w) => taken.has(w));
  if (clashes.length) throw new Error(`The graph already has ${clashes.join(', ')}: choose another name than "${n.name}".`);
}

/** Writes a new subgraph's package under `<root>/subgraphs/<name>/`; the registry is left as it is. */
export function scaffoldSubgraph({ name, port, root = repoRoot }: ScaffoldOptions): Scaffolded {
  const names = namesOf(name);
  const registry = registryAt(root);
  if (registry.some((s) => s.name === name)) throw new Error(`schema/subgraphs.json already lists a subgraph named ${name}.`);
  const chosenPort = port ?? nextPort(registry);
  if (!Number.isInteger(chosenPort) || chosenPort < 1024 || chosenPort > 65535)
    throw new Error(`A subgraph's port is a whole number from 1024 to 65535; got ${port}.`);
  const holder = registry.find((s) => s.port === chosenPort);
  if (holder) throw new Error(`Port ${chosenPort} is the ${holder.name} subgraph's.`);
  refuseTakenNames(names);
  const dir = join(root, 'subgraphs', name, '/');
  if (existsSync(dir)) throw new Error(`${dir} exists already: a scaffold never writes over a folder.`);
  const files = subgraphFiles(names, sharedSdlOf(readSdl('units')), Date.now(), randomUUID());
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(dir + path), { recursive: true });
    writeFileSync(dir + path, text);
  }
  return { names, port: chosenPort, dir, files: Object.keys(files) };
}

/** Adds a subgraph to `<root>/schema/subgraphs.json`, one line per subgraph as the file is written. */
export function addToRegistry({ name, port, root = repoRoot }: { name: string; port: number; root?: string }): SubgraphEntry {
  const path = registryPath(root);
  const registry: SubgraphEntry[] = JSON.parse(readFileSync(path, 'utf8'));
  if (registry.some((s) => s.name === name || s.port === port))
    throw new Error(`schema/subgraphs.json already lists ${name} or port ${port}.`);
  const entry = { name, port, url: `http://127.0.0.1:${port}/graphql` };
  const line = (s: SubgraphEntry) => `  { "name": ${JSON.stringify(s.name)}, "port": ${s.port}, "url": ${JSON.stringify(s.url)} }`;
  const lines = [...registry, entry].map(line);
  writeFileSync(path, `[\n${lines.join(',\n')}\n]\n`);
  return entry;
}
