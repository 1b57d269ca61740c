import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@cq/kit/http';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER, newKeys } from '@cq/kit/secrets';
import { TEST_SECRET } from '@cq/kit/testing';
import { operationsDir, readSupergraph } from '@cq/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { identityVerifier } from '../src/auth.ts';
import { gatewayConfig } from '../src/config.ts';
import { type ExplorerChoice, sandboxDocument, savedOperations } from '../src/explorer.ts';
import { buildGateway, gatewayHttp } from '../src/server.ts';

const dev = () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'cq-gateway-explorer-')) });

describe('the explorer at the gateway’s URL', () => {
  it('is Sandbox in development and none in production unless EXPLORER says otherwise; anything else is refused by name', () => {
    expect(gatewayConfig(dev()).explorer).toBe('sandbox');
    expect(gatewayConfig({ ...dev(), EXPLORER: 'graphiql' }).explorer).toBe('graphiql');
    expect(gatewayConfig({ ...dev(), EXPLORER: 'none' }).explorer).toBe('none');
    const keys = newKeys();
    const production = {
      ...dev(),
      NODE_ENV: 'production',
      AUTH_PUBLIC_KEY: keys.publicKey,
      AUTH_ISSUER: 'https://idp.example',
      SUBGRAPH_SECRET: keys.subgraphSecret,
    };
    expect(gatewayConfig(production).explorer).toBe('none');
    expect(gatewayConfig({ ...production, EXPLORER: 'graphiql' }).explorer).toBe('graphiql');
    expect(() => gatewayConfig({ ...dev(), EXPLORER: 'playground' })).toThrow(/EXPLORER/);
  });

  it('opens with every saved operation of schema/operations, queries before mutations, read from the folder at start', () => {
    const files = readdirSync(operationsDir).filter((f) => f.endsWith('.graphql'));
    const operations = savedOperations();
    expect(operations.map((o) => `${o.name}.graphql`).sort()).toEqual([...files].sort());
    const firstMutation = operations.findIndex((o) => /^mutation /m.test(o.text));
    if (firstMutation >= 0) expect(operations.slice(firstMutation).every((o) => /^mutation /m.test(o.text))).toBe(true);

    // A new file is in the next document without anything copied by hand.
    const dir = `${mkdtempSync(join(tmpdir(), 'cq-operations-'))}/`;
    writeFileSync(`${dir}Zeta.graphql`, '# Changes first in name only.\nmutation Zeta { withdrawExtension(id: "x") { id } }\n');
    writeFileSync(`${dir}Alpha.graphql`, '# Read.\nquery Alpha { batches { number } }\n');
    writeFileSync(`${dir}notes.md`, 'not an operation');
    const document = sandboxDocument(savedOperations(dir));
    expect(document.indexOf('# To act as a role')).toBeLessThan(document.indexOf('query Alpha'));
    expect(document.indexOf('query Alpha')).toBeLessThan(document.indexOf('mutation Zeta'));
    expect(document).not.toContain('not an operation');
    expect(document).toContain('#   Authorization: Bearer <token>');
  });

  describe('over HTTP', () => {
    const keys = newKeys();
    const auth = { keys: { publicKey: keys.publicKey }, issuer: DEVELOPMENT_ISSUER, audience: DEFAULT_AUDIENCE, algorithms: ['ES256'] };
    const running: { stop(): Promise<void> }[] = [];
    afterAll(() => Promise.all(running.map((r) => r.stop())));

    /** A gateway alone (the page needs no subgraph), with this explorer. */
    async function gateway(explorer: ExplorerChoice) {
      const server = buildGateway({ supergraphSdl: readSupergraph(), subgraphUrls: {}, subgraphSecret: keys.subgraphSecret, explorer });
      const listening = await serve(server, {
        port: 0,
        ...gatewayHttp({
          identityOf: identityVerifier(auth),
          subgraphSecret: TEST_SECRET,
          subgraphUrls: {},
          rateLimitPerMinute: 1000,
          explorer,
        }),
      });
      running.push(listening);
      const base = listening.url.replace(/\/graphql$/, '');
      const get = (path: string, headers: Record<string, string> = { accept: 'text/html' }) =>
        fetch(`${base}${path}`, { headers, redirect: 'manual' });
      return { url: listening.url, get };
    }

    it('sends a browser from / to the gateway’s URL, where Sandbox is served; other clients get 404 at /', async () => {
      const { url, get } = await gateway('sandbox');
      const root = await get('/');
      expect([root.status, root.headers.get('location')]).toEqual([302, '/graphql']);
      expect((await get('/', { accept: 'application/json' })).status).toBe(404);
      const page = await (await get('/graphql')).text();
      expect(page).toContain('embeddable-sandbox');
      expect(url).toMatch(/\/graphql$/);
    });

    it('serves GraphiQL, its script and style from its own origin, under a policy that names no other host', async () => {
      const { get } = await gateway('graphiql');
      const page = await get('/graphql');
      const html = await page.text();
      expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self';/);
      expect(html).not.toMatch(/(src|href)="https?:/);
      for (const { name } of savedOperations()) expect(html).toContain(name);
      const script = await get('/explorer/graphiql.js', { 'accept-encoding': 'gzip' });
      expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
      const etag = script.headers.get('etag') ?? '';
      expect((await get('/explorer/graphiql.js', { 'if-none-match': etag })).status).toBe(304);
      expect((await get('/explorer/graphiql.css')).status).toBe(200);
      expect((await get('/explorer/other.js')).status).toBe(404);
      // JSON answers keep no page policy.
      const answer = await fetch(`${page.url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(answer.headers.get('content-security-policy')).toBeNull();
    });

    it('serves no page when none is chosen', async () => {
      const { get } = await gateway('none');
      expect((await get('/')).status).toBe(404);
      const page = await get('/graphql');
      expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
      expect((await get('/explorer/graphiql.js')).status).toBe(404);
    });
  });
});
