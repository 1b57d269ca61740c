import { badInput } from './errors.ts';

/**
 * The programme keeps its dates in Asia/Shanghai. China has had no daylight-saving time since 1991, so
 * the zone is exactly UTC+08:00 for every date the programme knows; a fixed offset keeps the arithmetic
 * independent of the server's time zone and of the database session's.
 */
export const PROGRAMME_OFFSET = '+08:00';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** True for a real calendar date written YYYY-MM-DD; year 0000 is none (PostgreSQL's calendar has no year 0). */
export function isDate(text: string): boolean {
  if (!DATE.test(text) || text.startsWith('0000')) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}

/** The first instant of a calendar day in Asia/Shanghai. */
export const startOfDay = (date: string) => new Date(`${date}T00:00:00${PROGRAMME_OFFSET}`);

/** The calendar day after `date` (YYYY-MM-DD). */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The instant a day ends in Asia/Shanghai: a deadline "by 30 September" passes at this moment. */
export const endOfDay = (date: string) => startOfDay(nextDay(date));

/** The calendar date (YYYY-MM-DD) an instant falls on in Asia/Shanghai. */
export const dateOf = (instant: Date) => new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The day whose facts a moment reads, for facts kept by the day (contracts in force, placements, circuits,
 * tariffs' validity): the day the moment closes or falls in. A date asked for means the end of that day
 * (parseAsOf), which is the first instant of the next: it still reads that day, so "as of 2015-09-30"
 * counts what held on 30 September. Now, it is today.
 */
export const dayOfMoment = (moment: Date) => dateOf(new Date(moment.getTime() - 1));

/**
 * Reads an `asOf` argument: a date means the end of that day in Asia/Shanghai (everything that happened
 * on the day counts); a date-time with an offset is that instant; one without an offset is read in
 * Asia/Shanghai. Without an argument: `now`, the request's own moment (taken once per request).
 */
export function parseAsOf(asOf: string | null | undefined, now: Date): Date {
  if (asOf == null) return now;
  if (isDate(asOf)) return withinMoments(endOfDay(asOf), asOf);
  if (DATE_TIME.test(asOf) && isDate(asOf.slice(0, 10))) {
    const hasOffset = /(Z|[+-]\d{2}:\d{2})$/.test(asOf);
    const instant = new Date(hasOffset ? asOf : `${asOf}${PROGRAMME_OFFSET}`);
    if (!Number.isNaN(instant.getTime())) return withinMoments(instant, asOf);
  }
  throw badInput(`asOf must be a date (2015-11-01) or a date-time (2015-11-01T18:00:00+08:00); got ${asOf}.`, 'asOf');
}

/**
 * The moments a question may be asked as of. The programme's records begin in 2015; near the calendar's
 * ends (years 0000 and 10000) the day a moment falls in, or a day after it, could not be written as
 * YYYY-MM-DD, and PostgreSQL would refuse it.
 */
export const MOMENTS = { from: '1900-01-01', until: '2999-12-31' } as const;

function withinMoments(instant: Date, asOf: string): Date {
  if (instant < startOfDay(MOMENTS.from) || instant > endOfDay(MOMENTS.until)) {
    throw badInput(`asOf must fall between ${MOMENTS.from} and ${MOMENTS.until}; got ${asOf}.`, 'asOf');
  }
  return instant;
}

/** Reads a required calendar-date argument, naming the field when it is not one. */
export function parseDate(text: string, field: string): string {
  if (!isDate(text)) throw badInput(`${field} must be a date written YYYY-MM-DD; got ${text}.`, field);
  return text;
}

/** An instant as the API writes it: ISO 8601 in UTC. */
export const iso = (instant: Date) => instant.toISOString();
