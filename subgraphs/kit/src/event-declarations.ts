/**
 * What each mutation of a subgraph tells the programme: the events its change records, in its transaction
 * (audit.ts records them with the audit entry), and, for a refusal that matters to the supervisors (a rule
 * of the notice broken), the event of the refusal. Every mutation declares its events, none when it has
 * none to tell; a subgraph whose mutation declares nothing does not start (deny by default, as for access).
 */
import type { NewEvent } from './events.ts';

/** One allowed change: the mutation's answer, its arguments, and its context (`db` is the transaction). */
export interface Change<C> {
  // biome-ignore lint/suspicious/noExplicitAny: each declaration reads its own mutation's answer, typed by the schema it mirrors.
  result: any;
  // biome-ignore lint/suspicious/noExplicitAny: likewise the mutation's own arguments.
  args: any;
  ctx: C;
}

/** One refused change: the mutation, its arguments, its context (outside the rolled-back transaction) and the refusal's code. */
export interface Refusal<C> {
  operation: string;
  // biome-ignore lint/suspicious/noExplicitAny: the refused mutation's own arguments.
  args: any;
  ctx: C;
  code: string;
  message: string;
}

export interface EventDeclarations<C = never> {
  /** By mutation name: the events its change records (an empty list for none). */
  changes: Record<string, (change: Change<C>) => NewEvent[] | Promise<NewEvent[]>>;
  /** The event a refusal records, or null; none: no refusal of this subgraph is told. */
  refusal?: (refusal: Refusal<C>) => NewEvent | null | Promise<NewEvent | null>;
}

/** Refuses to start a subgraph with a mutation that declares no events, or a declaration of no mutation. */
export function checkDeclarations(mutations: readonly string[], declarations: EventDeclarations): void {
  const declared = Object.keys(declarations.changes);
  const missing = mutations.filter((name) => !declared.includes(name));
  const unknown = declared.filter((name) => !mutations.includes(name));
  if (missing.length > 0) throw new Error(`Mutation.${missing.join(', Mutation.')} declares no events (event-declarations.ts).`);
  if (unknown.length > 0) throw new Error(`Events are declared for ${unknown.join(', ')}, which the schema has no mutation for.`);
}
