/**
 * Random operations built from the API schema clients see at the gateway (composed from the subgraphs'
 * SDL, as `pnpm codegen` does), for the generated-input test: a root field of Query or Mutation with
 * arguments as variables or literals, a selection of bounded depth below it, and values that are mostly
 * of the right type and plausible (the seed's ids, real dates, amounts) and sometimes not (wrong types,
 * unknown enum values, impossible dates, amounts too large, Unicode edge cases, very long texts).
 */
import fc from 'fast-check';
import {
  type GraphQLArgument,
  GraphQLEnumType,
  type GraphQLField,
  GraphQLInputObjectType,
  type GraphQLInputType,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLOutputType,
  GraphQLScalarType,
  type GraphQLSchema,
  GraphQLUnionType,
  getNamedType,
} from 'graphql';

/** Ids the seed holds, so that some operations find what they ask for. */
const SEED_IDS = [
  'kai-county',
  'nanan-district',
  'yuzhong-district',
  'wuxi-county',
  'kai-county-system-1',
  'kai-county-system-2',
  'yuzhong-district-system-1',
  'government-cloud-platform',
  'sample-jialing-data-center',
  'sample-jialing-cloud',
  'sample-yangtze-cloud',
  'chongqing-cloud-investment',
  'jialing-vm',
  'jialing-backup',
  'mobile-line-100',
  'china-mobile-chongqing',
  'china-telecom-chongqing',
];

/** Texts at the edges of Unicode and of size. */
const EDGE_TEXTS = [
  '',
  ' ',
  'a\u0000b',
  '\uD800',
  'x\uDC00y',
  'e\u0301\u0302\u0303',
  '👩‍💻🇨🇳',
  '𠀀𪚥𝔘',
  '\u202Eright-to-left\u202C مرحبا',
  '\uFEFF\u200B',
  '\u0007\u001b[31m',
  "'; drop table units; --",
  '%s%n{0}\u0024{x}',
  'x'.repeat(10_001),
  '云'.repeat(3000),
];

const DATES = ['2015-07-14', '2015-09-30', '2016-12-31', '2017-06-30', '2020-01-01', '2030-12-31'];
const BAD_DATES = ['2015-02-30', '0000-01-01', '2015-13-01', '2015-1-1', '99999-01-01', '2015-09-30T25:00', 'yesterday', ''];
const AMOUNTS = [
  '0',
  '0.00',
  '1',
  '1.5',
  '1250.00',
  '12.345',
  '-1.00',
  '999999999999.99',
  '1000000000000',
  '9999999999999999.9999',
  '1e5',
  ' 1 ',
  '.5',
];

/** Mostly ordinary texts, so that many operations get past the gateway's guard; now and then an edge case. */
const text = fc.oneof(
  { weight: 8, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_TEXTS) },
);
const id = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...SEED_IDS) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9-]{1,30}$/) },
  { weight: 1, arbitrary: text },
);
const date = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...DATES) },
  {
    weight: 2,
    arbitrary: fc
      .date({ min: new Date('2014-01-01'), max: new Date('2032-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  },
  { weight: 2, arbitrary: fc.constantFrom(...BAD_DATES) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
);
const amount = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...AMOUNTS) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 17n }), fc.integer({ min: 0, max: 99_999 })).map(([w, f]) => `${w}.${f}`),
  },
  { weight: 1, arbitrary: fc.double() },
);
const int = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -1, max: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 100, 101, 2015, 2030, 2031, 2147483647, -2147483648) },
  { weight: 1, arbitrary: fc.integer() },
);
/** A value of some other kind, for the wrong-type cases. */
const wrongKind = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.constant(2 ** 31),
  text,
  fc.constant({ nested: 'x' }),
  fc.constant(['x']),
);

/** Which kind of text a String or ID argument holds, read from its name (the schema writes dates as String). */
function textFor(name: string, scalar: string): fc.Arbitrary<unknown> {
  if (/(^|[a-z])(On|Date|asOf|since|until|From|Before|Start|Cutover)$|^(asOf|since|until|validFrom|validUntil)$/.test(name)) return date;
  if (scalar === 'ID' || /Id$|^id$/.test(name)) return id;
  if (/^(after|before)$/.test(name)) return fc.oneof(fc.base64String({ maxLength: 24 }), text);
  return text;
}

/** A value for an input type: usually of that type, now and then of another kind. */
export function inputValue(type: GraphQLInputType, name: string, depth = 0): fc.Arbitrary<unknown> {
  const right = rightInputValue(type, name, depth);
  return fc.oneof({ weight: 30, arbitrary: right }, { weight: 1, arbitrary: wrongKind });
}

function rightInputValue(type: GraphQLInputType, name: string, depth: number): fc.Arbitrary<unknown> {
  if (type instanceof GraphQLNonNull) return rightInputValue(type.ofType, name, depth);
  if (type instanceof GraphQLList) return fc.array(inputValue(type.ofType, name, depth + 1), { maxLength: depth > 2 ? 0 : 3 });
  if (type instanceof GraphQLEnumType) {
    const values = type.getValues().map((v) => v.name);
    return fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(...values) },
      { weight: 1, arbitrary: fc.constantFrom('NOPE', values[0]?.toLowerCase() ?? 'x') },
    );
  }
  if (type instanceof GraphQLInputObjectType) {
    if (depth > 3) return fc.constant({});
    const fields = Object.values(type.getFields());
    const model = Object.fromEntries(fields.map((f) => [f.name, inputValue(f.type, f.name, depth + 1)]));
    const requiredKeys = fields.filter((f) => f.type instanceof GraphQLNonNull).map((f) => f.name);
    const object = fc.record(model, { requiredKeys });
    // Now and then a required field left out, or a field the type does not have.
    return fc.oneof(
      { weight: 10, arbitrary: object },
      { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) },
      { weight: 1, arbitrary: object.map((o) => ({ ...o, notAField: 1 })) },
    );
  }
  switch ((type as GraphQLScalarType).name) {
    case 'Int':
      return int;
    case 'Float':
      return fc.double();
    case 'Boolean':
      return fc.boolean();
    case 'Decimal':
      return amount;
    default:
      return textFor(name, (type as GraphQLScalarType).name);
  }
}

/** A value written as a GraphQL literal: enum values bare, strings as JSON strings (GraphQL reads their escapes). */
export function literal(type: GraphQLInputType, value: unknown): string {
  const named = getNamedType(type);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => literal(type instanceof GraphQLNonNull ? type.ofType : type, v)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = named instanceof GraphQLInputObjectType ? named.getFields() : {};
    const entries = Object.entries(value).map(([k, v]) => `${k}: ${literal(fields[k]?.type ?? named, v)}`);
    return `{ ${entries.join(', ')} }`;
  }
  if (named instanceof GraphQLEnumType && typeof value === 'string' && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value)) return value;
  if (typeof value === 'number' && !Number.isFinite(value)) return '1e400';
  return JSON.stringify(value);
}

const isLeaf = (type: GraphQLOutputType) => {
  const named = getNamedType(type);
  return named instanceof GraphQLScalarType || named instanceof GraphQLEnumType;
};

/** Arguments of a field written as literals (nested fields), sometimes one left out. */
function argumentsOf(args: readonly GraphQLArgument[]): fc.Arbitrary<string> {
  if (!args.length) return fc.constant('');
  return fc
    .tuple(
      ...args.map((a) =>
        fc.option(
          inputValue(a.type, a.name).map((v) => `${a.name}: ${literal(a.type, v)}`),
          { freq: a.type instanceof GraphQLNonNull ? 20 : 2 },
        ),
      ),
    )
    .map((parts) => {
      const written = parts.filter((p): p is string => p !== null);
      return written.length ? `(${written.join(', ')})` : '';
    });
}

/** A selection set for a type, at most `depth` levels of objects deep. */
export function selectionOf(type: GraphQLOutputType, depth: number): fc.Arbitrary<string> {
  const named = getNamedType(type);
  if (named instanceof GraphQLUnionType) {
    const members = [...named.getTypes()];
    return fc
      .subarray(members, { minLength: 0, maxLength: Math.min(2, members.length) })
      .chain((chosen) => fc.tuple(...chosen.map((m) => selectionOf(m, depth).map((s) => `... on ${m.name} ${s}`))))
      .map((parts) => `{ __typename ${parts.join(' ')} }`);
  }
  if (!(named instanceof GraphQLObjectType || named instanceof GraphQLInterfaceType)) return fc.constant('');
  const fields = Object.values(named.getFields()) as GraphQLField<unknown, unknown>[];
  const leaves = fields.filter((f) => isLeaf(f.type));
  const candidates = depth > 0 ? fields : leaves;
  if (!candidates.length) return fc.constant('{ __typename }');
  return fc
    .subarray(candidates, { minLength: 1, maxLength: Math.min(4, candidates.length) })
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((f) =>
          fc
            .tuple(argumentsOf(f.args), isLeaf(f.type) ? fc.constant('') : selectionOf(f.type, depth - 1))
            .map(([a, s]) => `${f.name}${a} ${s}`),
        ),
      ),
    )
    .map((parts) => `{ ${parts.join(' ')} }`);
}

/** One generated operation: its text and variables. */
export interface GeneratedOperation {
  query: string;
  variables: Record<string, unknown>;
}

/**
 * An operation on one root field of Query or Mutation: each argument passed as a variable of its declared
 * type, or written as a literal, or (an optional one) left out; a selection below it up to `depth` deep.
 */
export function operationOf(schema: GraphQLSchema, depth = 3): fc.Arbitrary<GeneratedOperation> {
  const roots = [schema.getQueryType(), schema.getMutationType()].filter((t): t is GraphQLObjectType => Boolean(t));
  const fields = roots.flatMap((root) => Object.values(root.getFields()).map((field) => ({ root, field })));
  return fc.constantFrom(...fields).chain(({ root, field }) => {
    const args = field.args.map((a, i) =>
      fc.oneof(
        { weight: 6, arbitrary: inputValue(a.type, a.name).map((value) => ({ kind: 'variable' as const, a, i, value })) },
        { weight: 2, arbitrary: inputValue(a.type, a.name).map((value) => ({ kind: 'literal' as const, a, i, value })) },
        { weight: a.type instanceof GraphQLNonNull ? 0 : 2, arbitrary: fc.constant({ kind: 'omitted' as const, a, i, value: undefined }) },
      ),
    );
    return fc.tuple(fc.tuple(...args), isLeaf(field.type) ? fc.constant('') : selectionOf(field.type, depth)).map(([chosen, selection]) => {
      const variables: Record<string, unknown> = {};
      const definitions: string[] = [];
      const written: string[] = [];
      for (const { kind, a, i, value } of chosen) {
        if (kind === 'omitted') continue;
        if (kind === 'literal') {
          written.push(`${a.name}: ${literal(a.type, value)}`);
          continue;
        }
        definitions.push(`$v${i}: ${String(a.type)}`);
        written.push(`${a.name}: $v${i}`);
        if (value !== undefined) variables[`v${i}`] = value;
      }
      const operation = root === schema.getMutationType() ? 'mutation' : 'query';
      const head = definitions.length ? `${operation} Generated(${definitions.join(', ')})` : `${operation} Generated`;
      return { query: `${head} { ${field.name}${written.length ? `(${written.join(', ')})` : ''} ${selection} }`, variables };
    });
  });
}
