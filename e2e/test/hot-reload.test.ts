/**
 * Hot reload of the supergraph: the gateway serves a file and loads each new version of it while requests
 * run. None of them fails; new requests see the new graph; a bad file is refused with the old graph still
 * serving. The versions differ by one field (`Batch.officialName`), so which graph answers is visible.
 */
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReloadEvent } from '@cq/gateway/reload';
import { ANALYST } from '@cq/kit/testing';
import { readSupergraph } from '@cq/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, clientOf, failures } from '../src/clients.ts';
import { type Hub, startHub } from '../src/hub.ts';
import { graphql } from './generated/graphql.ts';

const WHOLE = readSupergraph();
const FIELD = '  """Chinese name as in the notice, e.g. 第一批."""\n  officialName: String!\n\n';
/** The supergraph without `Batch.officialName`: a change the subgraphs need not know of. */
const WITHOUT_FIELD = WHOLE.replace(FIELD, '');

const folder = mkdtempSync(join(tmpdir(), 'mpg-reload-'));
const path = join(folder, 'supergraph.graphql');

/** Writes a new version as a deployment should: whole, then renamed over the served file. */
function deploy(text: string) {
  const next = join(folder, 'supergraph.next');
  writeFileSync(next, text);
  renameSync(next, path);
}

let hub: Hub;
const events: ReloadEvent[] = [];
let heard: ((event: ReloadEvent) => void) | undefined;
/** The next reload event, once the file just deployed has been read. */
const nextReload = () =>
  new Promise<ReloadEvent>((resolve) => {
    heard = resolve;
  });

beforeAll(async () => {
  writeFileSync(path, WHOLE);
  hub = await startHub({
    supergraphPath: path,
    onReload: (event) => {
      events.push(event);
      heard?.(event);
      heard = undefined;
    },
  });
});
afterAll(async () => {
  await hub?.stop();
});

const NAMES = graphql(`query ReloadBatchNames { batches { number name windowEnd } }`);
const OFFICIAL = graphql(`query ReloadBatchOfficialNames { batches { officialName } }`);

describe('the supergraph reloaded while requests run', () => {
  it('loads each new version for new requests, lets none fail, and refuses a bad file keeping the graph it serves', async () => {
    expect(WITHOUT_FIELD).not.toBe(WHOLE);
    const official = async () => (await hub.query(OFFICIAL, {}, ANALYST)).errors?.[0]?.extensions?.code ?? 'answered';
    expect(await official()).toBe('answered');

    // Eight clients ask without pause through every swap.
    const clients: Client[] = await Promise.all(Array.from({ length: 8 }, () => clientOf(hub, ANALYST)));
    let running = true;
    const answers: Awaited<ReturnType<Client>>[] = [];
    const asking = clients.map(async (client) => {
      while (running) answers.push(await client(NAMES, {}));
    });

    let reload = nextReload();
    deploy(WITHOUT_FIELD);
    expect(await reload).toEqual({ loaded: true, path });
    expect(await official()).toBe('GRAPHQL_VALIDATION_FAILED');

    reload = nextReload();
    deploy('type Query { half written');
    const refused = await reload;
    expect(refused).toMatchObject({ loaded: false, path, reason: expect.stringMatching(/\S/) });
    // The graph loaded before still serves: without the field, and every other field answering.
    expect(await official()).toBe('GRAPHQL_VALIDATION_FAILED');

    reload = nextReload();
    deploy(WHOLE);
    expect(await reload).toEqual({ loaded: true, path });
    expect(await official()).toBe('answered');

    running = false;
    await Promise.all(asking);
    expect(answers.length).toBeGreaterThan(0);
    expect(failures(answers).map((a) => a.body.errors ?? a.status)).toEqual([]);
    expect(answers.filter((a) => a.body.errors?.length)).toEqual([]);
    console.log(`hot reload: ${answers.length} requests by 8 clients through three deployments (one refused), none failed`);
  });
});
