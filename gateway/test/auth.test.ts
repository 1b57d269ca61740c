import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { secretKey, signSubgraphToken } from '@cq/kit/identity';
import { developmentToken, newKeys } from '@cq/kit/secrets';
import { exportJWK, SignJWT } from 'jose';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { identityVerifier } from '../src/auth.ts';

const keys = newKeys();
const verify = identityVerifier({
  keys: { publicKey: keys.publicKey },
  issuer: 'cq-hub-development',
  audience: 'cq-migration-graph',
  algorithms: ['ES256'],
});
const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;
const bearer = async (token: Promise<string>) => request(`Bearer ${await token}`);
const officer = { id: 'nanan-clerk', role: 'unit-officer' as const, unitId: 'nanan-district' };

/** The refusal's code and message, when verification fails. */
async function refusal(req: IncomingMessage) {
  const error = await verify(req).then(
    () => undefined,
    (e: { message: string; extensions?: { code?: string } }) => e,
  );
  return { code: error?.extensions?.code, message: error?.message };
}

describe("the gateway's check of a caller's token", () => {
  it('reads a valid token as its role and tenant; no token is anonymous', async () => {
    expect(await verify(await bearer(developmentToken(keys.signingKey, officer)))).toEqual(officer);
    expect(await verify(request())).toEqual({ id: 'anonymous', role: 'anonymous' });
  });

  it('remembers a verified token only until it expires', async () => {
    const token = await developmentToken(keys.signingKey, officer, { expiresIn: '5m' });
    expect(await verify(request(`Bearer ${token}`))).toEqual(officer);
    vi.useFakeTimers({ now: Date.now() + 6 * 60_000 });
    try {
      expect(await refusal(request(`Bearer ${token}`))).toEqual({
        code: 'UNAUTHENTICATED',
        message: 'The bearer token is refused: it has expired.',
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses an expired token, a wrong audience or issuer, another key, and says which', async () => {
    expect(await refusal(await bearer(developmentToken(keys.signingKey, officer, { expiresIn: '-1m' })))).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'The bearer token is refused: it has expired.',
    });
    expect((await refusal(await bearer(developmentToken(keys.signingKey, officer, { audience: 'another-api' })))).message).toMatch(
      /its aud claim is not accepted/,
    );
    expect((await refusal(await bearer(developmentToken(keys.signingKey, officer, { issuer: 'someone-else' })))).message).toMatch(
      /its iss claim is not accepted/,
    );
    expect((await refusal(await bearer(developmentToken(newKeys().signingKey, officer)))).message).toMatch(/signature does not verify/);
  });

  it('pins the algorithm: a token signed with a shared secret (even the subgraph secret) or unsigned is refused', async () => {
    const hs256 = signSubgraphToken({ id: 'joint-conference-office', role: 'joint-conference' }, secretKey(keys.subgraphSecret));
    expect((await refusal(await bearer(hs256))).message).toMatch(/algorithm that is not accepted/);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'joint-conference' })).toString('base64url')}.`;
    expect((await refusal(request(`Bearer ${unsigned}`))).code).toBe('UNAUTHENTICATED');
  });

  it('refuses claims that do not name a known role, or a role without whom it acts for, and malformed headers', async () => {
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject('someone')
        .setIssuer('cq-hub-development')
        .setAudience('cq-migration-graph')
        .setExpirationTime('5m')
        .sign(createPrivateKey(keys.signingKey));
    expect((await refusal(await bearer(sign({ role: 'mayor' })))).message).toMatch(/names no known role/);
    expect((await refusal(await bearer(sign({ role: 'vendor' })))).message).toMatch(/the role vendor needs a vendor claim/);
    expect((await refusal(await bearer(sign({ role: 'service' })))).message).toMatch(/the role service is internal/);
    expect((await refusal(request('Basic dXNlcjpwYXNz'))).message).toMatch(/must read "Bearer <token>"/);
  });
});

describe("tokens checked against an identity provider's published keys (JWKS)", () => {
  const provider = newKeys();
  const server = createServer(async (_, response) => {
    const jwk = { ...(await exportJWK(createPublicKey(provider.publicKey))), kid: 'provider-2026', alg: 'ES256', use: 'sig' };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('verifies a token signed with a published key, and refuses one whose key the set does not hold', async () => {
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    const verifyByJwks = identityVerifier({
      keys: { jwksUrl },
      issuer: 'https://idp.example',
      audience: 'cq-migration-graph',
      algorithms: ['ES256'],
    });
    const sign = (signingKey: string, kid: string) =>
      new SignJWT({ role: 'analyst' })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject('expert-7')
        .setIssuer('https://idp.example')
        .setAudience('cq-migration-graph')
        .setExpirationTime('5m')
        .sign(createPrivateKey(signingKey));
    expect(await verifyByJwks(await bearer(sign(provider.signingKey, 'provider-2026')))).toEqual({ id: 'expert-7', role: 'analyst' });
    const unknown = await verifyByJwks(await bearer(sign(newKeys().signingKey, 'someone-else'))).catch((e: Error) => e.message);
    expect(unknown).toBe('The bearer token is refused: no configured key matches it.');
  });
});
