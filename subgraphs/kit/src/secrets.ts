/**
 * Development keys: on a laptop the hub needs no identity provider. The first service to start creates a
 * key pair for user tokens (ES256) and the secret the gateway signs subgraph requests with, and keeps them
 * under the data folder; `pnpm run token` signs with the same private key. Production configures real keys
 * (see gateway/src/config.ts) and never reads these.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import { claimsOf, type Viewer } from './identity.ts';

export interface DevelopmentKeys {
  /** Signs development user tokens (PKCS#8 PEM); only `pnpm run token` and the tests use it. */
  signingKey: string;
  /** Verifies them at the gateway (SPKI PEM). */
  publicKey: string;
  /** Shared by the gateway and the subgraphs to sign and verify subgraph requests. */
  subgraphSecret: string;
}

/** Development tokens name this issuer and audience; production configures its own. */
export const DEVELOPMENT_ISSUER = 'cq-hub-development';
export const DEFAULT_AUDIENCE = 'cq-migration-graph';

/** A fresh set of keys, for a development data folder or a test run. */
export function newKeys(): DevelopmentKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    signingKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    subgraphSecret: randomBytes(32).toString('base64url'),
  };
}

/**
 * The development keys kept in `<dataDir>/auth/`, created by whichever process asks first: written to a
 * temporary file and linked into place, so processes starting together all read the same keys.
 */
export function developmentKeys(dataDir: string): DevelopmentKeys {
  const folder = resolve(dataDir, 'auth');
  const file = join(folder, 'development-keys.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DevelopmentKeys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(newKeys(), null, 2), { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as DevelopmentKeys;
}

/** Production is NODE_ENV=production: no development keys, no stack traces, no field suggestions. */
export const isProduction = (env: NodeJS.ProcessEnv = process.env) => env.NODE_ENV === 'production';

/**
 * A user token as an identity provider would issue it, signed with a development key: what `pnpm run token`
 * prints and what the tests send. `expiresIn` is a jose time span ("8h", "5m"); a past one ("-1m") makes an
 * expired token for tests.
 */
export function developmentToken(
  signingKey: string,
  viewer: Viewer,
  {
    expiresIn = '8h',
    audience = DEFAULT_AUDIENCE,
    issuer = DEVELOPMENT_ISSUER,
  }: { expiresIn?: string; audience?: string; issuer?: string } = {},
): Promise<string> {
  return new SignJWT(claimsOf(viewer))
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject(viewer.id)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn.startsWith('-') ? `${expiresIn.slice(1)} ago` : expiresIn)
    .sign(createPrivateKey(signingKey));
}
