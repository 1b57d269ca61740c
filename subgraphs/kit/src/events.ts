/**
 * The programme's events: what each kind tells, who may receive it, and the cursor a subscriber resumes
 * from. Every subgraph writes its events to an outbox in the transaction of the change (outbox.ts); the
 * gateway follows the four logs (event-follow.ts) and hands each event to the subscribers allowed to see it.
 * Nothing here touches a database or the network: the gateway loads it too.
 */
import type { Role, Viewer } from './identity.ts';

/** Every role of a person: the roles that read programme-wide facts (a data centre, a tariff). */
const EVERYONE: readonly Role[] = [
  'joint-conference',
  'coordinator',
  'unit-officer',
  'vendor',
  'park-operator',
  'carrier',
  'finance',
  'analyst',
];
/** Who follows a system's migration: everyone but the carriers and the park, who read its placement. */
const MIGRATION: readonly Role[] = ['joint-conference', 'coordinator', 'unit-officer', 'vendor', 'park-operator', 'finance', 'analyst'];
/** Who reads a unit's supervision (§6.4 extensions, §1 reclassifications): not the providers, the park or the carriers. */
const SUPERVISION: readonly Role[] = ['joint-conference', 'coordinator', 'unit-officer', 'finance', 'analyst'];
/** Who reads budget lines (§6.2): never an analyst, a provider, the park or a carrier. */
const BUDGET: readonly Role[] = ['joint-conference', 'coordinator', 'unit-officer', 'finance'];
/** Who reads contracts and task reports: the units concerned, their provider, and the programme's offices. */
const CONTRACTS: readonly Role[] = ['joint-conference', 'coordinator', 'unit-officer', 'vendor', 'finance', 'analyst'];

/** The subgraphs that record events. */
type Recorder = 'units' | 'vendors' | 'park' | 'telecom' | 'notifications';

interface KindInfo {
  /** The subgraph that records it; a rule two subgraphs enforce (§4 destinations) lists both. */
  subgraph: Recorder | readonly Recorder[];
  description: string;
  /** The roles that may receive such an event; a role acting for a unit, provider or carrier gets only its own. */
  roles: readonly Role[];
  /** A fact every role it lists reads whoever it concerns (a catalogue entry, a data centre, a tariff). */
  public?: true;
}

/**
 * Every kind of event, the subgraph that records it and the roles that receive it. The subscription
 * schema's `EventKind` (schema/subscriptions.graphql) lists the same names with these descriptions (a test
 * checks both).
 */
export const EVENT_KINDS = {
  UNIT_CREATED: { subgraph: 'units', description: 'A unit was registered (§6.1).', roles: EVERYONE },
  UNIT_CORRECTED: { subgraph: 'units', description: "A unit's registered facts were corrected (§6.1).", roles: EVERYONE },
  SYSTEM_CREATED: { subgraph: 'units', description: 'A unit recorded one of its information systems.', roles: MIGRATION },
  DEPENDENCY_ADDED: { subgraph: 'units', description: 'A system was recorded as depending on another.', roles: MIGRATION },
  STAGE_MOVED: {
    subgraph: 'units',
    description:
      'A system moved one stage on in the workflow of §3 and §2.2 (assessed, provider selected, migration started, centralised, integrated, retired); `data` names the step and both stages.',
    roles: MIGRATION,
  },
  PLAN_APPROVED: { subgraph: 'units', description: "A system's migration plan was approved, or replanned (§3.3).", roles: MIGRATION },
  PROVIDER_CHANGED: { subgraph: 'units', description: 'A system changed its cloud service provider (§3.2).', roles: MIGRATION },
  HOSTING_CORRECTED: { subgraph: 'units', description: "A system's current hosting was corrected.", roles: MIGRATION },
  RECLASSIFICATION_REQUESTED: {
    subgraph: 'units',
    description: "A unit asked to change a system's classification (§1).",
    roles: SUPERVISION,
  },
  RECLASSIFICATION_DECIDED: {
    subgraph: 'units',
    description: 'The joint-conference office decided a reclassification request (§1).',
    roles: SUPERVISION,
  },
  EXTENSION_REQUESTED: { subgraph: 'units', description: 'A unit asked for a later due date (§6.4).', roles: SUPERVISION },
  EXTENSION_DECIDED: {
    subgraph: 'units',
    description: 'The joint-conference office decided an extension request (§6.4).',
    roles: SUPERVISION,
  },
  EXTENSION_WITHDRAWN: {
    subgraph: 'units',
    description: 'An extension request was withdrawn before its decision (§6.4).',
    roles: SUPERVISION,
  },
  BUDGET_LINE_ADDED: {
    subgraph: 'units',
    description: 'A budget line was recorded (§6.2); `data.nonCompliance` says why it breaks the budget rule, when it does.',
    roles: BUDGET,
  },
  RULE_REFUSED: {
    // Units refuses a plan that breaks §4, the park a placement that does.
    subgraph: ['units', 'park'],
    description:
      'A change that would have broken a rule of the notice was refused (§4 destinations); `data` names the rule and the operation.',
    roles: ['joint-conference', 'coordinator', 'unit-officer', 'park-operator'],
  },
  CLOUD_SERVICE_CHANGED: {
    subgraph: 'vendors',
    description: "A provider's catalogue entry was added or changed.",
    roles: EVERYONE,
    public: true,
  },
  CONTRACT_SIGNED: { subgraph: 'vendors', description: 'A unit signed a contract with a cloud service provider.', roles: CONTRACTS },
  CONTRACT_STATUS_CHANGED: { subgraph: 'vendors', description: "A contract's status moved on (active, ended).", roles: CONTRACTS },
  TASK_REPORTED: { subgraph: 'vendors', description: "A provider reported a system's migration task (§3.4).", roles: CONTRACTS },
  DATA_CENTER_CHANGED: { subgraph: 'park', description: 'A data centre of the park was added or changed.', roles: EVERYONE, public: true },
  PARK_SERVICE_ADDED: { subgraph: 'park', description: 'The park added a support service (§6.5).', roles: EVERYONE, public: true },
  SYSTEM_PLACED: { subgraph: 'park', description: 'A system was placed in a data centre of the park.', roles: MIGRATION },
  PLACEMENT_REMOVED: { subgraph: 'park', description: "A system's placement was removed.", roles: MIGRATION },
  TARIFF_CHANGED: {
    subgraph: 'telecom',
    description: "A carrier's tariff was added (§6.5 preferential prices).",
    roles: EVERYONE,
    public: true,
  },
  CIRCUIT_CHANGED: { subgraph: 'telecom', description: 'A circuit from a unit to a data centre was ordered or moved on.', roles: EVERYONE },
  NOTIFICATION_CREATED: {
    subgraph: 'notifications',
    description:
      'A notification for its recipients: a due date near, a system overdue, a request waiting, a provider silent, a rule refused.',
    roles: EVERYONE,
  },
} as const satisfies Record<string, KindInfo>;

export type EventKind = keyof typeof EVENT_KINDS;

/** An event as a subgraph writes it, in the transaction of its change (outbox.ts: recordEvents). */
export interface NewEvent {
  kind: EventKind;
  /** The record the change is about: its type's name and id. */
  subjectType: string;
  subjectId: string;
  /** Whom it concerns, for the filter by tenant (mayReceive); each one the change knows. */
  unitId?: string | null;
  systemId?: string | null;
  vendorId?: string | null;
  carrierId?: string | null;
  /** One sentence for a person. */
  summary: string;
  /** The change's particulars (stages, dates, codes), as JSON. */
  data?: Record<string, unknown>;
  /** Fewer roles than the kind's (EVENT_KINDS), for an event some of them must not see. */
  roles?: readonly Role[];
}

/** An event as it is read back and sent on: its id is unique across the hub, so receivers de-duplicate by it. */
export interface ProgrammeEvent {
  /** `<subgraph>-<seq>`. */
  id: string;
  subgraph: string;
  /** Its place in its subgraph's log: 1, 2, 3… in commit order, without gaps. */
  seq: number;
  kind: EventKind;
  /** The change's moment, ISO 8601. */
  at: string;
  actor: string | null;
  subjectType: string;
  subjectId: string;
  unitId: string | null;
  systemId: string | null;
  vendorId: string | null;
  carrierId: string | null;
  roles: Role[];
  summary: string;
  data: Record<string, unknown>;
  requestId: string | null;
}

/** How far a receiver has read each subgraph's log: the last seq it has, by subgraph. */
export type Positions = Record<string, number>;

/** The cursor of a place in the four logs, opaque to clients: the subgraphs' positions, as base64url JSON. */
export const encodePositions = (positions: Positions): string => Buffer.from(JSON.stringify(positions), 'utf8').toString('base64url');

/** The positions a cursor holds; null when it is not one of ours. */
export function decodePositions(cursor: string): Positions | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    const entries = Object.entries(value);
    if (!entries.every(([name, seq]) => /^[a-z]{2,24}$/.test(name) && Number.isSafeInteger(seq) && (seq as number) >= 0)) return null;
    return Object.fromEntries(entries) as Positions;
  } catch {
    return null;
  }
}

/** The units and systems a coordinator or a provider reaches (the units subgraph's policy says which). */
export interface Reach {
  units: ReadonlySet<string>;
  systems: ReadonlySet<string>;
}

/**
 * Whether a person may receive an event: its role is one the event names, and, for a role acting for a
 * unit, a provider or a carrier, the event concerns its own, as the owning subgraph's policy says for the
 * record itself:
 * - a unit's officer: its unit's; a coordinating unit: its subtree's (`reach.units`, §6.2);
 * - a provider: its own (`vendorId`: its catalogue, contracts and task reports, the placements in data
 *   centres it runs, its notifications), and the units subgraph's events of the systems whose latest
 *   selection names it (`reach.systems`, §3.2): another subgraph's record of such a system (a contract of
 *   the provider it had before) is not its own;
 * - a carrier: its own when the event names one, else what its role reads (every unit and system).
 * A public kind (a catalogue entry, a data centre, a tariff) reaches every role it lists. The hub's
 * services receive everything.
 */
export function mayReceive(viewer: Viewer, event: ProgrammeEvent, reach: Reach): boolean {
  if (viewer.role === 'service') return true;
  if (viewer.role === 'anonymous' || !event.roles.includes(viewer.role)) return false;
  if ((EVENT_KINDS[event.kind] as KindInfo).public) return true;
  switch (viewer.role) {
    case 'unit-officer':
      return event.unitId !== null && event.unitId === viewer.unitId;
    case 'coordinator':
      return event.unitId !== null && reach.units.has(event.unitId);
    case 'vendor':
      return (
        (event.vendorId !== null && event.vendorId === viewer.vendorId) ||
        (event.subgraph === 'units' && event.systemId !== null && reach.systems.has(event.systemId))
      );
    case 'carrier':
      return event.carrierId === null || event.carrierId === viewer.carrierId;
    default:
      return true;
  }
}

/**
 * Whether deciding on the event needs the viewer's reach: a coordinating unit's subtree, or a provider's
 * systems for a units event not already its own. The gateway asks the graph for it only then.
 */
export function needsReach(viewer: Viewer, event: ProgrammeEvent): boolean {
  if (!event.roles.includes(viewer.role as Role) || (EVENT_KINDS[event.kind] as KindInfo).public) return false;
  if (viewer.role === 'coordinator') return event.unitId !== null;
  if (viewer.role === 'vendor') return event.subgraph === 'units' && event.systemId !== null && event.vendorId !== viewer.vendorId;
  return false;
}

/** Whether an event may change whom the viewer's reach holds: units registered or moved, a system's provider chosen or changed. */
export function changesReach(viewer: Viewer, event: ProgrammeEvent): boolean {
  if (viewer.role === 'coordinator') return event.kind === 'UNIT_CREATED' || event.kind === 'UNIT_CORRECTED';
  if (viewer.role === 'vendor')
    return event.kind === 'PROVIDER_CHANGED' || (event.kind === 'STAGE_MOVED' && event.data.step === 'selectVendor');
  return false;
}
