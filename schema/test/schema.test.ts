import { readdirSync, readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { withoutSecurityFeatures } from '@cq/gateway/supergraph';
import { EVENT_KINDS } from '@cq/kit/events';
import {
  buildASTSchema,
  buildSchema,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  NoDeprecatedCustomRule,
  parse,
  validate,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../compose.ts';
import { operationsDir, readSdl, readSupergraph, subgraphs, subscriptionsPath } from '../registry.ts';

describe('the supergraph', () => {
  it('is composed from the current subgraph SDL files (run `pnpm compose` when this fails)', () => {
    expect(readSupergraph()).toBe(composeSupergraph());
  });

  it('names the subgraph and the reason when composition fails', () => {
    // telecom claims a field units already owns, with another type.
    const sdlOf = (name: string) =>
      name === 'telecom' ? readSdl(name).replace('  circuits: [Circuit!]', '  name: Int\n  circuits: [Circuit!]') : readSdl(name);
    expect(() => composeSupergraph(sdlOf)).toThrow(/subgraph units, telecom: FIELD_TYPE_MISMATCH: .*"Unit.name"/);
  });
});

describe('the saved operations', () => {
  let api: GraphQLSchema;
  beforeAll(async () => {
    const gateway = new ApolloGateway({ supergraphSdl: withoutSecurityFeatures(readSupergraph()) });
    api = (await gateway.load()).schema;
    await gateway.stop();
  });

  const dir = operationsDir;
  const files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));

  it('exist', () => expect(files.length).toBeGreaterThanOrEqual(4));

  it('run against a supergraph that declares access for any gateway, which Apollo Gateway serves without it', () => {
    const supergraph = readSupergraph();
    expect(supergraph).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/requiresScopes\/v0\.1", for: SECURITY\)/);
    expect(supergraph).toMatch(
      / {2}decideExtension\([^)]*\): \w+!? @join__field\(graph: UNITS\) @requiresScopes\(scopes: \[\["joint-conference"\]\]\)/,
    );
    expect(withoutSecurityFeatures(supergraph)).not.toMatch(
      /@requiresScopes|@authenticated|specs\.apollo\.dev\/(requiresScopes|authenticated)/,
    );
    expect(api.getMutationType()?.getFields().decideExtension).toBeDefined();
  });

  it.each(files)('%s is valid against the supergraph', (file) => {
    expect(validate(api, parse(readFileSync(dir + file, 'utf8'))).map((e) => e.message)).toEqual([]);
  });

  // A deprecated field stays for clients that still use it; the operations others copy show the way that replaces it.
  it.each(files)('%s uses no deprecated field', (file) => {
    expect(validate(api, parse(readFileSync(dir + file, 'utf8')), [NoDeprecatedCustomRule]).map((e) => e.message)).toEqual([]);
  });
});

/**
 * Every element a client can see, with its description (or its absence): types, fields, arguments, input
 * fields and enum values, built-in scalars and introspection types aside.
 */
function describedElements(schema: GraphQLSchema): { name: string; described: boolean }[] {
  const elements: { name: string; described: boolean }[] = [];
  const add = (name: string, description: string | null | undefined) => elements.push({ name, described: Boolean(description?.trim()) });
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
    add(type.name, type.description);
    if (isObjectType(type) || isInputObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        add(`${type.name}.${field.name}`, field.description);
        for (const arg of 'args' in field ? field.args : []) add(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) add(`${type.name}.${value.name}`, value.description);
  }
  return elements;
}

/** The elements without a description. */
const undescribed = (schema: GraphQLSchema) =>
  describedElements(schema)
    .filter((e) => !e.described)
    .map((e) => e.name);

describe('the API schema the gateway serves', () => {
  it('describes every type, field, argument, input field and enum value a client sees in Sandbox', async () => {
    const gateway = new ApolloGateway({ supergraphSdl: withoutSecurityFeatures(readSupergraph()) });
    const api = (await gateway.load()).schema;
    await gateway.stop();
    const elements = describedElements(api);
    expect(undescribed(api)).toEqual([]);
    // The count the closing notes quote; a schema this size that lost its descriptions would fail above.
    console.info(`${elements.length} elements of the API schema, every one described`);
    expect(elements.length).toBeGreaterThan(1000);
  });
});

describe.each(subgraphs.map((s) => s.name))('the %s schema.graphql', (name) => {
  const schema = buildASTSchema(parse(readSdl(name)), { assumeValidSDL: true });

  it('describes every type, field, argument and enum value', () => {
    expect(undescribed(schema)).toEqual([]);
  });

  it('says in plain words who may use every field that declares access (an "Access:" sentence)', () => {
    const silent: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const declares = field.astNode?.directives?.some((d) => ['authenticated', 'requiresScopes'].includes(d.name.value));
        if (declares && !field.description?.includes('Access:')) silent.push(`${type.name}.${field.name}`);
      }
    }
    expect(silent).toEqual([]);
  });
});

describe('the subscription schema (subscriptions.graphql)', () => {
  const schema = buildSchema(readFileSync(subscriptionsPath, 'utf8'));

  it('describes every type, field, argument and enum value', () => {
    expect(undescribed(schema)).toEqual([]);
  });

  it("lists the kit's event kinds, each described as the kit describes it", () => {
    const kinds = schema.getType('EventKind');
    if (!isEnumType(kinds)) throw new Error('EventKind is not an enum');
    expect(Object.fromEntries(kinds.getValues().map((v) => [v.name, v.description]))).toEqual(
      Object.fromEntries(Object.entries(EVENT_KINDS).map(([kind, info]) => [kind, info.description])),
    );
  });

  it('names no type or field the supergraph has, so the two never disagree', () => {
    const supergraph = buildSchema(readSupergraph(), { assumeValidSDL: true });
    const own = Object.keys(schema.getTypeMap()).filter(
      (name) => !name.startsWith('__') && !['Query', 'Subscription', 'String', 'Boolean', 'ID', 'Int', 'Float'].includes(name),
    );
    expect(own.filter((name) => supergraph.getType(name))).toEqual([]);
  });
});
