/**
 * One guard for every text a client sends, at the gateway, before any subgraph is asked: a text holding
 * U+0000 (PostgreSQL's text and jsonb cannot store it), a lone UTF-16 surrogate (no Unicode character:
 * text columns would silently keep U+FFFD instead, and the audit log's jsonb refuses it) or more than
 * MAX_TEXT_LENGTH characters is refused whole with BAD_USER_INPUT, naming the argument. It sits here, not
 * in each subgraph, because the gateway is the one door clients use: the refusal costs no query plan and
 * no subgraph call, no write is half-done, and it names the argument as the client wrote it (a subgraph
 * sees the gateway's rewritten variables). The subgraphs keep the database's own refusals as a safety net
 * (kit: errors.ts, `databaseRefusal`) for what reaches them another way.
 *
 * It also answers an operation that cannot be chosen (several in the document and no `operationName`, or
 * one that names none of them) with 400 and OPERATION_RESOLUTION_FAILURE, as Apollo Server does without a
 * gateway; behind Apollo Gateway that mistake would otherwise surface as a 500.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import {
  type ASTNode,
  type ASTVisitor,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  visit,
} from 'graphql';

/**
 * The longest text an argument may hold, in UTF-16 code units (JavaScript's `length`). The longest texts
 * the graph takes are free-form notes, reasons and contingency-plan summaries of a few paragraphs; ids
 * are at most 80 characters.
 */
export const MAX_TEXT_LENGTH = 10_000;

/** What is wrong with a text, or nothing. */
function problemOf(text: string): string | undefined {
  if (text.length > MAX_TEXT_LENGTH) return `is ${text.length} characters long; a text holds at most ${MAX_TEXT_LENGTH}`;
  if (text.includes('\u0000')) return 'holds the character U+0000 (NUL), which no text may hold';
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  if (lone) {
    const unit = lone[0].charCodeAt(0).toString(16).toUpperCase();
    return `holds a lone surrogate (\\u${unit}) at position ${lone.index}, which is no Unicode character`;
  }
  return undefined;
}

/**
 * Where a value sits, as the client reads it: the root or nested field, and the argument's path. `field`
 * follows the catalogue's convention (kit: errors.ts): a mutation's `input` is left out of it
 * ("name", "lines.quantity"), another argument is named ("filter.search", "asOf").
 */
interface Place {
  where: string;
  field: string;
}

const refusal = (place: Place, problem: string) =>
  new GraphQLError(`${place.where} ${problem}.`, {
    extensions: { code: 'BAD_USER_INPUT', field: place.field, http: { status: 400 } },
  });

/** An argument's place, from the field it belongs to and the path inside it (object fields, list indexes). */
function placeOf(fieldName: string, path: readonly (string | number)[]): Place {
  const written = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
  const named = path.filter((p): p is string => typeof p === 'string');
  const field = (named[0] === 'input' && named.length > 1 ? named.slice(1) : named).join('.');
  return { where: `${fieldName}: ${written}`, field };
}

/** Every string inside a JSON value, with its path. */
function* stringsIn(value: unknown, path: (string | number)[]): Generator<[string, (string | number)[]]> {
  if (typeof value === 'string') yield [value, path];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* stringsIn(item, [...path, i]);
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) yield* stringsIn(item, [...path, key]);
}

/**
 * The first text the operation holds that the guard refuses: string literals in the operation and in the
 * document's fragments (it may spread any of them), then the variables' strings, each named by the
 * argument it is given to (a variable used in several places is named by its first use).
 */
export function refusedText(
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  fragments: readonly FragmentDefinitionNode[] = [],
): GraphQLError | undefined {
  const uses = new Map<string, Place & { path: (string | number)[]; fieldName: string }>();
  let found: GraphQLError | undefined;
  /** The field and the argument path of a value node, read from its ancestors. */
  const locate = (ancestors: readonly (ASTNode | readonly ASTNode[])[]) => {
    let fieldName = operation.name?.value ?? operation.operation;
    const path: (string | number)[] = [];
    for (const [i, ancestor] of ancestors.entries()) {
      if (Array.isArray(ancestor)) continue;
      const node = ancestor as ASTNode;
      if (node.kind === Kind.FIELD) {
        fieldName = node.name.value;
        path.length = 0;
      } else if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) path.push(node.name.value);
      else if (node.kind === Kind.VARIABLE_DEFINITION) path.push(`$${node.variable.name.value}`);
      else if (node.kind === Kind.LIST) {
        const list = node.values;
        const next = ancestors[i + 2] ?? undefined;
        const index = list.indexOf(next as (typeof list)[number]);
        if (index >= 0) path.push(index);
      }
    }
    return { fieldName, path };
  };
  const visitor: ASTVisitor = {
    // graphql-js gives the ancestors above the parent: the parent and the node complete the line.
    StringValue(node, _key, parent, _path, ancestors) {
      if (found) return;
      const problem = problemOf(node.value);
      if (!problem) return;
      const { fieldName, path } = locate([...ancestors, ...(parent ? [parent] : []), node]);
      found = refusal(placeOf(fieldName, path), problem);
    },
    Variable(node, _key, parent, _path, ancestors) {
      const { fieldName, path } = locate([...ancestors, ...(parent ? [parent] : []), node]);
      if (!uses.has(node.name.value) && path.length && !String(path[0]).startsWith('$'))
        uses.set(node.name.value, { ...placeOf(fieldName, path), path, fieldName });
    },
  };
  for (const definition of [operation, ...fragments]) visit(definition, visitor);
  if (found) return found;
  for (const [name, value] of Object.entries(variables ?? {})) {
    for (const [text, inner] of stringsIn(value, [])) {
      const problem = problemOf(text);
      if (!problem) continue;
      const use = uses.get(name);
      const place = use
        ? placeOf(use.fieldName, [...use.path, ...inner])
        : placeOf(operation.name?.value ?? 'operation', [`$${name}`, ...inner]);
      return refusal(place, `(variable $${name}) ${problem}`);
    }
  }
  return undefined;
}

/**
 * The gateway's guard on what a client sends (this module's comment says why here): an operation that
 * cannot be chosen, and texts no field may take, are refused before any subgraph is called.
 */
export function inputGuard<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request, document }) {
          if (!operation) {
            const name = request.operationName;
            throw new GraphQLError(
              name ? `Unknown operation named "${name}".` : 'Must provide operation name if query contains multiple operations.',
              { extensions: { code: ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } } },
            );
          }
          const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
          const refused = refusedText(operation, request.variables, fragments);
          if (refused) throw refused;
        },
      };
    },
  };
}
