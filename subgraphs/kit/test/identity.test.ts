import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { secretKey, signSubgraphToken, subgraphRequestOf } from '../src/identity.ts';
import { developmentToken, newKeys } from '../src/secrets.ts';

const keys = newKeys();
const key = secretKey(keys.subgraphSecret);
const request = (authorization?: string) => ({ headers: authorization ? { authorization } : {} }) as IncomingMessage;
/** The viewer a subgraph believes of a request. */
const viewerOf = async (req: IncomingMessage) => (await subgraphRequestOf(req, key)).viewer;
const vendor = { id: 'jialing-sales', role: 'vendor' as const, vendorId: 'sample-jialing-cloud' };

async function refusal(req: IncomingMessage): Promise<string | undefined> {
  return viewerOf(req).then(
    () => undefined,
    (error: { message: string; extensions: { code: string } }) => `${error.extensions.code}: ${error.message}`,
  );
}

describe("a subgraph's check of the gateway's signature", () => {
  it('believes the identity the gateway signed, anonymous and services included', async () => {
    expect(await viewerOf(request(`Bearer ${await signSubgraphToken(vendor, key)}`))).toEqual(vendor);
    const anonymous = await signSubgraphToken({ id: 'anonymous', role: 'anonymous' }, key);
    expect(await viewerOf(request(`Bearer ${anonymous}`))).toEqual({ id: 'anonymous', role: 'anonymous' });
    const service = await signSubgraphToken({ id: 'service:park', role: 'service' }, key);
    expect(await viewerOf(request(`Bearer ${service}`))).toEqual({ id: 'service:park', role: 'service' });
  });

  it("refuses a request without the gateway's signature, with another secret's, or with a user's own token", async () => {
    expect(await refusal(request())).toMatch(/^UNAUTHENTICATED: This subgraph answers only requests signed by the gateway/);
    const otherSecret = await signSubgraphToken(vendor, secretKey(newKeys().subgraphSecret));
    expect(await refusal(request(`Bearer ${otherSecret}`))).toMatch(/signature does not verify/);
    // A valid user token, sent straight to the subgraph to skip the gateway's limits: not the gateway's proof.
    const userToken = await developmentToken(keys.signingKey, vendor);
    expect(await refusal(request(`Bearer ${userToken}`))).toMatch(/^UNAUTHENTICATED: The gateway's signature is refused/);
  });

  it('refuses a secret too short to be safe', () => {
    expect(() => secretKey('short')).toThrow(/at least 32 characters/);
  });
});
