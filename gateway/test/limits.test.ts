import { readdirSync, readFileSync } from 'node:fs';
import { serve } from '@cq/kit/http';
import type { Viewer } from '@cq/kit/identity';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER, developmentToken, newKeys } from '@cq/kit/secrets';
import { TEST_SECRET } from '@cq/kit/testing';
import { operationsDir, readSupergraph, repoRoot } from '@cq/schema';
import { composeApiSchema } from '@cq/schema/compose';
import { parse, validate } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { identityVerifier } from '../src/auth.ts';
import { LIMITS, operationLimits } from '../src/limits.ts';
import { buildGateway, gatewayHttp } from '../src/server.ts';

const api = composeApiSchema();
const { validationRules } = operationLimits(true);
const problems = (text: string) => validate(api, parse(text), validationRules).map((e) => `${e.extensions.code}: ${e.message}`);

/** Every operation the hub's users rely on: the saved ones and those of the end-to-end tests. */
function knownOperations(): { where: string; text: string }[] {
  const saved = readdirSync(operationsDir)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => ({ where: f, text: readFileSync(operationsDir + f, 'utf8') }));
  const e2e = `${repoRoot}e2e/test/`;
  const literals = readdirSync(e2e)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) =>
      [...readFileSync(e2e + f, 'utf8').matchAll(/graphql\(\s*`([^`]*)`\s*,?\s*\)/g)].map((m) => ({ where: f, text: m[1] ?? '' })),
    );
  // Fragments are checked where operations spread them.
  const fragments = literals.filter((l) => l.text.trim().startsWith('fragment')).map((l) => l.text);
  return [
    ...saved,
    ...literals.filter((l) => !l.text.trim().startsWith('fragment')).map((l) => ({ ...l, text: [l.text, ...fragments].join('\n') })),
  ];
}

describe('the limits on an operation', () => {
  it('let every saved operation and every operation of the end-to-end tests through', () => {
    const refused = knownOperations().flatMap(({ where, text }) => {
      // Unused fragments are an error of their own, not a limit: keep only those the operation spreads.
      const document = parse(text);
      const used = new Set([...text.matchAll(/\.\.\.(\w+)/g)].map((m) => m[1]));
      const kept = {
        ...document,
        definitions: document.definitions.filter((d) => d.kind !== 'FragmentDefinition' || used.has(d.name.value)),
      };
      return validate(api, kept, validationRules).map((e) => `${where}: ${e.message}`);
    });
    expect(refused).toEqual([]);
  });

  it('refuse many aliases, deep nesting and many directives, naming the limit, with QUERY_TOO_COMPLEX', () => {
    const aliases = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: batches { id }`).join(' ')} }`;
    expect(problems(aliases)[0]).toMatch(/^QUERY_TOO_COMPLEX: .*Aliases limit of 20 exceeded/);
    let deep = 'id';
    for (let i = 0; i < 12; i++) deep = `coordinatingUnit { ${deep} }`;
    expect(problems(`{ unit(id: "nanan-district") { ${deep} } }`)[0]).toMatch(/^QUERY_TOO_COMPLEX: .*Query depth limit of 12 exceeded/);
    const directives = `{ batches { id ${Array.from({ length: 25 }, () => '@include(if: true)').join(' ')} } }`;
    expect(problems(directives)[0]).toMatch(/^QUERY_TOO_COMPLEX: .*Directives limit of 20 exceeded/);
    expect(LIMITS.maxAliases).toBe(20);
    const { parseOptions } = operationLimits(true);
    expect(() => parse(`{ ${'batches { id } '.repeat(800)} }`, parseOptions)).toThrow(/Document contains more tha[nt] 3000 tokens/);
  });
});

describe('the rate limit per identity', () => {
  const keys = newKeys();
  const auth = { keys: { publicKey: keys.publicKey }, issuer: DEVELOPMENT_ISSUER, audience: DEFAULT_AUDIENCE, algorithms: ['ES256'] };
  const running: { stop(): Promise<void> }[] = [];
  afterAll(() => Promise.all(running.map((r) => r.stop())));

  /** A gateway alone: `{ __typename }` is answered without any subgraph, so only the limit is measured. */
  async function gateway(perMinute: number, redisUrl?: string) {
    const server = buildGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: {},
      subgraphSecret: keys.subgraphSecret,
      explorer: 'none',
    });
    const listening = await serve(server, {
      port: 0,
      ...gatewayHttp({
        identityOf: identityVerifier(auth),
        subgraphSecret: TEST_SECRET,
        subgraphUrls: {},
        rateLimitPerMinute: perMinute,
        redisUrl,
        explorer: 'none',
      }),
    });
    running.push(listening);
    return async (viewer?: Viewer) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (viewer) headers.authorization = `Bearer ${await developmentToken(keys.signingKey, viewer)}`;
      const response = await fetch(listening.url, { method: 'POST', headers, body: JSON.stringify({ query: '{ __typename }' }) });
      return {
        status: response.status,
        body: (await response.json()) as { errors?: { message: string; extensions: Record<string, unknown> }[] },
      };
    };
  }

  const vendorA: Viewer = { id: 'jialing-sales', role: 'vendor', vendorId: 'sample-jialing-cloud' };
  const vendorB: Viewer = { id: 'yangtze-sales', role: 'vendor', vendorId: 'sample-yangtze-cloud' };

  it('refuses an identity over its limit with RATE_LIMITED and leaves another identity unaffected', async () => {
    const ask = await gateway(3);
    for (let i = 0; i < 3; i++) expect((await ask(vendorA)).status).toBe(200);
    const refused = await ask(vendorA);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.body.errors?.[0]?.message).toMatch(/at most 3 requests a minute/);
    expect((await ask(vendorB)).status).toBe(200);
    // Anonymous callers are counted by address, apart from signed-in ones.
    expect((await ask()).status).toBe(200);
  });

  // With REDIS_URL (as .ci/run sets it): a machine without Redis runs the rest.
  const redisUrl = process.env.REDIS_URL;
  it.skipIf(!redisUrl)('shares the count between gateway replicas through Redis', async () => {
    const first = await gateway(2, redisUrl);
    const second = await gateway(2, redisUrl);
    const someone: Viewer = { id: `analyst-${Date.now()}`, role: 'analyst' };
    expect((await first(someone)).status).toBe(200);
    expect((await second(someone)).status).toBe(200);
    expect((await first(someone)).status).toBe(429);
    expect((await second(someone)).status).toBe(429);
  });
});
