/**
 * Keeps one process of the hub running: when it stops unasked, it is started again after a backoff (1 s,
 * 2 s, 4 s, ... at most 30 s), and the log says why and when. A process that keeps failing (more than
 * `maxRestarts` restarts in a row, none staying up for `stableMs`) is given up on and reported plainly,
 * with its last output, instead of being retried forever in silence. A process that starts but is not
 * ready within `readyTimeoutMs` is killed and counts as a failure.
 */
import type { ChildProcess } from 'node:child_process';

export interface SuperviseOptions {
  name: string;
  /** Starts the process (again). */
  launch: () => ChildProcess;
  /** Its readiness endpoint: it is up when this answers 200. */
  readyUrl: string;
  /** Where the process's output and the supervisor's own lines go. */
  log: (line: string) => void;
  /** Called once when the process is given up on. */
  onGiveUp?: () => void;
  maxRestarts?: number;
  stableMs?: number;
  readyTimeoutMs?: number;
  /** How long a stop waits for the process to drain and exit before it is killed. */
  stopTimeoutMs?: number;
}

export interface Supervised {
  name: string;
  /** Resolves true once the process is first ready, false if it is given up on before. */
  firstReady: Promise<boolean>;
  /** The running process's pid, if one runs. */
  pid(): number | undefined;
  /** Lines the process printed last, for a report. */
  lastLines(): string[];
  stop(): Promise<void>;
}

const LAST_LINES = 10;
const MAX_BACKOFF_MS = 30_000;

/** Polls a readiness URL every 100 ms until it answers 200; false when `abandoned()` says to stop waiting. */
async function waitReady(url: string, abandoned: () => boolean): Promise<boolean> {
  while (!abandoned()) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

export function supervise({
  name,
  launch,
  readyUrl,
  log,
  onGiveUp,
  maxRestarts = 5,
  stableMs = 60_000,
  readyTimeoutMs = 120_000,
  stopTimeoutMs = 20_000,
}: SuperviseOptions): Supervised {
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;
  let lines: string[] = [];
  let restartTimer: NodeJS.Timeout | undefined;
  let settleFirst: (ready: boolean) => void = () => {};
  const firstReady = new Promise<boolean>((resolve) => {
    settleFirst = resolve;
  });

  const run = () => {
    const current = launch();
    child = current;
    let readyAt: number | undefined;
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines = [...lines.slice(1 - LAST_LINES), line];
        log(`[${name}] ${line}`);
      }
    };
    current.stdout?.on('data', relay);
    current.stderr?.on('data', relay);
    const notReady = setTimeout(() => {
      log(`${name} was not ready within ${readyTimeoutMs / 1000} s; killing it`);
      current.kill('SIGKILL');
    }, readyTimeoutMs);
    void waitReady(readyUrl, () => stopping || child !== current || current.exitCode !== null || current.signalCode !== null).then(
      (ready) => {
        clearTimeout(notReady);
        if (!ready) return;
        readyAt = Date.now();
        if (restarts > 0) log(`${name} is back after ${restarts} restart${restarts > 1 ? 's' : ''}`);
        settleFirst(true);
      },
    );
    current.on('exit', (code, signal) => {
      clearTimeout(notReady);
      if (stopping) return;
      const reason = signal ? `killed by ${signal}` : `exit code ${code}`;
      // A process that stayed up a while starts a new count: an occasional crash is never "keeps failing".
      if (readyAt !== undefined && Date.now() - readyAt >= stableMs) restarts = 0;
      if (restarts >= maxRestarts) {
        log(
          `${name} keeps failing: it stopped (${reason}) after ${restarts} restarts in a row; no more restarts.` +
            `${lines.length ? ` Its last output:\n  ${lines.slice(-3).join('\n  ')}` : ''}`,
        );
        child = undefined;
        settleFirst(false);
        onGiveUp?.();
        return;
      }
      restarts += 1;
      const delay = Math.min(1000 * 2 ** (restarts - 1), MAX_BACKOFF_MS);
      log(`${name} stopped (${reason}); restarting it in ${delay / 1000} s (restart ${restarts} of at most ${maxRestarts} in a row)`);
      restartTimer = setTimeout(run, delay);
    });
  };
  run();

  return {
    name,
    firstReady,
    pid: () => child?.pid,
    lastLines: () => lines,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
        setTimeout(() => running.kill('SIGKILL'), stopTimeoutMs).unref();
      });
    },
  };
}
