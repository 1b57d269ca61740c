/**
 * Exact decimal arithmetic for money and quantities: values travel as strings ("1250.00"), are stored as
 * SQL numeric and are computed as integers of 1/10,000, never as floating point.
 */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { badInput, ruleError } from './errors.ts';

const SCALE = 10_000n;

/** What the Decimal scalar accepts; a column narrower than this refuses a larger value with BAD_USER_INPUT. */
const DECIMAL = /^-?\d{1,16}(\.\d{1,4})?$/;

export function toUnits(decimal: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(decimal.trim());
  if (!match) throw badInput(`${decimal} is not a decimal number.`);
  const [, sign, whole = '0', fraction = ''] = match;
  const units = BigInt(whole) * SCALE + BigInt(fraction.padEnd(4, '0'));
  return sign ? -units : units;
}

/** Formats with 1 to 4 decimals, rounding half away from zero. */
export function formatDecimal(units: bigint, places: 1 | 2 | 3 | 4): string {
  const negative = units < 0n;
  const step = 10n ** BigInt(4 - places);
  const rounded = ((negative ? -units : units) + step / 2n) / step;
  const unit = 10n ** BigInt(places);
  return `${negative && rounded > 0n ? '-' : ''}${rounded / unit}.${String(rounded % unit).padStart(places, '0')}`;
}

/** Money: two decimals (fen). */
export const formatCny = (units: bigint) => formatDecimal(units, 2);

export const sumCny = (amounts: readonly string[]) => formatCny(amounts.reduce((sum, a) => sum + toUnits(a), 0n));

/** quantity × unit price, rounded to the fen. */
export const multiplyCny = (quantity: string, unitPrice: string) => formatCny((toUnits(quantity) * toUnits(unitPrice)) / SCALE);

/** Money columns are numeric(14, 2): at most 12 digits before the point, under a trillion yuan. */
const MONEY_DIGITS = 12;

/**
 * An amount of money from a client: at most two decimals (fen), since stored amounts are never rounded
 * silently; no more than its column holds; never negative (NEGATIVE_PRICE); and, when `positive`, more
 * than zero.
 */
export function moneyInput(amount: string, field: string, { positive = false } = {}): string {
  if (!/^-?\d+(\.\d{1,2})?$/.test(amount.trim())) {
    throw badInput(`${field} is an amount in CNY with at most two decimals; got ${amount}.`, field);
  }
  if ((/^-?0*(\d+)/.exec(amount.trim())?.[1]?.length ?? 0) > MONEY_DIGITS) {
    throw badInput(`${field} is at most ${MONEY_DIGITS} digits before the point (under a trillion yuan); got ${amount}.`, field);
  }
  const units = toUnits(amount);
  if (units < 0n) throw ruleError('NEGATIVE_PRICE', `${field} must not be negative; got ${amount}.`, { field });
  if (positive && units === 0n) throw badInput(`${field} must be more than zero.`, field);
  return amount.trim();
}

/** A column as drizzle describes it; its SQL type, e.g. numeric(10, 1), bounds what it takes. */
export interface SqlColumn {
  getSQLType(): string;
}

/** How many digits a decimal string has before the point, leading zeros aside. */
const wholeDigits = (decimal: string) => /^-?0*(\d*)/.exec(decimal.trim())?.[1]?.length ?? 0;

/**
 * A quantity from a client (kilowatts, a PUE, a contract line's quantity) for a numeric(precision, scale)
 * column, checked against the column itself: at most `scale` decimals (trailing zeros aside), since the
 * column would round the rest silently, and at most precision − scale digits before the point, since the
 * database would refuse more without naming the field.
 */
export function decimalInput(value: string, field: string, column: SqlColumn): string {
  const [, precision, scale = '0'] = /^numeric\((\d+)(?:,\s*(\d+))?\)$/.exec(column.getSQLType()) ?? [];
  if (!precision) return value.trim();
  const [digits, places] = [Number(precision) - Number(scale), Number(scale)];
  const decimals = /\.(\d*?)0*$/.exec(value.trim())?.[1]?.length ?? 0;
  if (decimals > places || wholeDigits(value) > digits) {
    throw badInput(`${field} takes at most ${digits} digits before the point and ${places} after; got ${value}.`, field);
  }
  return value.trim();
}

/** True when an amount (in 1/10,000 of a yuan) fits a money column, numeric(14, 2), once rounded to the fen. */
export const fitsMoneyColumn = (units: bigint) => wholeDigits(formatCny(units)) <= MONEY_DIGITS;

/**
 * A Decimal arrives as a string: a JSON number has already passed through floating point (0.1 + 0.2), so
 * it is refused rather than trusted. Values the services produce may be numbers (sums in SQL).
 */
function parseDecimal(value: unknown, { fromClient }: { fromClient: boolean }): string {
  const text = typeof value === 'number' && !fromClient ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text)) {
    throw new GraphQLError(
      `Decimal expects a number written as a string with at most 16 digits before the point and 4 after, e.g. "1250.00"; got ${JSON.stringify(value)}.`,
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  }
  return text;
}

/**
 * Money and other exact quantities travel as strings ("1250.00"), never as floating point. Every
 * subgraph that declares `scalar Decimal` uses this one implementation.
 */
export const Decimal = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  serialize: (value) => parseDecimal(value, { fromClient: false }),
  parseValue: (value) => parseDecimal(value, { fromClient: true }),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Decimal expects a string such as "1250.00", never a bare number.', {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return parseDecimal(ast.value, { fromClient: true });
  },
});
