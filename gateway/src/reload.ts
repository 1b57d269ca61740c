/**
 * Hot reload of the supergraph: the gateway reads it from a file (SUPERGRAPH_PATH) and reads it again
 * whenever the file changes. New requests use the new graph as soon as it is loaded; requests in flight
 * finish on the graph they were planned on (Apollo Gateway swaps its schema and query planner whole). A
 * file that does not parse or is no valid supergraph is refused with a log line, and the graph already
 * served keeps serving. Write a new supergraph atomically (to a temporary file, then rename it over): a
 * half-written file is refused like a bad one, and the whole one loads at the next change.
 */
import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { SupergraphManager } from '@apollo/gateway';
import { withoutSecurityFeatures } from './supergraph.ts';

/** What a reload did: loaded the file, or refused it (and why); the gateway logs it, tests wait for it. */
export type ReloadEvent = { loaded: true; path: string } | { loaded: false; path: string; reason: string };

/** Changes of one save come as several events: the file is read once they have settled. */
const SETTLE_MS = 50;

const log = (event: ReloadEvent) =>
  event.loaded
    ? console.log(`gateway: loaded the new supergraph from ${event.path}`)
    : console.error(`gateway: kept the supergraph it serves; the new ${event.path} was refused: ${event.reason}`);

/**
 * The supergraph in `path` as Apollo Gateway's supergraph manager: `initial` (the file's text at start)
 * first, then each new version of the file. The folder is watched, not the file, so a file replaced by a
 * rename is seen too.
 */
export function reloadingSupergraph(path: string, initial: string, onReload: (event: ReloadEvent) => void = log): SupergraphManager {
  return {
    async initialize({ update }) {
      let served = initial;
      let timer: NodeJS.Timeout | undefined;
      const reload = () => {
        let text: string;
        try {
          text = readFileSync(path, 'utf8');
        } catch (error) {
          return onReload({ loaded: false, path, reason: `it cannot be read (${(error as NodeJS.ErrnoException).code})` });
        }
        if (text === served) return;
        try {
          update(withoutSecurityFeatures(text));
          served = text;
          onReload({ loaded: true, path });
        } catch (error) {
          onReload({ loaded: false, path, reason: (error as Error).message.split('\n')[0] ?? 'not a supergraph' });
        }
      };
      const watcher: FSWatcher = watch(dirname(path), (_, file) => {
        if (file !== basename(path)) return;
        clearTimeout(timer);
        timer = setTimeout(reload, SETTLE_MS);
      });
      return {
        supergraphSdl: withoutSecurityFeatures(initial),
        cleanup: async () => {
          clearTimeout(timer);
          watcher.close();
        },
      };
    },
  };
}
