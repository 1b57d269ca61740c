/**
 * Who is asking, verified. The gateway verifies the caller's token and passes the identity on to each
 * subgraph as a short-lived JWT it signs with a secret it shares with the subgraphs (HS256, standard
 * claims, so any gateway in front can produce it); a subgraph trusts nothing else. A subgraph that asks
 * another one (a cross-graph rule check) signs the same way with its own service identity.
 */
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Moment } from './moment.ts';

/** The notice's roles (§6): what each may do is declared in the subgraphs' schemas and policy modules. */
export const ROLES = {
  'joint-conference': 'the joint-conference office (§6.1): reads everything, decides extension requests, manages the programme',
  coordinator: 'a coordinating unit (§6.2): reads and reports on the units it coordinates, itself included',
  'unit-officer': "a unit's officer: reads its own unit and runs its own systems' workflow, budget lines and extension requests",
  vendor: 'a cloud service provider: its own catalogue, contracts and task reports; reads the systems that selected it',
  'park-operator': "the park's operator: data centres, park services and placements",
  carrier: 'a telecom carrier (§6.5): its own tariffs and circuits',
  finance: 'the finance bureau: budget lines and compliance everywhere, read-only elsewhere',
  analyst: "an analyst or expert: reads programme data, but not individual units' budget lines",
} as const;

export type Role = keyof typeof ROLES;

/** The caller of one request: a person with a role (and tenant), a service of the hub, or nobody. */
export interface Viewer {
  /** The token's subject: who is recorded in history and the audit log. */
  id: string;
  role: Role | 'anonymous' | 'service';
  /** The unit an officer or a coordinating unit acts for. */
  unitId?: string;
  /** The cloud service provider a vendor's staff act for. */
  vendorId?: string;
  /** The carrier a carrier's staff act for. */
  carrierId?: string;
}

export const ANONYMOUS: Viewer = { id: 'anonymous', role: 'anonymous' };

/** The tenant claim each role must carry: nobody acts for a unit, vendor or carrier it does not name. */
const TENANT_CLAIM: Partial<Record<Role, 'unit' | 'vendor' | 'carrier'>> = {
  coordinator: 'unit',
  'unit-officer': 'unit',
  vendor: 'vendor',
  carrier: 'carrier',
};

const claims = z.object({
  sub: z.string().min(1, 'the token names no subject (sub)'),
  role: z.enum([...(Object.keys(ROLES) as Role[]), 'anonymous', 'service'], { message: 'the token names no known role' }),
  unit: z.string().min(1).optional(),
  vendor: z.string().min(1).optional(),
  carrier: z.string().min(1).optional(),
});

/** The viewer a verified token's claims describe; a role without its tenant claim is refused. */
export function viewerFromClaims(payload: unknown, { internal = false } = {}): Viewer {
  const parsed = claims.safeParse(payload);
  if (!parsed.success) throw unauthenticated(`The token is not valid: ${parsed.error.issues[0]?.message}.`);
  const { sub, role, unit, vendor, carrier } = parsed.data;
  if ((role === 'anonymous' || role === 'service') && !internal)
    throw unauthenticated(`The token is not valid: the role ${role} is internal.`);
  const tenant = role === 'anonymous' || role === 'service' ? undefined : TENANT_CLAIM[role];
  const value = tenant && parsed.data[tenant];
  if (tenant && !value) throw unauthenticated(`The token is not valid: the role ${role} needs a ${tenant} claim naming whom it acts for.`);
  return {
    id: sub,
    role,
    ...(tenant === 'unit' ? { unitId: unit } : {}),
    ...(tenant === 'vendor' ? { vendorId: vendor } : {}),
    ...(tenant === 'carrier' ? { carrierId: carrier } : {}),
  };
}

/** The claims a token carries for a viewer; `scope` lets any gateway enforce @requiresScopes by role. */
export function claimsOf(viewer: Viewer): Record<string, string> {
  return {
    role: viewer.role,
    scope: viewer.role,
    ...(viewer.unitId ? { unit: viewer.unitId } : {}),
    ...(viewer.vendorId ? { vendor: viewer.vendorId } : {}),
    ...(viewer.carrierId ? { carrier: viewer.carrierId } : {}),
  };
}

/**
 * The refusal of a caller whose identity is missing or cannot be verified. A whole request refused so
 * answers HTTP 401 (`request`); a field refused to a signed-out caller stays a field error, the rest of
 * the answer standing.
 */
export function unauthenticated(message: string, { request = false } = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', ...(request ? { http: { status: 401 } } : {}) } });
}

/** Who signs subgraph tokens, and for whom: a token from elsewhere (a user's own) is refused. */
const INTERNAL = { issuer: 'cq-hub', audience: 'cq-subgraphs' } as const;

/** Subgraph tokens live this long: long enough for one request, too short to be worth stealing. */
const INTERNAL_TOKEN_SECONDS = 60;

/** The shared secret as a key; it must be long enough to resist guessing. */
export function secretKey(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('The subgraph secret must be at least 32 characters.');
  return new TextEncoder().encode(secret);
}

/**
 * Signs the identity a subgraph will trust for one request, and the operation's moment (moment.ts): `at`,
 * the instant every field is answered at, and `asOf`, true when the caller asked for that moment. Signed,
 * so nobody but the gateway (or a subgraph passing its own request's moment on) sets a subgraph's moment.
 */
export function signSubgraphToken(viewer: Viewer, key: Uint8Array, moment?: Moment): Promise<string> {
  const momentClaims = moment ? { at: moment.at.toISOString(), asOf: moment.asOf } : {};
  return new SignJWT({ ...claimsOf(viewer), ...momentClaims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(viewer.id)
    .setIssuer(INTERNAL.issuer)
    .setAudience(INTERNAL.audience)
    .setIssuedAt()
    .setExpirationTime(`${INTERNAL_TOKEN_SECONDS}s`)
    .sign(key);
}

/** The bearer token of a request, if it sent one. */
export function bearerOf(req?: IncomingMessage): string | undefined {
  const header = req?.headers.authorization;
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** Why a token was refused, in words a caller can act on. */
export function tokenProblem(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'it has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `its ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'it is signed with an algorithm that is not accepted';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no configured key matches it';
  return 'it cannot be read as a signed JWT';
}

/** The moment claims of a subgraph token: an ISO instant and whether it was asked for. */
const momentClaims = z.object({
  at: z.string().datetime({ offset: true, message: 'its at claim is not an instant' }).optional(),
  asOf: z.boolean().optional(),
});

/** What a subgraph believes of a request: who asks, and the operation's moment when the signer gave one. */
export interface SubgraphRequest {
  viewer: Viewer;
  /** Absent when the signer named none (a test signing only an identity): the subgraph then takes its own "now". */
  moment?: Moment;
}

/**
 * The viewer and moment of a request that reached a subgraph: only a token signed with the shared secret
 * is believed. Without one the request did not come through the gateway (or a service of the hub) and is
 * refused.
 */
export async function subgraphRequestOf(req: IncomingMessage | undefined, key: Uint8Array): Promise<SubgraphRequest> {
  const token = bearerOf(req);
  if (!token) {
    throw unauthenticated('This subgraph answers only requests signed by the gateway: send your request to the gateway.', {
      request: true,
    });
  }
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], ...INTERNAL });
    const viewer = viewerFromClaims(payload, { internal: true });
    const moment = momentClaims.safeParse(payload);
    if (!moment.success) throw unauthenticated(`The token is not valid: ${moment.error.issues[0]?.message}.`);
    const { at, asOf } = moment.data;
    return at ? { viewer, moment: { at: new Date(at), asOf: asOf ?? false } } : { viewer };
  } catch (error) {
    if (error instanceof GraphQLError) throw unauthenticated(error.message, { request: true });
    throw unauthenticated(`The gateway's signature is refused: ${tokenProblem(error)}.`, { request: true });
  }
}

/** The identity of a caller who changes something, recorded in history; anonymous changes are refused. */
export function requireActor(ctx: { viewer: Viewer }): string {
  if (ctx.viewer.role === 'anonymous') throw unauthenticated('Changes need a signed-in caller: history records who changed what.');
  return ctx.viewer.id;
}
