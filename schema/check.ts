/**
 * The schema check a subgraph's owner runs before committing a change (`pnpm check`, scripts/check.ts): does
 * the graph still compose, what does the change break or endanger for clients, and which saved operations
 * stop validating. The diff itself is graphql-js's (`findBreakingChanges`, `findDangerousChanges`); this
 * module adds what an API schema cannot show (entity keys, which live only in the supergraph) and names the
 * subgraphs that own each changed element.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { withoutSecurityFeatures } from '@cq/gateway/supergraph';
import {
  type ASTNode,
  type DirectiveNode,
  type DocumentNode,
  findBreakingChanges,
  findDangerousChanges,
  type GraphQLError,
  type GraphQLSchema,
  getLocation,
  Kind,
  parse,
  Source,
  validate,
} from 'graphql';
import { operationsDir, readSdl, readSupergraph, repoRoot, subgraphs } from './registry.ts';

/** A reason the graph does not compose, with where in which subgraph's file it sits. */
export interface CompositionProblem {
  code: string;
  message: string;
  /** `subgraphs/<name>/schema.graphql:LINE`, one per place the problem points at. */
  places: string[];
}

/** One breaking or dangerous change: graphql-js's kind and description, or ours for entity keys. */
export interface SchemaChange {
  kind: string;
  description: string;
  /** The subgraphs that own (or owned) the changed element, where the supergraph says so. */
  subgraphs: string[];
}

/** A saved operation that no longer validates against the new graph, with graphql-js's reasons. */
export interface BrokenOperation {
  name: string;
  file: string;
  reasons: string[];
}

export interface SavedOperation {
  file: string;
  text: string;
}

export interface CheckReport {
  compositionErrors: CompositionProblem[];
  breaking: SchemaChange[];
  dangerous: SchemaChange[];
  brokenOperations: BrokenOperation[];
  /** The new supergraph, when the graph composes. */
  supergraph?: string;
}

export interface CheckInput {
  /** Each subgraph's new SDL (default: the working tree's schema.graphql). */
  sdlOf?: (name: string) => string;
  /** The supergraph to compare against (default: the checked-in schema/supergraph.graphql). */
  baseSupergraph?: string;
  /** The operations to validate (default: every schema/operations/*.graphql and the e2e tests' typed operations). */
  operations?: SavedOperation[];
}

/** Where a subgraph's SDL lives, as the report names it. */
export const sdlFile = (name: string) => `subgraphs/${name}/schema.graphql`;

export function readSavedOperations(): SavedOperation[] {
  return readdirSync(operationsDir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => ({ file: `schema/operations/${f}`, text: readFileSync(operationsDir + f, 'utf8') }));
}

/** A typed test operation, as scripts/codegen.ts finds it: a graphql(`…`) literal without interpolation. */
const LITERAL = /graphql\(\s*`([^`]*)`\s*,?\s*\)/g;

/**
 * The end-to-end tests' typed operations (e2e/test/*.ts): what the tests ask of the graph, so a change that
 * would break them shows here before the tests run. A literal may hold a fragment that others spread; each
 * operation is validated with the fragments it spreads, directly or through another fragment.
 */
export function readTestOperations(dir = `${repoRoot}e2e/test/`): SavedOperation[] {
  const literals = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .flatMap((f) => [...readFileSync(dir + f, 'utf8').matchAll(LITERAL)].map((m) => ({ file: `e2e/test/${f}`, text: m[1] ?? '' })));
  const unique = [...new Map(literals.map((l) => [l.text, l])).values()];
  const fragments = new Map<string, string>();
  for (const { text } of unique) {
    const name = /^\s*fragment\s+(\w+)/.exec(text)?.[1];
    if (name) fragments.set(name, text);
  }
  return unique
    .filter(({ text }) => !/^\s*fragment\s/.test(text))
    .map(({ file, text }) => {
      const used = new Set<string>();
      const spreads = (t: string) => [...t.matchAll(/\.\.\.\s*(\w+)/g)].map((m) => m[1] as string).filter((n) => fragments.has(n));
      const pending = spreads(text);
      for (let name = pending.pop(); name; name = pending.pop()) {
        if (used.has(name)) continue;
        used.add(name);
        pending.push(...spreads(fragments.get(name) ?? ''));
      }
      return { file, text: [text, ...[...used].map((n) => fragments.get(n))].join('\n') };
    });
}

/**
 * Composes the new graph; when it composes, diffs its API schema against the base supergraph's and validates
 * the operations against it. Composition errors stop the check there: there is no new graph to compare.
 */
export async function checkChange(input: CheckInput = {}): Promise<CheckReport> {
  const sdlOf = input.sdlOf ?? readSdl;
  const empty = { breaking: [], dangerous: [], brokenOperations: [] };
  const composed = composeNew(sdlOf);
  if ('problems' in composed) return { compositionErrors: composed.problems, ...empty };

  const baseSdl = input.baseSupergraph ?? readSupergraph();
  const [before, after] = await Promise.all([apiSchema(baseSdl), apiSchema(composed.supergraph)]);
  const baseDoc = parse(baseSdl);
  const newDoc = parse(composed.supergraph);
  const owners = (description: string) => ownersOf(description, [baseDoc, newDoc]);
  const change = ({ type, description }: { type: string; description: string }) => ({
    kind: type,
    description,
    subgraphs: owners(description),
  });
  return {
    compositionErrors: [],
    breaking: [...findBreakingChanges(before, after).map(change), ...keyChanges(baseDoc, newDoc)],
    dangerous: findDangerousChanges(before, after).map(change),
    brokenOperations: brokenOperations(after, input.operations ?? [...readSavedOperations(), ...readTestOperations()]),
    supergraph: composed.supergraph,
  };
}

/** Whether the change may go in without an explicit acceptance. Dangerous changes do not count. */
export const passes = (report: CheckReport) =>
  report.compositionErrors.length === 0 && report.breaking.length === 0 && report.brokenOperations.length === 0;

/**
 * Composes as schema/compose.ts does, including its rule that a type shared by several subgraphs reads the
 * same in each, but keeps each problem's AST nodes so that the report can name file and line. Each SDL is
 * parsed as a Source named for its file: the nodes composition hands back carry that name.
 */
function composeNew(sdlOf: (name: string) => string): { supergraph: string } | { problems: CompositionProblem[] } {
  const problems: CompositionProblem[] = [];
  const services = subgraphs.flatMap(({ name, url }) => {
    try {
      return [{ name, url, typeDefs: parse(new Source(sdlOf(name), sdlFile(name))) }];
    } catch (error) {
      const e = error as GraphQLError;
      const places = (e.locations ?? []).map((l) => `${sdlFile(name)}:${l.line}`);
      problems.push({ code: 'GRAPHQL_PARSE_FAILED', message: e.message, places: places.length ? places : [sdlFile(name)] });
      return [];
    }
  });
  if (problems.length) return { problems };
  const result = composeServices(services);
  for (const e of result.errors ?? []) problems.push(problem(String(e.extensions?.code ?? 'ERROR'), e.message, e.nodes));
  for (const hint of result.hints ?? [])
    if (hint.definition.code === 'INCONSISTENT_DESCRIPTION') problems.push(problem(hint.definition.code, hint.message, hint.nodes));
  if (problems.length || !result.supergraphSdl) return { problems };
  return { supergraph: `${result.supergraphSdl.trimEnd()}\n` };
}

function problem(code: string, message: string, nodes: readonly ASTNode[] | undefined): CompositionProblem {
  const places = (nodes ?? []).flatMap((node) => {
    // A definition's own location starts at its description; its name is the line a reader looks for.
    const loc = ('name' in node && node.name && 'loc' in node.name ? node.name.loc : undefined) ?? node.loc;
    if (!loc) return [];
    return [`${loc.source.name}:${getLocation(loc.source, loc.start).line}`];
  });
  // Composition names subgraphs in its messages ("in subgraph \"units\""); without nodes, that is the place.
  if (!places.length) places.push(...subgraphs.filter(({ name }) => message.includes(`"${name}"`)).map(({ name }) => sdlFile(name)));
  return { code, message, places: [...new Set(places)] };
}

/**
 * The schema clients see, built the way the gateway builds it: Apollo Gateway over the supergraph without the
 * access features it does not implement (gateway/src/supergraph.ts). Both sides go through the same route,
 * so that any difference is the change's and not the builder's.
 */
async function apiSchema(supergraphSdl: string): Promise<GraphQLSchema> {
  const gateway = new ApolloGateway({ supergraphSdl: withoutSecurityFeatures(supergraphSdl) });
  try {
    return (await gateway.load()).schema;
  } finally {
    await gateway.stop();
  }
}

function brokenOperations(schema: GraphQLSchema, operations: SavedOperation[]): BrokenOperation[] {
  return operations.flatMap(({ file, text }) => {
    let document: DocumentNode;
    try {
      document = parse(text);
    } catch (error) {
      return [{ name: file, file, reasons: [(error as Error).message] }];
    }
    const reasons = validate(schema, document).map((e) => e.message);
    if (!reasons.length) return [];
    const names = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []));
    return [{ name: names.join(', ') || file, file, reasons }];
  });
}

// ----- What the supergraph says about ownership and entity keys -----

const argument = (directive: DirectiveNode, name: string) => {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value && (value.kind === Kind.ENUM || value.kind === Kind.STRING) ? value.value : undefined;
};

/** The join__Graph enum: its values (UNITS) against the subgraph names (units). */
function graphNames(doc: DocumentNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const def of doc.definitions) {
    if (def.kind !== Kind.ENUM_TYPE_DEFINITION || def.name.value !== 'join__Graph') continue;
    for (const value of def.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === 'join__graph');
      names.set(value.name.value, (graph && argument(graph, 'name')) ?? value.name.value.toLowerCase());
    }
  }
  return names;
}

type Definition = Extract<DocumentNode['definitions'][number], { name: unknown; directives?: unknown }>;

function typeDefinition(doc: DocumentNode, name: string): Definition | undefined {
  return doc.definitions.find((d): d is Definition => 'name' in d && d.name?.value === name && d.kind !== Kind.DIRECTIVE_DEFINITION);
}

const graphsIn = (directives: readonly DirectiveNode[] | undefined, directive: string, names: Map<string, string>) =>
  (directives ?? [])
    .filter((d) => d.name.value === directive)
    .flatMap((d) => {
      const graph = argument(d, 'graph');
      return graph ? [names.get(graph) ?? graph.toLowerCase()] : [];
    });

/** The subgraphs that define a type, a field of it, or an enum value of it, per the supergraph's join directives. */
function owners(doc: DocumentNode, typeName: string, member?: string): string[] {
  const names = graphNames(doc);
  const type = typeDefinition(doc, typeName);
  if (!type) return [];
  const ofType = graphsIn(type.directives, 'join__type', names);
  if (!member) return ofType;
  const members: readonly { name: { value: string }; directives?: readonly DirectiveNode[] }[] =
    'fields' in type && type.fields ? type.fields : 'values' in type && type.values ? type.values : [];
  const found = members.find((m) => m.name.value === member);
  if (!found) return [];
  // A field without @join__field is resolved by every subgraph that defines its type.
  const ofMember = [...graphsIn(found.directives, 'join__field', names), ...graphsIn(found.directives, 'join__enumValue', names)];
  return ofMember.length ? ofMember : ofType;
}

/**
 * The owners of what a graphql-js change description names: `Type.field`, `Type`, or for enum values
 * "VALUE was removed from enum type Type.". The first element named that either supergraph knows is the
 * changed one (a removed element only the old supergraph holds, an added one only the new).
 */
function ownersOf(description: string, docs: DocumentNode[]): string[] {
  const enumValue = /^(\w+) was (?:removed from|added to) enum type (\w+)/.exec(description);
  const refs: [string, string | undefined][] = enumValue
    ? [[enumValue[2] as string, enumValue[1]]]
    : [...description.matchAll(/\b([A-Z]\w*)(?:\.(\w+))?/g)].map((m) => [m[1] as string, m[2]]);
  for (const [type, member] of refs) {
    const found = new Set(docs.flatMap((doc) => owners(doc, type, member)));
    if (found.size) return [...found].sort();
  }
  return [];
}

/** Each entity type's keys per subgraph: `@join__type(graph: G, key: "…")`. */
function entityKeys(doc: DocumentNode): Map<string, Map<string, string[]>> {
  const names = graphNames(doc);
  const entities = new Map<string, Map<string, string[]>>();
  for (const def of doc.definitions) {
    if (!('name' in def) || !def.name || !('directives' in def)) continue;
    for (const d of def.directives ?? []) {
      const fields = d.name.value === 'join__type' ? argument(d, 'key') : undefined;
      // A key the gateway may no longer enter the subgraph by is as good as removed for a join.
      const resolvable = d.arguments?.find((a) => a.name.value === 'resolvable')?.value;
      const key = fields && resolvable?.kind === Kind.BOOLEAN && !resolvable.value ? `${fields} (resolvable: false)` : fields;
      const graph = argument(d, 'graph');
      if (!key || !graph) continue;
      const byGraph = entities.get(def.name.value) ?? new Map<string, string[]>();
      const subgraph = names.get(graph) ?? graph.toLowerCase();
      byGraph.set(subgraph, [...(byGraph.get(subgraph) ?? []), key]);
      entities.set(def.name.value, byGraph);
    }
  }
  return entities;
}

/**
 * Removed entities and removed or changed keys. An API schema has no keys, so graphql-js cannot see these; yet a
 * subgraph that references an entity, or a gateway planning a join, relies on them. Added keys break nobody.
 */
function keyChanges(baseDoc: DocumentNode, newDoc: DocumentNode): SchemaChange[] {
  const before = entityKeys(baseDoc);
  const after = entityKeys(newDoc);
  const changes: SchemaChange[] = [];
  for (const [type, byGraph] of before) {
    const now = after.get(type);
    if (!now) {
      const still = typeDefinition(newDoc, type) ? 'is no longer an entity (it has no key)' : 'was removed';
      changes.push({ kind: 'ENTITY_REMOVED', description: `Entity ${type} ${still}.`, subgraphs: [...byGraph.keys()].sort() });
      continue;
    }
    for (const [subgraph, keys] of byGraph) {
      const newKeys = now.get(subgraph) ?? [];
      const removed = keys.filter((k) => !newKeys.includes(k));
      if (!removed.length) continue;
      const description = newKeys.length
        ? `Entity ${type} in subgraph ${subgraph}: key ${quoted(removed)} changed to ${quoted(newKeys)}.`
        : `Entity ${type} in subgraph ${subgraph}: key ${quoted(removed)} was removed.`;
      changes.push({ kind: newKeys.length ? 'ENTITY_KEY_CHANGED' : 'ENTITY_KEY_REMOVED', description, subgraphs: [subgraph] });
    }
  }
  return changes;
}

const quoted = (keys: string[]) => keys.map((k) => `"${k}"`).join(', ');

// ----- The report -----

/** The report as the command prints it: grouped, one line per finding, and the verdict last. */
export function formatReport(report: CheckReport, accepted?: string): string {
  const lines: string[] = [];
  const section = (title: string, items: string[]) => {
    if (!items.length) return;
    lines.push(`${title} (${items.length}):`, ...items.map((i) => `  - ${i}`), '');
  };
  const change = (c: SchemaChange) => `${c.description}${c.subgraphs.length ? ` [${c.subgraphs.join(', ')}]` : ''} (${c.kind})`;
  section(
    'Composition errors',
    report.compositionErrors.map((p) => `${p.places.join(', ')}: ${p.code}: ${p.message}`),
  );
  section('Breaking changes', report.breaking.map(change));
  section('Dangerous changes', report.dangerous.map(change));
  section(
    'Operations broken',
    report.brokenOperations.map((o) => `${o.name} (${o.file}): ${o.reasons.join(' ')}`),
  );
  if (report.compositionErrors.length) lines.push('Verdict: FAIL: the graph does not compose.');
  else if (passes(report))
    lines.push(`Verdict: OK: no breaking change${report.dangerous.length ? ` (${report.dangerous.length} dangerous, listed above)` : ''}.`);
  else if (accepted) lines.push(`Verdict: ACCEPTED: breaking changes recorded in schema/accepted-changes.md (${accepted}).`);
  else lines.push('Verdict: FAIL: breaking changes or broken operations (accept them with --accept-breaking "<reason>").');
  return lines.join('\n');
}

/** The record an acceptance leaves in schema/accepted-changes.md, committed with the change. */
export function acceptanceRecord(report: CheckReport, input: { reason: string; subgraphs: string[]; date: Date }): string {
  const items = [
    ...report.breaking.map((c) => `- breaking: ${c.description}${c.subgraphs.length ? ` [${c.subgraphs.join(', ')}]` : ''}`),
    ...report.brokenOperations.map((o) => `- operation broken: ${o.name} (${o.file}): ${o.reasons.join(' ')}`),
  ];
  return [
    `## ${input.date.toISOString().slice(0, 10)}: ${input.subgraphs.join(', ')}`,
    '',
    `Reason: ${input.reason}`,
    '',
    ...items,
    '',
  ].join('\n');
}

const acceptedHeader = `# Accepted breaking changes

Each entry was written by \`pnpm check --accept-breaking "<reason>"\` and is committed with the change it
accepts: the date, the subgraphs checked, the reason, and what the check found breaking.
`;

/** Appends an acceptance record to the file (schema/accepted-changes.md by default), creating it when absent. */
export function recordAcceptance(path: string, record: string): void {
  if (!existsSync(path)) writeFileSync(path, acceptedHeader);
  appendFileSync(path, `\n${record}`);
}
