/**
 * The benchmark's fixed set of operations, each with the variables it draws from so that consecutive
 * requests differ (no gateway can answer one from the last). Reads are asked as the joint-conference
 * office, who reads everything; the workflow mutation as the officer of each system's own unit.
 *
 * Each operation hands every connection a driver: the headers it adds and the next body to send, and for
 * the mutation what to learn from each answer (the system's new version).
 */
import { readFileSync } from 'node:fs';
import { operationsDir } from '@cq/schema';
import type { AssessableSystem, Fixtures } from './fixtures.ts';
import { ask, bodyOf } from './graphql.ts';

export interface Driver {
  /** Headers this connection sends on top of the target's (another caller's token). */
  headers?: Record<string, string>;
  /** The next request's JSON body. */
  body(): string;
  /** Reads an answer (the mutation follows its system's version). */
  onResponse?(text: string): void;
}

export interface Operation {
  key: string;
  title: string;
  kind: 'read' | 'write';
  /** The one subgraph that answers it alone: it is then also measured directly against that subgraph. */
  owner?: string;
  /** Called before every run (warm-up, load, statement count): the mutation reads its systems' versions again. */
  prepare?(): Promise<void>;
  /** A driver for one more connection, starting at a random variant, or at `start` (the statement count: the same requests for every target). */
  newClient(start?: number): Driver;
  /** How many distinct requests it draws from. */
  variants: number;
  /** What varies from request to request, in words. */
  varies: string;
}

/** A small seeded generator: the same run asks in the same order. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = random(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** A read: a shuffled list of bodies, each connection starting at its own place in it. */
function read(spec: Omit<Operation, 'kind' | 'newClient' | 'variants'>, query: string, variables: Record<string, unknown>[]): Operation {
  const bodies = shuffled(
    variables.map((v) => bodyOf(query, v)),
    spec.key.length,
  );
  const start = random(7);
  return {
    ...spec,
    kind: 'read',
    variants: bodies.length,
    newClient(from) {
      let i = from ?? Math.floor(start() * bodies.length);
      return { body: () => bodies[i++ % bodies.length] as string };
    },
  };
}

const saved = (name: string) => readFileSync(`${operationsDir}${name}.graphql`, 'utf8');

/** Every day from the notice's date to the end of 2016: the progress report as of each. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1))
    out.push(d.toISOString().slice(0, 10));
  return out;
}

const UNITS_WITH_VENDORS = `query BenchUnitsWithVendors($first: Int!, $after: String) {
  units(first: $first, after: $after) {
    totalCount
    pageInfo { endCursor hasNextPage }
    edges { node { id name kind systems { id name stage vendor { id name } } } }
  }
}`;

/** A contract with its unit (units) and the unit's circuits (telecom), its provider's data centres (park) and their carriers (telecom), its lines' systems (units) and where they are placed (park). */
const CONTRACT = `query BenchContract($id: ID!) {
  contract(id: $id) {
    id status startsOn endsOn monthlyAmountCny
    vendor { name dataCenters { name carriers { name } } }
    unit { name batch { number } circuits { status bandwidthMbps tariff { product carrier { name } } } }
    lines { quantity monthlyAmountCny service { name serviceModel } system { name stage dataCenter { name } } }
  }
}`;

/** The saved UnitMonthlyCost operation, with a cursor: cloud (vendors), park (park) and circuits (telecom), totalled in units. */
const COST_ROLL_UP = `query BenchCostRollUp($first: Int!, $after: String) {
  units(first: $first, after: $after) {
    edges {
      node {
        name kind isMigrating
        monthlyCost { cloudServicesCny parkCny communicationCny totalCny }
        circuitCharges { monthlyPriceCny preferential reason }
        systems { name monthlyCost { cloudServicesCny parkCny totalCny } }
      }
    }
  }
}`;

/** One system, with only what the units subgraph holds: its stage, due date, unit, history and workflow records. */
const SYSTEM = `query BenchSystem($id: ID!) {
  system(id: $id) {
    id name officialName classification businessType stage version dueDate isOverdue isExempt
    unit { name batch { number windowEnd } }
    history { from to at actor note }
    assessment { readiness strategy recommendedServiceModel blockers { description severity } }
    vendorSelection { procurementMethod procurementReference }
    migrationPlan { plannedStart plannedCutover contingencyPlan }
    scheduleWarnings { message }
  }
}`;

const PAGE = 10;

/** The reassessment a connection sends next for its system: READY, a strategy other than RETAIN, a service model. */
const READINESS = ['READY', 'READY_WITH_CONDITIONS'];
const STRATEGIES = ['REHOST', 'REPLATFORM', 'REFACTOR', 'REPURCHASE'];
const MODELS = ['IAAS', 'PAAS', 'SAAS'];

/**
 * Step 1 of §3 repeated: each connection reassesses its own system (INVENTORIED or ASSESSED → ASSESSED, a new assessment
 * and history entry, the version raised), passing the version the last answer gave, so every request
 * succeeds. Before each run the versions are read again (a run cut short leaves answers unread).
 */
function reassessment(gatewayUrl: string, officeToken: string, systems: AssessableSystem[]): Operation {
  const query = saved('AssessSystem');
  let handedOut = 0;
  let sent = 0;
  return {
    key: 'assessSystem',
    title: "A unit officer's reassessment of a system (assessSystem, succeeds)",
    kind: 'write',
    variants: systems.length,
    varies: `the system (one per connection, ${systems.length}), its version, readiness, strategy and service model`,
    async prepare() {
      handedOut = 0;
      // Requests of a run that was cut short may still be committing: read until two reads agree. Ten
      // systems per request keep within the gateway's alias limit.
      const read = async () => {
        const versions: Record<string, { version: number } | null> = {};
        for (let from = 0; from < systems.length; from += 10) {
          const chunk = systems.slice(from, from + 10);
          const query = chunk.map((s, i) => `s${from + i}: system(id: ${JSON.stringify(s.id)}) { version }`).join(' ');
          Object.assign(
            versions,
            await ask(gatewayUrl, `query BenchVersions { ${query} }`, {}, { authorization: `Bearer ${officeToken}` }),
          );
        }
        return JSON.stringify(versions);
      };
      let last = await read();
      for (let tries = 0; tries < 20; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const again = await read();
        if (again === last) break;
        last = again;
      }
      const data = JSON.parse(last) as Record<string, { version: number } | null>;
      systems.forEach((s, i) => {
        s.version = data[`s${i}`]?.version ?? s.version;
      });
    },
    newClient() {
      const system = systems[handedOut++ % systems.length] as AssessableSystem;
      return {
        headers: { authorization: `Bearer ${system.token}` },
        body: () => {
          sent += 1;
          return bodyOf(query, {
            input: {
              systemId: system.id,
              expectedVersion: system.version,
              readiness: READINESS[sent % READINESS.length],
              strategy: STRATEGIES[sent % STRATEGIES.length],
              recommendedServiceModel: MODELS[sent % MODELS.length],
              blockers: [],
              note: 'benchmark reassessment',
            },
          });
        },
        onResponse(text) {
          // The new version, or on a CONFLICT the current one: the next request expects it.
          const version = text.match(/"(?:version|currentVersion)":(\d+)/)?.[1];
          if (version) system.version = Number(version);
        },
      };
    },
  };
}

export function benchOperations(fixtures: Fixtures, gatewayUrl: string, officeToken: string): Operation[] {
  const pages = [null, ...fixtures.unitCursors].map((after) => ({ first: PAGE, after }));
  const groupings = ['BATCH', 'COORDINATING_UNIT', 'UNIT_KIND'];
  return [
    read(
      {
        key: 'unitsWithVendors',
        title: "A page of units with their systems and the systems' providers (units → vendors)",
        varies: `the page (${PAGE} units after any unit's cursor)`,
      },
      UNITS_WITH_VENDORS,
      pages,
    ),
    read(
      {
        key: 'contract',
        title: "A contract across the four subgraphs (its unit's circuits, provider's data centres and carriers, lines' systems)",
        varies: 'the contract',
      },
      CONTRACT,
      fixtures.contractIds.map((id) => ({ id })),
    ),
    read(
      {
        key: 'costRollUp',
        title: 'The monthly cost roll-up of a page of units and their systems (@requires across four subgraphs)',
        varies: `the page (${PAGE} units after any unit's cursor)`,
      },
      COST_ROLL_UP,
      pages,
    ),
    read(
      {
        key: 'progressAsOf',
        title: 'The progress report as of a date (saved BatchProgressAsOf)',
        owner: 'units',
        varies: 'the date (every day 2015-07-14 to 2016-12-31) and the grouping (batch, coordinating unit, unit kind)',
      },
      saved('BatchProgressAsOf'),
      days('2015-07-14', '2016-12-31').flatMap((asOf) => groupings.map((groupBy) => ({ asOf, groupBy }))),
    ),
    read(
      { key: 'systemById', title: 'One system by id (fields of the units subgraph)', owner: 'units', varies: 'the system' },
      SYSTEM,
      fixtures.systemIds.map((id) => ({ id })),
    ),
    reassessment(gatewayUrl, officeToken, fixtures.assessable),
  ];
}
