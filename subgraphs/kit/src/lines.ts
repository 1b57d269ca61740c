/** Reading another process's output line by line. */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * Calls `onLine` for each non-empty line the streams give, whole: a line that arrives split across two
 * chunks is one line, never two.
 */
export function eachLine(streams: (Readable | null | undefined)[], onLine: (line: string) => void): void {
  for (const input of streams) {
    if (input) createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => line && onLine(line));
  }
}
