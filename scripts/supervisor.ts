/**
 * Keeps one part of the hub running (a Node process, the embedded PostgreSQL): when it stops unasked, it
 * is started again after a backoff (1 s, 2 s, 4 s, ... at most 30 s), and the log says why and when. A
 * part that keeps failing (more than `maxRestarts` restarts in a row, none staying up for `stableMs`) is
 * given up on and reported plainly, with its last output, instead of being retried forever in silence.
 * A part that starts but is not ready within `readyTimeoutMs` is stopped and counts as a failure.
 */
import type { ChildProcess } from 'node:child_process';
import { eachLine } from '@cq/kit/lines';

/** One run of a part. */
export interface Running {
  pid: number | undefined;
  /** Resolves, once it has stopped, with why ("exit code 1", "killed by SIGKILL"). */
  exited: Promise<string>;
  /** Asks it to stop (draining what it does); resolves once it has. */
  stop(): Promise<void>;
  /** What it printed last, for a report. */
  lastLines(): string[];
}

export interface SuperviseOptions {
  name: string;
  /** Starts the part (again); a part that cannot start throws, which counts as a failure. */
  launch: () => Running | Promise<Running>;
  /** True once the part is ready (its readiness endpoint answers 200, say). */
  ready: () => Promise<boolean>;
  /** Where the supervisor's lines go. */
  log: (line: string) => void;
  /** Called once when the part is given up on. */
  onGiveUp?: () => void;
  /**
   * False once the whole hub is stopping: a part that stops then (Ctrl-C reaches every process of the
   * group at once) is not restarted, even before its own stop is asked for.
   */
  keepRunning?: () => boolean;
  /**
   * Parts this one needs (a subgraph needs the database): while one of them is down, a failure of this
   * part is its fault, not this part's, so it is not counted toward giving up; the part is started again
   * every MAX_BACKOFF_MS until they are back.
   */
  needs?: readonly Supervised[];
  maxRestarts?: number;
  stableMs?: number;
  readyTimeoutMs?: number;
}

export interface Supervised {
  name: string;
  /** Resolves true once the part is first ready, false if it is given up on before. */
  firstReady: Promise<boolean>;
  /** The running part's pid, if one runs. */
  pid(): number | undefined;
  /** True while a run of the part is ready (between its readiness and its end). */
  up(): boolean;
  stop(): Promise<void>;
}

const LAST_LINES = 10;
const MAX_BACKOFF_MS = 30_000;

/**
 * A Node process as a part: its output relayed line by line (`onLine`), stopped with SIGTERM (it drains:
 * kit/shutdown.ts) and killed if it is still there after `stopTimeoutMs` (more than its own bound, so a
 * drain is never cut short).
 */
export function processPart(child: ChildProcess, onLine: (line: string) => void, stopTimeoutMs: number): Running {
  let lines: string[] = [];
  eachLine([child.stdout, child.stderr], (line) => {
    lines = [...lines.slice(1 - LAST_LINES), line];
    onLine(line);
  });
  // 'close', not 'exit': the process's last lines have been read too (they name why it stopped).
  const exited = new Promise<string>((resolve) =>
    child.once('close', (code, signal) => resolve(signal ? `killed by ${signal}` : `exit code ${code}`)),
  );
  return {
    pid: child.pid,
    exited,
    lastLines: () => lines,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Polls `ready` every 100 ms until it says yes; false when `abandoned()` says to stop waiting. */
async function waitReady(ready: () => Promise<boolean>, abandoned: () => boolean): Promise<boolean> {
  while (!abandoned()) {
    if (await ready().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** A readiness endpoint's check: true when it answers 200 within 2 s. */
export const answers200 = (url: string) => async () => {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.body?.cancel();
  return response.ok;
};

export function supervise({
  name,
  launch,
  ready,
  log,
  onGiveUp,
  keepRunning = () => true,
  needs = [],
  maxRestarts = 5,
  stableMs = 60_000,
  readyTimeoutMs = 120_000,
}: SuperviseOptions): Supervised {
  let current: Running | undefined;
  let stopping = false;
  let restarts = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let isUp = false;
  /** A start under way (launch has not returned yet). */
  let launching: Promise<Running> | undefined;
  let settleFirst: (isReady: boolean) => void = () => {};
  const firstReady = new Promise<boolean>((resolve) => {
    settleFirst = resolve;
  });

  /** The part stopped (or could not start) for `reason`: start it again after a backoff, or give up. */
  const failed = (reason: string, readyAt: number | undefined, lastLines: string[]) => {
    // A part that stayed up a while starts a new count: an occasional crash is never "keeps failing".
    if (readyAt !== undefined && Date.now() - readyAt >= stableMs) restarts = 0;
    const down = needs.filter((part) => !part.up()).map((part) => part.name);
    if (down.length) {
      restartTimer = setTimeout(() => void run(), MAX_BACKOFF_MS);
      log(`${name} stopped (${reason}) while ${down.join(', ')} is down; starting it again in ${MAX_BACKOFF_MS / 1000} s`);
      return;
    }
    if (restarts >= maxRestarts) {
      current = undefined;
      settleFirst(false);
      log(
        `${name} keeps failing: it stopped (${reason}) after ${restarts} restarts in a row; no more restarts.` +
          `${lastLines.length ? ` Its last output:\n  ${lastLines.slice(-3).join('\n  ')}` : ''}`,
      );
      onGiveUp?.();
      return;
    }
    restarts += 1;
    const delay = Math.min(1000 * 2 ** (restarts - 1), MAX_BACKOFF_MS);
    restartTimer = setTimeout(() => void run(), delay);
    log(`${name} stopped (${reason}); restarting it in ${delay / 1000} s (restart ${restarts} of at most ${maxRestarts} in a row)`);
  };

  const run = async () => {
    let running: Running;
    try {
      launching = Promise.resolve().then(launch);
      running = await launching;
    } catch (error) {
      if (!stopping && keepRunning()) failed((error as Error).message, undefined, []);
      return;
    } finally {
      launching = undefined;
    }
    current = running;
    // Asked to stop while it was starting: stop's own call (below) waits for this start, then stops it.
    if (stopping) return;
    let readyAt: number | undefined;
    let gone = false;
    isUp = false;
    const notReady = setTimeout(() => {
      log(`${name} was not ready within ${readyTimeoutMs / 1000} s; stopping it`);
      void running.stop();
    }, readyTimeoutMs);
    void waitReady(ready, () => stopping || gone).then((isReady) => {
      clearTimeout(notReady);
      if (!isReady) return;
      readyAt = Date.now();
      isUp = true;
      if (restarts > 0) log(`${name} is back after ${restarts} restart${restarts > 1 ? 's' : ''}`);
      settleFirst(true);
    });
    const reason = await running.exited;
    gone = true;
    isUp = false;
    current = undefined;
    clearTimeout(notReady);
    if (!stopping && keepRunning()) failed(reason, readyAt, running.lastLines());
  };
  void run();

  return {
    name,
    firstReady,
    pid: () => current?.pid,
    up: () => isUp,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      // A part still starting is waited for, then stopped: none is left running behind the hub.
      await launching?.then(
        () => undefined,
        () => undefined,
      );
      await current?.stop();
    },
  };
}
