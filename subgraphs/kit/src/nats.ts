/**
 * The hub on NATS JetStream (`NATS_URL`): one stream holds every subgraph's events, each under the subject
 * `<prefix>.events.<subgraph>.<kind>`, and remembers each event's id for its duplicate window, so an event
 * published twice (a relay that died before it recorded the acknowledgement) is stored once. The stream
 * lives in the NATS server's storage and survives its restarts. The prefix keeps hubs sharing one server
 * apart (tests, a staging hub).
 */
import { connect, type JetStreamManager, type NatsConnection, nanos, StorageType } from 'nats';
import type { Logger } from './log.ts';

export interface NatsSettings {
  url: string;
  /** The subjects' first token and the stream's name: `programme` by default (`NATS_PREFIX`). */
  prefix: string;
}

export const DEFAULT_NATS_PREFIX = 'programme';

/** The stream of a prefix: `PROGRAMME_EVENTS` for `programme`. */
export const streamOf = (prefix: string) => `${prefix.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_EVENTS`;

/** The subject of one subgraph's events (`kind` `*`: all of them). */
export const subjectOf = (prefix: string, subgraph: string, kind = '*') => `${prefix}.events.${subgraph}.${kind}`;

/** How long JetStream remembers an event's id to refuse it twice: longer than any relay's retry. */
const DUPLICATE_WINDOW_MS = 10 * 60_000;
/**
 * How long the stream keeps an event. The outboxes are the record (a receiver further behind reads their
 * feeds); the stream carries what is new, and stays bounded.
 */
const MAX_AGE_MS = 7 * 24 * 3600_000;

/** Connects for good: the client reconnects by itself for as long as the process runs. */
export async function connectNats(settings: NatsSettings, name: string, logger: Logger): Promise<NatsConnection> {
  const connection = await connect({ servers: settings.url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  void (async () => {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') logger.warn(`${name}: NATS at ${settings.url} lost; reconnecting`);
      if (status.type === 'reconnect') logger.info(`${name}: NATS at ${settings.url} reconnected`);
    }
  })();
  return connection;
}

/** Makes the prefix's stream when it is missing; publishers and followers both call it, whoever starts first. */
export async function ensureStream(manager: JetStreamManager, prefix: string): Promise<void> {
  const name = streamOf(prefix);
  try {
    await manager.streams.info(name);
  } catch {
    await manager.streams
      .add({
        name,
        subjects: [`${prefix}.events.>`],
        storage: StorageType.File,
        duplicate_window: nanos(DUPLICATE_WINDOW_MS),
        max_age: nanos(MAX_AGE_MS),
      })
      // Another service made it meanwhile.
      .catch(async (error: unknown) => {
        await manager.streams.info(name).catch(() => {
          throw error;
        });
      });
  }
}
