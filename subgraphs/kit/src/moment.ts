/**
 * One moment per operation (ARCHITECTURE.md: "one moment per answer"). Every field of an operation, in
 * every subgraph it reaches, is answered as of the same instant:
 * - the gateway decides it once per operation: the moment the client asked for (the `As-Of` header, or a
 *   root field's `asOf` argument, lifted to the whole operation), or else its own "now", taken once;
 * - it passes it on inside the identity token it signs for each subgraph call (identity.ts: claims `at`
 *   and `asOf`), so only the gateway sets a subgraph's moment and every fetch of one operation carries it;
 * - a subgraph reads it from the verified token and lifts its own root `asOf` arguments the same way
 *   (server.ts), so a subgraph asked directly (a test, a service) answers consistently too;
 * - a subgraph asking another (services.ts) passes the asking request's moment on.
 * A field's own `asOf` argument below the root (e.g. `InformationSystem.stage(asOf:)`) still asks another
 * moment explicitly, for that one field; without it, the field reads the operation's moment.
 */
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';
import { ruleError } from './errors.ts';
import { iso, parseAsOf } from './time.ts';

/** The instant an operation is answered at, and whether the caller asked for it. */
export interface Moment {
  /** The instant every field reads. */
  at: Date;
  /** True when the caller asked for this moment (As-Of header or root `asOf`); false for the operation's own "now". */
  asOf: boolean;
}

/** The operation's own "now", taken once. */
export const liveMoment = (now: Date = new Date()): Moment => ({ at: now, asOf: false });

/** The HTTP header a client asks a moment with, for any operation (e.g. `As-Of: 2015-09-30`). */
export const AS_OF_HEADER = 'as-of';

/** A moment asked for somewhere: where (in a refusal's words), as written, and the instant it means. */
export interface AskedMoment {
  source: string;
  text: string;
  at: Date;
}

/** A refusal about the operation's moment: the client's to fix, so HTTP 400 when it refuses the whole request. */
const momentRefusal = (message: string) => ruleError('BAD_USER_INPUT', message, { field: 'asOf', http: { status: 400 } });

/** Reads the As-Of header like an `asOf` argument (time.ts: parseAsOf), naming the header when it is malformed. */
export function askedByHeader(value: string | string[] | undefined | null): AskedMoment | undefined {
  const text = (Array.isArray(value) ? value.join(',') : value)?.trim();
  if (!text) return undefined;
  try {
    return { source: 'the As-Of header', text, at: parseAsOf(text, new Date()) };
  } catch (error) {
    // parseAsOf's own words (a bad form, or a moment outside the years it takes), for the header.
    throw momentRefusal(`The As-Of header: ${(error as Error).message}`);
  }
}

/** The moment a verified subgraph token carries, as an asked moment (the gateway's word for the whole operation). */
export const askedByGateway = (moment: Moment): AskedMoment | undefined =>
  moment.asOf ? { source: "the operation's moment (as the gateway signed it)", text: iso(moment.at), at: moment.at } : undefined;

/** The fragments of a document by name, for walking an operation's root selections. */
export function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return fragments;
}

type Variables = Readonly<Record<string, unknown>> | undefined;

/** A value node read with the request's variables (and the operation's variable defaults). */
function argumentValue(node: ValueNode, operation: OperationDefinitionNode, variables: Variables): unknown {
  if (node.kind !== Kind.VARIABLE) return valueFromASTUntyped(node);
  const name = node.name.value;
  if (variables && name in variables) return variables[name];
  const fallback = operation.variableDefinitions?.find((d) => d.variable.name.value === name)?.defaultValue;
  return fallback ? valueFromASTUntyped(fallback) : undefined;
}

/** Whether @skip / @include leave a selection in (a root field skipped asks no moment). */
function included(
  directives: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: ValueNode }[] }[] | undefined,
  operation: OperationDefinitionNode,
  variables: Variables,
): boolean {
  for (const directive of directives ?? []) {
    const condition = directive.arguments?.find((a) => a.name.value === 'if');
    if (!condition) continue;
    const value = argumentValue(condition.value, operation, variables) === true;
    if (directive.name.value === 'skip' && value) return false;
    if (directive.name.value === 'include' && !value) return false;
  }
  return true;
}

/**
 * The `asOf` arguments of an operation's root fields (through fragments and inline fragments at the root),
 * literal or variable; a null or omitted one asks nothing.
 */
export function rootAsOfArguments(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Variables,
): AskedMoment[] {
  const asked: AskedMoment[] = [];
  const seen = new Set<string>();
  const walk = (selections: SelectionSetNode) => {
    for (const selection of selections.selections) {
      if (!included(selection.directives, operation, variables)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (fragment && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value);
          walk(fragment.selectionSet);
        }
      } else {
        const argument = selection.arguments?.find((a) => a.name.value === 'asOf');
        if (!argument) continue;
        const text = argumentValue(argument.value, operation, variables);
        if (text == null) continue;
        if (typeof text !== 'string')
          throw momentRefusal(`${selection.name.value}(asOf:) must be a date or a date-time written as a string.`);
        let at: Date;
        try {
          at = parseAsOf(text, new Date());
        } catch (error) {
          throw momentRefusal(`${selection.name.value}: ${(error as Error).message}`);
        }
        asked.push({ source: `${selection.name.value}(asOf: "${text}")`, text, at });
      }
    }
  };
  walk(operation.selectionSet);
  return asked;
}

export interface OperationMomentInput {
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables?: Variables;
  /** A moment asked for outside the operation: the As-Of header at the gateway, the signed claim at a subgraph. */
  asked?: AskedMoment;
  /** The operation's "now", used when nobody asks for a moment. */
  now: Date;
}

/**
 * The one moment of an operation: the moment asked for (header or claim, and every root `asOf`, which
 * must all name the same instant), or else `now`. Several moments that differ are refused, naming them;
 * so is a mutation asked as of any moment: a change is made now, and history is not rewritten.
 */
export function momentOfOperation({ operation, fragments, variables, asked, now }: OperationMomentInput): Moment {
  const all = [...(asked ? [asked] : []), ...rootAsOfArguments(operation, fragments, variables)];
  const [first] = all;
  if (!first) return liveMoment(now);
  if (operation.operation !== 'query') {
    throw momentRefusal(
      `A change is made now and recorded as of now: history is not rewritten, so a ${operation.operation} takes no moment (${first.source} asks ${first.text}). Send it without an As-Of header.`,
    );
  }
  const other = all.find((a) => a.at.getTime() !== first.at.getTime());
  if (other) {
    throw momentRefusal(
      `One operation is answered as of one moment, but this one asks two: ${first.source} means ${iso(first.at)}, ${other.source} means ${iso(other.at)}. Ask them in separate operations, or name the moment once (the As-Of header covers every field).`,
    );
  }
  return { at: first.at, asOf: true };
}

/** Whether two moments are the same (same instant, same kind). */
export const sameMoment = (a: Moment, b: Moment) => a.asOf === b.asOf && a.at.getTime() === b.at.getTime();
