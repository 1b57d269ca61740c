/** Reading a Prometheus text exposition (a service's /metrics), for tests. */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of an exposition, comments left out. */
export function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`Not a Prometheus sample: ${line}`);
      const [, name = '', labels = '', value = ''] = match;
      return {
        name,
        labels: Object.fromEntries([...labels.matchAll(LABEL)].map(([, key = '', v = '']) => [key, v.replace(/\\(.)/g, '$1')])),
        value: Number(value),
      };
    });
}

/** The samples of one series name whose labels include `labels`. */
export const samplesOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value));

/** The sum of the values of those samples (0 when there is none). */
export const sumOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samplesOf(samples, name, labels).reduce((sum, s) => sum + s.value, 0);

/** Scrapes a service's /metrics, given its GraphQL URL. */
export async function scrape(graphqlUrl: string, headers: Record<string, string> = {}): Promise<Sample[]> {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'), { headers });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}: ${await response.text()}`);
  return parseMetrics(await response.text());
}
