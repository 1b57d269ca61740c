/**
 * A progress bar on stderr, so stdout stays for the summary. On a terminal one line is redrawn in place (at
 * most ten times a second); elsewhere (a log, CI) each phase prints one line when it starts.
 */
export interface Progress {
  /** A new phase; `total` is what `advance` counts towards (0: no bar, just the phase). */
  phase(name: string, total?: number): void;
  advance(done: number, detail?: string): void;
  finish(): void;
}

const WIDTH = 30;

export function progressBar(enabled: boolean, out: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled) return { phase() {}, advance() {}, finish() {} };
  const started = performance.now();
  const tty = Boolean(out.isTTY);
  let name = '';
  let total = 0;
  let done = 0;
  let detail = '';
  let drawn = 0;
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  const draw = (force = false) => {
    if (!tty || (!force && performance.now() - drawn < 100)) return;
    drawn = performance.now();
    const share = total ? Math.min(1, done / total) : 0;
    const bar = total
      ? `[${'#'.repeat(Math.round(share * WIDTH)).padEnd(WIDTH, '-')}] ${String(Math.floor(share * 100)).padStart(3)}% `
      : '';
    const count = total ? ` ${done.toLocaleString('en')}/${total.toLocaleString('en')}` : '';
    out.write(`\r\x1b[2K${bar}${name}${count}${detail ? ` ${detail}` : ''} (${seconds()} s)`);
  };
  return {
    phase(next, nextTotal = 0) {
      if (tty && name) draw(true);
      if (tty && name) out.write('\n');
      [name, total, done, detail] = [next, nextTotal, 0, ''];
      if (tty) draw(true);
      else out.write(`${next}${nextTotal ? ` (${nextTotal.toLocaleString('en')})` : ''} at ${seconds()} s\n`);
    },
    advance(nextDone, nextDetail = detail) {
      [done, detail] = [nextDone, nextDetail];
      draw();
    },
    finish() {
      if (tty && name) {
        draw(true);
        out.write('\n');
      }
      name = '';
    },
  };
}
