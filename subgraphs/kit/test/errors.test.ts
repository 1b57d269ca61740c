/** Database failures become codes of the catalogue; anything else is internal and keeps its message to the log. */
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatError } from '../src/server.ts';

const internal = { message: 'raw', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
const databaseError = (code: string, detail?: string) =>
  Object.assign(new Error('duplicate key value violates unique constraint "contracts_pkey"'), { code, detail });

describe('formatError', () => {
  it('answers a unique violation with ALREADY_EXISTS naming the key, not the SQL', () => {
    expect(formatError(internal, databaseError('23505', 'Key (id)=(test-contract) already exists.'))).toEqual({
      message: 'That record already exists: (id)=(test-contract).',
      extensions: { code: 'ALREADY_EXISTS' },
    });
  });

  it('answers a lost race with CONFLICT and a number too large with BAD_USER_INPUT', () => {
    expect(formatError(internal, databaseError('40P01')).extensions?.code).toBe('CONFLICT');
    expect(formatError(internal, databaseError('22003')).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('hides any other failure behind INTERNAL_SERVER_ERROR, and passes rule errors as they are', () => {
    expect(formatError(internal, new Error('connect ECONNREFUSED 10.0.0.5:5432 password=secret'))).toEqual({
      message: 'Internal error: the failure is logged on the server.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    // Its cause goes to the log with the request's id (kit/requests.ts; test/observability.test.ts).
    const rule = { message: '§3: steps go in order', extensions: { code: 'STEP_OUT_OF_ORDER' } };
    expect(formatError(rule, new GraphQLError(rule.message))).toBe(rule);
  });
});
