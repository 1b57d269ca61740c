/**
 * Who is asking. Until verified identity lands, a development header names the caller; the gateway passes
 * it on as it came, and history records it.
 */
import type { IncomingMessage } from 'node:http';
import { ruleError } from './errors.ts';

/** The development stand-in for a verified identity: who made a change, recorded in history. */
export const ACTOR_HEADER = 'x-dev-actor';

/** Who is asking: the development header's value, or "anonymous". */
export function actorOf(req?: IncomingMessage): string {
  const value = req?.headers[ACTOR_HEADER];
  return (Array.isArray(value) ? value[0] : value)?.trim() || 'anonymous';
}

/** The identity of a caller who changes something: history needs a name, so anonymous changes are refused. */
export function requireActor(ctx: { actor: string }): string {
  if (ctx.actor === 'anonymous') {
    throw ruleError(
      'UNAUTHENTICATED',
      `Changes need the caller's identity: send the ${ACTOR_HEADER} header (history records who changed what).`,
    );
  }
  return ctx.actor;
}
