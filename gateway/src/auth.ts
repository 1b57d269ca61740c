/**
 * Verified identity at the gateway: a caller's bearer JWT is checked against the configured keys (an
 * identity provider's JWKS, or one public key), its issuer, audience, expiry and algorithm; its claims
 * name the role and whom it acts for. A request without a token is anonymous; a token that does not
 * verify is refused, never read as anonymous.
 */
import { createPublicKey } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ANONYMOUS, bearerOf, tokenProblem, unauthenticated, type Viewer, viewerFromClaims } from '@cq/kit/identity';
import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { AuthConfig } from './config.ts';

export type IdentityOf = (req: IncomingMessage) => Promise<Viewer>;

/** Verified tokens kept (the oldest forgotten first): a client sends the same token until it expires. */
const VERIFIED_TOKENS = 10_000;

/** Builds the check of callers' tokens once; the keys of a JWKS endpoint are fetched and cached by jose. */
export function identityVerifier(auth: AuthConfig): IdentityOf {
  // The key of the provider's set that the token's header names, or the one key configured.
  let key: JWTVerifyGetKey;
  if ('jwksUrl' in auth.keys) key = createRemoteJWKSet(new URL(auth.keys.jwksUrl));
  else {
    const publicKey = createPublicKey(auth.keys.publicKey);
    key = async () => publicKey;
  }
  const options = { issuer: auth.issuer, audience: auth.audience, algorithms: auth.algorithms, requiredClaims: ['exp', 'sub'] };
  // The signature check (ES256) is the costliest step of a request at the gateway (the benchmark's
  // profile): a token that verified is remembered until it expires, and only then checked again.
  const verified = new Map<string, { viewer: Viewer; expiresAt: number }>();
  return async (req) => {
    if (req.headers.authorization === undefined) return ANONYMOUS;
    const token = bearerOf(req);
    if (!token) throw unauthenticated('The Authorization header must read "Bearer <token>".');
    const known = verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.viewer;
    verified.delete(token);
    try {
      const { payload } = await jwtVerify(token, key, options);
      const viewer = viewerFromClaims(payload);
      if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value as string);
      verified.set(token, { viewer, expiresAt: (payload.exp as number) * 1000 });
      return viewer;
    } catch (error) {
      if (error instanceof GraphQLError) throw error;
      throw unauthenticated(`The bearer token is refused: ${tokenProblem(error)}.`);
    }
  };
}
