/** Asking again, a bounded number of times, what only reads (a subgraph's question, the gateway's read). */

/** The first wait before asking again, doubled each time (100 ms, 200 ms, ...). */
const BACKOFF_MS = 100;

/**
 * Runs `attempt`; when it fails with an error `retryable` accepts, runs it again after a backoff, at most
 * `retries` more times. The last failure is thrown as it is. Only for what is safe to ask twice: a read.
 */
export async function withRetries<T>(retries: number, attempt: () => Promise<T>, retryable: (error: unknown) => boolean): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= retries || !retryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS * 2 ** tries));
    }
  }
}
