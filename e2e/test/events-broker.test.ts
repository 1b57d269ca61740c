/**
 * NATS restarted under the hub: a NATS server of the test's own (Debian's nats-server, JetStream on a
 * folder of its own, a free port) is killed while changes go on, and started again on the same folder.
 * The changes made while it was down wait in the outboxes and are published once it is back; the
 * subscriber misses none and gets none twice; the stream holds each once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamOf, subjectOf } from '@cq/kit/nats';
import { carrierStaff, dataOf, OFFICE } from '@cq/kit/testing';
import { connect as natsConnect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startHub } from '../src/hub.ts';
import { tariffInput } from '../src/inputs.ts';
import { freePort } from '../src/processes.ts';
import { connect, eventCursor, subscribe } from '../src/subscriber.ts';
import { graphql } from './generated/graphql.ts';

const NATS_SERVER = process.env.NATS_SERVER_PATH ?? '/usr/sbin/nats-server';
const found = existsSync(NATS_SERVER);
if (!found && process.env.CI) throw new Error(`CI runs the broker restart on ${NATS_SERVER}: install nats-server or set NATS_SERVER_PATH.`);
if (!found) console.info(`Skipping the NATS restart test: no nats-server at ${NATS_SERVER} (set NATS_SERVER_PATH).`);

const CARRIER = carrierStaff('china-telecom-chongqing');
const CREATE_TARIFF = graphql(`mutation BrokerCreateTariff($input: CreateTariffInput!) { createTariff(input: $input) { id } }`);

/** A NATS server with JetStream on `port`, keeping its streams in `folder`. */
function startNats(port: number, folder: string): Promise<ChildProcess> {
  const server = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', folder], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const attempt = () => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(server);
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nats-server did not listen on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

const stopped = (server: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    server.once('exit', () => resolve());
    server.kill(signal);
  });

describe.skipIf(!found)('NATS restarted while the programme goes on', () => {
  let hub: Hub;
  let nats: ChildProcess;
  let port: number;
  const folder = mkdtempSync(join(tmpdir(), 'mpg-nats-'));
  const settings = () => ({ url: `nats://127.0.0.1:${port}`, prefix: 'broker' });

  beforeAll(async () => {
    port = await freePort();
    nats = await startNats(port, folder);
    hub = await startHub({ nats: settings() });
  });
  afterAll(async () => {
    await hub?.stop();
    if (nats && nats.exitCode === null) await stopped(nats, 'SIGTERM');
    rmSync(folder, { recursive: true, force: true });
  });

  it('loses no event and tells none twice; the stream holds each once', async () => {
    const office = await connect(hub, OFFICE);
    const events = subscribe(office, { after: await eventCursor(office), kinds: ['TARIFF_CHANGED'] });
    const create = async (id: string) => dataOf(await hub.query(CREATE_TARIFF, { input: tariffInput(id) }, CARRIER));
    const ids = (prefix: string) => [1, 2, 3].map((i) => `broker-${prefix}-${i}`);

    for (const id of ids('before')) await create(id);
    expect((await events.received(3)).map((e) => e.subjectId)).toEqual(ids('before'));

    // Killed: the changes still commit, with their events in the outbox.
    await stopped(nats, 'SIGKILL');
    for (const id of ids('during')) await create(id);
    nats = await startNats(port, folder);
    for (const id of ids('after')) await create(id);

    const all = [...ids('before'), ...ids('during'), ...ids('after')];
    const received = await events.received(9, 30_000);
    expect(received.map((e) => e.subjectId)).toEqual(all);
    expect(new Set(received.map((e) => e.id)).size).toBe(9);

    // Every one is in the stream, once: those of the outage were published when NATS came back.
    const connection = await natsConnect({ servers: settings().url });
    try {
      const manager = await connection.jetstreamManager();
      let stored = 0;
      for (let i = 0; i < 200 && stored < 9; i++) {
        const info = await manager.streams.info(streamOf('broker'), { subjects_filter: subjectOf('broker', 'telecom', 'TARIFF_CHANGED') });
        stored = info.state.subjects?.[subjectOf('broker', 'telecom', 'TARIFF_CHANGED')] ?? 0;
        if (stored < 9) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(stored).toBe(9);
    } finally {
      await connection.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events.events).toHaveLength(9);
    expect(events.errors).toEqual([]);
    await office.dispose();
  }, 90_000);
});
