/** One moment per operation: what the gateway and every subgraph decide before anything runs (moment.ts). */
import type { IncomingMessage } from 'node:http';
import { type GraphQLError, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { secretKey, signSubgraphToken, subgraphRequestOf } from '../src/identity.ts';
import { askedByGateway, askedByHeader, fragmentsOf, momentOfOperation } from '../src/moment.ts';
import { newKeys } from '../src/secrets.ts';

const NOW = new Date('2026-05-01T04:00:00Z');
/** The end of 30 September 2015 in Asia/Shanghai: what "2015-09-30" means. */
const END_OF_SEPT_30 = new Date('2015-09-30T16:00:00Z');

/** The moment of an operation as written, with variables and the As-Of header a client sent. */
function momentOf(query: string, { variables, header }: { variables?: Record<string, unknown>; header?: string } = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  return momentOfOperation({ operation, fragments: fragmentsOf(document), variables, asked: askedByHeader(header), now: NOW });
}

/** The refusal of an operation's moment: its code, field, HTTP status and message. */
function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    const { extensions, message } = error as GraphQLError;
    return {
      code: extensions.code,
      field: extensions.field,
      status: (extensions.http as { status?: number } | undefined)?.status,
      message,
    };
  }
  throw new Error('Expected a refusal.');
}

describe("an operation's one moment", () => {
  it('is the operation\'s "now" when nobody asks for one', () => {
    expect(momentOf('{ units { totalCount } }')).toEqual({ at: NOW, asOf: false });
    // A null or omitted root asOf asks nothing.
    expect(momentOf('query Q($at: String) { overdueSystems(asOf: $at) { totalCount } }', { variables: { at: null } })).toEqual({
      at: NOW,
      asOf: false,
    });
  });

  it('is the As-Of header, for any operation: a date means the end of that day in Asia/Shanghai', () => {
    expect(momentOf('{ unit(id: "nanan-district") { monthlyCost { totalCny } } }', { header: '2015-09-30' })).toEqual({
      at: END_OF_SEPT_30,
      asOf: true,
    });
    expect(momentOf('{ units { totalCount } }', { header: '2015-09-30T18:00:00+08:00' }).at).toEqual(new Date('2015-09-30T10:00:00Z'));
  });

  it("is a root field's asOf, literal or variable, through fragments, lifted to the whole operation", () => {
    expect(momentOf('{ overdueSystems(asOf: "2015-09-30", batch: 1) { totalCount } }')).toEqual({ at: END_OF_SEPT_30, asOf: true });
    expect(
      momentOf('query Q($at: String) { progressReport(groupBy: BATCH, asOf: $at) { asOf } }', { variables: { at: '2015-09-30' } }).at,
    ).toEqual(END_OF_SEPT_30);
    expect(
      momentOf('query Q($at: String = "2015-09-30") { ...F } fragment F on Query { overdueSystems(asOf: $at) { totalCount } }').at,
    ).toEqual(END_OF_SEPT_30);
    // A root field left out by @skip asks nothing.
    expect(momentOf('{ overdueSystems(asOf: "2015-09-30") @skip(if: true) { totalCount } }').asOf).toBe(false);
    // Nested asOf arguments ask for their own field only.
    expect(momentOf('{ system(id: "x") { stage(asOf: "2015-09-30") } }')).toEqual({ at: NOW, asOf: false });
  });

  it('takes the header and root asOf values together when they name the same instant', () => {
    const agreeing = momentOf(
      '{ a: overdueSystems(asOf: "2015-09-30") { totalCount } b: progressReport(groupBy: BATCH, asOf: "2015-10-01T00:00:00+08:00") { asOf } }',
      { header: '2015-09-30' },
    );
    expect(agreeing).toEqual({ at: END_OF_SEPT_30, asOf: true });
  });

  it('refuses moments that differ, naming them (BAD_USER_INPUT, HTTP 400)', () => {
    const roots = refusal(() =>
      momentOf('{ a: overdueSystems(asOf: "2015-09-30") { totalCount } b: progressReport(groupBy: BATCH, asOf: "2015-12-31") { asOf } }'),
    );
    expect(roots).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf', status: 400 });
    expect(roots.message).toMatch(/one moment.*overdueSystems\(asOf: "2015-09-30"\).*progressReport\(asOf: "2015-12-31"\)/);
    const header = refusal(() => momentOf('{ overdueSystems(asOf: "2015-09-30") { totalCount } }', { header: '2015-10-31' }));
    expect(header.message).toMatch(/the As-Of header means 2015-10-31T16:00:00.000Z, overdueSystems\(asOf: "2015-09-30"\) means/);
  });

  it('refuses a mutation asked as of any moment: history is not rewritten', () => {
    const asked = refusal(() =>
      momentOf('mutation { markCentralised(input: { systemId: "x", expectedVersion: 1 }) { id } }', { header: '2015-09-30' }),
    );
    expect(asked).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf', status: 400 });
    expect(asked.message).toMatch(/history is not rewritten/);
    expect(momentOf('mutation { markCentralised(input: { systemId: "x", expectedVersion: 1 }) { id } }')).toEqual({ at: NOW, asOf: false });
  });

  it('refuses a malformed header or root asOf, naming it', () => {
    expect(refusal(() => momentOf('{ units { totalCount } }', { header: 'last tuesday' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      status: 400,
      message: expect.stringMatching(/^The As-Of header: asOf must be a date/),
    });
    expect(refusal(() => momentOf('{ overdueSystems(asOf: "2015-02-30") { totalCount } }')).message).toMatch(
      /^overdueSystems: asOf must be a date/,
    );
  });
});

describe('the moment a subgraph is given', () => {
  const key = secretKey(newKeys().subgraphSecret);
  const request = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as IncomingMessage;
  const analyst = { id: 'expert', role: 'analyst' as const };

  it('travels signed in the subgraph token, with whether it was asked for', async () => {
    const asked = await subgraphRequestOf(request(await signSubgraphToken(analyst, key, { at: END_OF_SEPT_30, asOf: true })), key);
    expect(asked).toEqual({ viewer: analyst, moment: { at: END_OF_SEPT_30, asOf: true } });
    const live = await subgraphRequestOf(request(await signSubgraphToken(analyst, key, { at: NOW, asOf: false })), key);
    expect(live.moment).toEqual({ at: NOW, asOf: false });
    // A token naming no moment (a test's): the subgraph takes its own "now".
    expect((await subgraphRequestOf(request(await signSubgraphToken(analyst, key)), key)).moment).toBeUndefined();
  });

  it("becomes the operation's asked moment at the subgraph, which root asOf values must agree with", () => {
    expect(askedByGateway({ at: NOW, asOf: false })).toBeUndefined();
    const asked = askedByGateway({ at: END_OF_SEPT_30, asOf: true });
    const document = parse('{ overdueSystems(asOf: "2015-12-31") { totalCount } }');
    const operation = document.definitions[0] as OperationDefinitionNode;
    const differ = refusal(() => momentOfOperation({ operation, fragments: {}, asked, now: NOW }));
    expect(differ.message).toMatch(/the operation's moment \(as the gateway signed it\) means 2015-09-30T16:00:00.000Z/);
  });

  it('cannot be forged: a token with another secret is refused', async () => {
    const forged = await signSubgraphToken(analyst, secretKey(newKeys().subgraphSecret), { at: END_OF_SEPT_30, asOf: true });
    await expect(subgraphRequestOf(request(forged), key)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
