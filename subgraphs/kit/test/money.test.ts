import { type GraphQLError, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { Decimal, moneyInput } from '../src/money.ts';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return { code: (error as GraphQLError).extensions.code, message: (error as Error).message };
  }
  throw new Error('Expected a refusal.');
};

describe('money from a client', () => {
  it('takes up to what a money column holds, and refuses more with BAD_USER_INPUT naming the field', () => {
    expect(moneyInput('999999999999.99', 'amountCny')).toBe('999999999999.99');
    expect(moneyInput('000000000001.50', 'amountCny')).toBe('000000000001.50');
    expect(refusal(() => moneyInput('99999999999999.99', 'amountCny'))).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'amountCny is at most 12 digits before the point (under a trillion yuan); got 99999999999999.99.',
    });
    expect(refusal(() => moneyInput('12.345', 'unitPriceCny')).code).toBe('BAD_USER_INPUT');
    expect(refusal(() => moneyInput('-1.00', 'unitPriceCny')).code).toBe('NEGATIVE_PRICE');
  });

  it('refuses a JSON number or a bare numeric literal: money never passes through floating point', () => {
    expect(Decimal.parseValue('0.30')).toBe('0.30');
    expect(refusal(() => Decimal.parseValue(0.3)).code).toBe('BAD_USER_INPUT');
    expect(refusal(() => Decimal.parseLiteral({ kind: Kind.FLOAT, value: '0.3' })).message).toMatch(/never a bare number/);
    expect(Decimal.parseLiteral({ kind: Kind.STRING, value: '1250.00' })).toBe('1250.00');
    // What the services compute may come as a number from SQL; it is written out as a string.
    expect(Decimal.serialize(1250)).toBe('1250');
  });
});
