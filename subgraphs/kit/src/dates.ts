/**
 * The two scalars every subgraph types its days and instants with, so a client sees a calendar date where
 * the notice speaks of a day (a batch's window, a due date, an opening day) and an instant where the
 * programme records when something happened. Both travel as ISO 8601 strings, as `String` fields did.
 * Every subgraph that declares `scalar Date` or `scalar DateTime` uses these implementations.
 */
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { dateOf, isDate } from './time.ts';

const refuse = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** An offset is required from clients: an instant without one would be read in whichever zone the reader is. */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function dateInput(value: unknown): string {
  if (typeof value === 'string' && isDate(value)) return value;
  throw refuse(`Date expects a calendar date written YYYY-MM-DD, e.g. "2015-09-30"; got ${JSON.stringify(value)}.`);
}

function dateTimeInput(value: unknown): Date {
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  const instant = match ? new Date(value as string) : undefined;
  if (match?.[1] && isDate(match[1]) && instant && !Number.isNaN(instant.getTime())) return instant;
  throw refuse(
    `DateTime expects an instant written ISO 8601 with its offset, e.g. "2015-09-30T18:00:00+08:00"; got ${JSON.stringify(value)}.`,
  );
}

const literal =
  <T>(name: string, read: (value: string) => T) =>
  (ast: ValueNode): T => {
    if (ast.kind !== Kind.STRING) throw refuse(`${name} expects a string.`);
    return read(ast.value);
  };

/**
 * A calendar day, `YYYY-MM-DD`, in the programme's zone (Asia/Shanghai). Resolvers give the column's text
 * or an instant (read as the day it falls on in Asia/Shanghai).
 */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  serialize: (value) => (value instanceof Date ? dateOf(value) : dateInput(value)),
  parseValue: dateInput,
  parseLiteral: literal('Date', dateInput),
});

/** An instant, written ISO 8601 in UTC (`2015-09-30T10:00:00.000Z`); clients may send any offset. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value : dateTimeInput(value)).toISOString(),
  parseValue: dateTimeInput,
  parseLiteral: literal('DateTime', dateTimeInput),
});
