import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newKeys } from '@cq/kit/secrets';
import { describe, expect, it } from 'vitest';
import { gatewayConfig, graphsOf } from '../src/config.ts';

/** A data folder of its own, so development keys are created where nothing else reads them. */
const dev = () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'cq-gateway-config-')) });

describe("the gateway's configuration", () => {
  it('serves the checked-in supergraph and reaches each subgraph it names at the URL composition wrote', () => {
    const config = gatewayConfig(dev());
    expect(graphsOf(config.supergraphSdl).map((g) => g.name)).toEqual(['notifications', 'park', 'telecom', 'units', 'vendors']);
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', corsOrigins: ['https://studio.apollographql.com'] });
    expect(config.subgraphUrls).toEqual(Object.fromEntries(graphsOf(config.supergraphSdl).map(({ name, url }) => [name, url])));
    expect(config.callPolicies.units).toEqual({ timeoutMs: 10_000, retries: 2 });
    // The file it serves is the one it watches for a new version (reload.ts).
    expect(config.supergraphPath).toMatch(/schema\/supergraph\.graphql$/);
  });

  it('takes a subgraph URL from <NAME>_URL, and names the variable when one is wrong', () => {
    expect(gatewayConfig({ ...dev(), UNITS_URL: 'http://units.internal:8080/graphql' }).subgraphUrls).toMatchObject({
      units: 'http://units.internal:8080/graphql',
      park: 'http://127.0.0.1:4003/graphql',
    });
    expect(() => gatewayConfig({ ...dev(), PARK_URL: 'not a url' })).toThrow(/PARK_URL/);
    expect(() => gatewayConfig({ ...dev(), SUBGRAPH_RETRIES: '9' })).toThrow(/SUBGRAPH_RETRIES/);
    expect(() => gatewayConfig({ ...dev(), GATEWAY_PORT: '70000' })).toThrow(/GATEWAY_PORT/);
    expect(() => gatewayConfig({ ...dev(), SUPERGRAPH_PATH: '/nowhere/supergraph.graphql' })).toThrow(
      /SUPERGRAPH_PATH: no supergraph can be read/,
    );
  });

  it("takes each subgraph's timeout from <NAME>_TIMEOUT_MS, else SUBGRAPH_TIMEOUT_MS, and the retries of reads from SUBGRAPH_RETRIES", () => {
    const config = gatewayConfig({ ...dev(), SUBGRAPH_TIMEOUT_MS: '3000', TELECOM_TIMEOUT_MS: '500', SUBGRAPH_RETRIES: '0' });
    expect(config.callPolicies).toMatchObject({ telecom: { timeoutMs: 500, retries: 0 }, units: { timeoutMs: 3000, retries: 0 } });
    expect(() => gatewayConfig({ ...dev(), TELECOM_TIMEOUT_MS: 'soon' })).toThrow(/TELECOM_TIMEOUT_MS/);
  });

  it("in development, verifies tokens with the data folder's key pair, created on first start and kept", () => {
    const env = dev();
    const first = gatewayConfig(env);
    expect(first.production).toBe(false);
    expect(first.introspection).toBe(true);
    expect(first.auth).toMatchObject({ issuer: 'cq-hub-development', audience: 'cq-migration-graph', algorithms: ['ES256'] });
    expect(gatewayConfig(env).auth.keys).toEqual(first.auth.keys);
    expect(gatewayConfig(env).subgraphSecret).toBe(first.subgraphSecret);
    expect(gatewayConfig(dev()).auth.keys).not.toEqual(first.auth.keys);
  });

  it('refuses to start in production without configured keys, issuer and subgraph secret, naming the variables', () => {
    const { publicKey, subgraphSecret } = newKeys();
    const production = { ...dev(), NODE_ENV: 'production' };
    expect(() => gatewayConfig({ ...production, SUBGRAPH_SECRET: subgraphSecret })).toThrow(/AUTH_JWKS_URL or AUTH_PUBLIC_KEY/);
    expect(() => gatewayConfig({ ...production, AUTH_PUBLIC_KEY: publicKey, AUTH_ISSUER: 'https://idp.example' })).toThrow(
      /SUBGRAPH_SECRET: required in production/,
    );
    expect(() =>
      gatewayConfig({ ...production, AUTH_PUBLIC_KEY: publicKey, AUTH_ISSUER: 'https://idp.example', SUBGRAPH_SECRET: 'short' }),
    ).toThrow(/SUBGRAPH_SECRET: must be at least 32 characters/);
    const config = gatewayConfig({
      ...production,
      AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
      AUTH_ISSUER: 'https://idp.example',
      AUTH_ALGORITHMS: 'RS256',
      SUBGRAPH_SECRET: subgraphSecret,
    });
    expect(config).toMatchObject({ production: true, introspection: false, subgraphSecret });
    expect(config.auth).toEqual({
      keys: { jwksUrl: 'https://idp.example/.well-known/jwks.json' },
      issuer: 'https://idp.example',
      audience: 'cq-migration-graph',
      algorithms: ['RS256'],
    });
    expect(() => gatewayConfig({ ...production, AUTH_ALGORITHMS: 'HS256' })).toThrow(/AUTH_ALGORITHMS/);
    expect(() => gatewayConfig({ ...dev(), AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_PUBLIC_KEY: publicKey })).toThrow(
      /set only one/,
    );
    expect(gatewayConfig({ ...production, ...configured(publicKey, subgraphSecret), INTROSPECTION: 'true' }).introspection).toBe(true);
  });
});

const configured = (publicKey: string, subgraphSecret: string) => ({
  AUTH_PUBLIC_KEY: publicKey,
  AUTH_ISSUER: 'https://idp.example',
  SUBGRAPH_SECRET: subgraphSecret,
});
