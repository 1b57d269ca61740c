/**
 * Graceful shutdown, the same for the gateway and every subgraph: on SIGTERM (or Ctrl-C) the service stops
 * taking requests, lets those in flight finish within a grace period, closes its pools, and exits. A stop
 * that still hangs past the grace and a margin ends the process anyway: shutdown is always bounded.
 */
import { z } from 'zod';
import { parseEnv } from './config.ts';
import { SHUTDOWN_GRACE_MS } from './http.ts';
import { createLogger, type Logger } from './log.ts';

/**
 * Time for closing pools after the requests have drained (database.ts gives a pool 5 s to end), before the
 * process is ended regardless.
 */
const CLOSE_MARGIN_MS = 10_000;

/** How long requests in flight may take to finish on shutdown: `SHUTDOWN_GRACE_MS`, 10 s by default. */
export function shutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  return parseEnv(z.object({ SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(SHUTDOWN_GRACE_MS) }), env).SHUTDOWN_GRACE_MS;
}

/** The longest a service takes to stop on SIGTERM, its grace and the margin for closing: a supervisor waits this long before it kills. */
export const stopBoundMs = (env: NodeJS.ProcessEnv = process.env) => shutdownGraceMs(env) + CLOSE_MARGIN_MS;

/**
 * Runs `stop(graceMs)` once on the first SIGTERM or SIGINT (Ctrl-C reaches both the start command and its
 * children: a second signal changes nothing), then exits 0; if it fails or takes longer than the grace
 * plus CLOSE_MARGIN_MS, exits 1 saying so.
 */
export function stopOnSignal(service: string, stop: (graceMs: number) => Promise<void>, logger: Logger = createLogger(service)): void {
  const graceMs = shutdownGraceMs();
  const boundMs = stopBoundMs();
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${service}: ${signal}: draining requests in flight (at most ${graceMs / 1000} s), then stopping`);
    setTimeout(() => {
      logger.error(`${service}: did not stop within ${boundMs / 1000} s; exiting anyway`);
      process.exit(1);
    }, boundMs).unref();
    stop(graceMs).then(
      () => {
        logger.info(`${service}: stopped`);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, `${service}: stopping failed`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
