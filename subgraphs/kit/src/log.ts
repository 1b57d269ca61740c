/**
 * Structured logs (pino), the same for the gateway and every subgraph: one JSON object a line, with the
 * service's name, so a collector can index them. `LOG_FORMAT=text` renders the same records as plain lines
 * (the message, then the fields as key=value), the default outside production, where a developer reads
 * `pnpm start`'s output (the start command prefixes each line with its service).
 * Nothing secret is logged: the code passes no token or header, and the paths below are redacted in case.
 */
import { writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { type DestinationStream, type Logger, pino, stdSerializers } from 'pino';
import { z } from 'zod';
import { parseEnv } from './config.ts';
import { isProduction } from './secrets.ts';

export type { DestinationStream, Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'json' | 'text';

export interface LogOptions {
  level?: LogLevel;
  format?: LogFormat;
  /** Where the lines go (tests capture them); standard output by default. */
  destination?: DestinationStream;
}

/** Names of fields that carry a credential, never written even if a caller passes them by mistake. */
const CREDENTIALS = ['authorization', 'Authorization', 'cookie', 'headers', 'password', 'secret', 'token'];

/** Each credential field at the top of a record and three levels down (pino's paths name each level). */
const REDACTED = CREDENTIALS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]);

/**
 * The level and format a process logs with: `LOG_LEVEL` (info by default) and `LOG_FORMAT` (json in
 * production, text elsewhere). An entry point reads them once at start-up, with the rest of its config.
 */
export function logConfig(env: NodeJS.ProcessEnv = process.env): { level: LogLevel; format: LogFormat } {
  const parsed = parseEnv(
    z.object({ LOG_LEVEL: z.enum(LOG_LEVELS).default('info'), LOG_FORMAT: z.enum(['json', 'text']).optional() }),
    env,
  );
  return { level: parsed.LOG_LEVEL, format: parsed.LOG_FORMAT ?? (isProduction(env) ? 'json' : 'text') };
}

/**
 * The logger a service gets when it is built without one (in-process: tests, the benchmark's hub): as
 * configured, but silent under vitest unless LOG_LEVEL is set, so test output stays readable. A process
 * started from its entry point logs at info whoever started it (its ready line is what tests wait for).
 */
export function defaultLogger(service: string): Logger {
  const config = logConfig();
  const quiet = process.env.VITEST && !process.env.LOG_LEVEL;
  return createLogger(service, { ...config, level: quiet ? 'silent' : config.level });
}

export function createLogger(service: string, { level, format, destination }: LogOptions = {}): Logger {
  const config = level && format ? { level, format } : { ...logConfig(), ...(level ? { level } : {}), ...(format ? { format } : {}) };
  const stream = destination ?? (config.format === 'text' ? textStream() : pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: config.level,
      base: { service, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED, censor: '[redacted]' },
      serializers: { err: stdSerializers.err },
      // The level by name ("info"), not number: read by people and collectors alike.
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
}

/** Fields every line has; the text format leaves them out (the start command names the service). */
const ENVELOPE = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg', 'err']);

const textOf = (value: unknown): string => {
  if (Array.isArray(value)) return value.map(textOf).join(',');
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\s"=]/.test(text) ? JSON.stringify(text) : text;
};

/**
 * A JSON record as one plain line: its message, then its other fields as key=value; an error's stack on
 * the lines after. Errors and warnings go to standard error, the rest to standard output, both written at
 * once (a process that exits right after a line still writes it whole).
 */
export function textLine(json: string): { line: string; toStderr: boolean } {
  const record = JSON.parse(json) as Record<string, unknown> & { level?: string; msg?: string; err?: { message?: string; stack?: string } };
  const fields = Object.entries(record)
    .filter(([key, value]) => !ENVELOPE.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${textOf(value)}`);
  const stack = record.err?.stack ?? record.err?.message;
  const line = [record.msg ?? '', ...fields].filter(Boolean).join(' ') + (stack ? `\n  ${stack.replace(/\n/g, '\n  ')}` : '');
  return { line, toStderr: record.level === 'error' || record.level === 'fatal' || record.level === 'warn' };
}

function textStream(): DestinationStream {
  return {
    write(json: string) {
      const { line, toStderr } = textLine(json);
      writeSync(toStderr ? 2 : 1, `${line}\n`);
    },
  };
}

/** Lines written to memory, parsed: tests read what a service logged. */
export function memoryDestination(): DestinationStream & { records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  return {
    records,
    write(json: string) {
      records.push(JSON.parse(json) as Record<string, unknown>);
    },
  };
}
