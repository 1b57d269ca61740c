/**
 * Bad input, through the gateway over real HTTP: requests that are not GraphQL, GraphQL that does not
 * parse or validate, variables of the wrong type, unknown ids, amounts and quantities too large for their
 * columns, impossible dates, and texts no column can hold. Each is answered as GraphQL over HTTP says
 * (https://graphql.github.io/graphql-over-http/draft/), with a code a client can switch on and a message
 * naming what is wrong; none is an internal error, a server error status or a stack trace, and a refusal
 * writes nothing. Operations are raw strings here: most are malformed on purpose.
 */

import type { Viewer } from '@cq/kit/identity';
import { ANALYST, FINANCE, OFFICE, officerOf, PARK_OPERATOR, vendorStaff } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, answerOf, problemsOf } from '../src/answers.ts';
import { type Hub, startHub } from '../src/hub.ts';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/** Sends a raw request to the gateway; the answer must be well formed whatever was sent. */
async function send(init: RequestInit, search = ''): Promise<Answer> {
  const answer = await answerOf(await fetch(`${hub.url}${search}`, init));
  expect(problemsOf(answer)).toEqual([]);
  return answer;
}

/** Posts an operation as JSON, as the viewer when one is given. */
async function post(query: string, variables: unknown = {}, viewer?: Viewer, headers: Record<string, string> = {}) {
  const auth: Record<string, string> = viewer ? { authorization: `Bearer ${await hub.token(viewer)}` } : {};
  return send({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth, ...headers },
    body: JSON.stringify({ query, variables }),
  });
}

/** The first error of an answer, with its code and field. */
function firstError(answer: Answer) {
  const [error] = (answer.body as { errors?: { message: string; extensions: { code: string; field?: string } }[] }).errors ?? [];
  if (!error) throw new Error(`Expected an error, got ${JSON.stringify(answer.body)}`);
  return { message: error.message, code: error.extensions.code, field: error.extensions.field };
}

/** The data of an answer that must have some. */
function dataOf(answer: Answer): Record<string, unknown> {
  const { data } = answer.body as { data?: Record<string, unknown> | null };
  if (!data) throw new Error(`Expected data, got ${JSON.stringify(answer.body)}`);
  return data;
}

/** GraphQL requests each subgraph has received so far: a refusal at the gateway reaches none. */
const subgraphRequests = () => ['units', 'vendors', 'park', 'telecom'].map((name) => hub.subgraph(name).listening.requests.count);

const BATCHES = '{ batches { number } }';

describe('GraphQL over HTTP at the gateway', () => {
  it('refuses bodies that are not a GraphQL request with 400 and BAD_REQUEST, saying what is wrong', async () => {
    const json = { 'content-type': 'application/json' };
    const cases: [string, RegExp][] = [
      ['{"query": ', /could not be read: send a GraphQL request as JSON/],
      ['[{"query": "{ batches { number } }"}]', /batching disabled/i],
      ['"{ batches { number } }"', /POST body missing, invalid Content-Type, or JSON object has no keys/],
      ['{}', /POST body missing/],
      ['{"query": 5}', /GraphQL queries must be strings/],
      ['{"query": "{ batches { number } }", "variables": 5}', /`variables` in a POST body must be an object/],
      ['{"query": "{ batches { number } }", "operationName": 5}', /`operationName` in a POST body must be a string/],
      ['{"query": "{ batches { number } }", "extensions": []}', /`extensions` in a POST body must be an object/],
    ];
    for (const [body, message] of cases) {
      const answer = await send({ method: 'POST', headers: json, body });
      expect([body, answer.status]).toEqual([body, 400]);
      expect(firstError(answer)).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
    }
  });

  it('answers parse, validation and variable errors with 400, in application/graphql-response+json when the client accepts it', async () => {
    const failures: [string, unknown, string, RegExp][] = [
      ['{ batches ', {}, 'GRAPHQL_PARSE_FAILED', /^Syntax Error: Expected Name, found <EOF>/],
      ['{ batches { nope } }', {}, 'GRAPHQL_VALIDATION_FAILED', /Cannot query field "nope" on type "Batch"/],
      ['query ($n: Int!) { units(first: $n) { totalCount } }', { n: 'ten' }, 'BAD_USER_INPUT', /Variable "\$n" got invalid value "ten"/],
      [
        'query ($n: Int!) { units(first: $n) { totalCount } }',
        {},
        'BAD_USER_INPUT',
        /Variable "\$n" of required type "Int!" was not provided/,
      ],
    ];
    for (const [query, variables, code, message] of failures) {
      for (const accept of [undefined, GRAPHQL_RESPONSE, 'application/json']) {
        const answer = await post(query, variables, ANALYST, accept ? { accept } : {});
        expect([query, accept, answer.status]).toEqual([query, accept, 400]);
        expect(answer.contentType).toBe(
          accept === GRAPHQL_RESPONSE ? `${GRAPHQL_RESPONSE}; charset=utf-8` : 'application/json; charset=utf-8',
        );
        expect(firstError(answer)).toMatchObject({ code, message: expect.stringMatching(message) });
      }
    }
  });

  it('negotiates the media type of the answer from Accept, and refuses one it cannot give with 406', async () => {
    const accepting = async (accept: string) => post(BATCHES, {}, undefined, { accept });
    expect((await accepting(GRAPHQL_RESPONSE)).contentType).toBe(`${GRAPHQL_RESPONSE}; charset=utf-8`);
    expect((await accepting(`application/json;q=0.9, ${GRAPHQL_RESPONSE}`)).contentType).toBe(`${GRAPHQL_RESPONSE}; charset=utf-8`);
    expect((await accepting(`${GRAPHQL_RESPONSE};q=0.5, application/json`)).contentType).toBe('application/json; charset=utf-8');
    expect((await accepting('*/*')).contentType).toMatch(/^application\/(graphql-response\+)?json; charset=utf-8$/);
    const ok = await accepting(GRAPHQL_RESPONSE);
    expect([ok.status, dataOf(ok).batches]).toEqual([200, [{ number: 1 }, { number: 2 }, { number: 3 }]]);
    const refused = await accepting('text/html');
    expect(refused.status).toBe(406);
    expect(firstError(refused)).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/does not accept application\/json/) });
  });

  it('refuses an operation it cannot choose with 400 and OPERATION_RESOLUTION_FAILURE, before any subgraph is asked', async () => {
    const before = subgraphRequests();
    const two = 'query A { batches { number } } query B { batches { number } }';
    const unnamed = await send({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: two }) });
    expect(unnamed.status).toBe(400);
    expect(firstError(unnamed)).toEqual({
      code: 'OPERATION_RESOLUTION_FAILURE',
      message: 'Must provide operation name if query contains multiple operations.',
      field: undefined,
    });
    const unknown = await send({
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE },
      body: JSON.stringify({ query: two, operationName: 'C' }),
    });
    expect([unknown.status, firstError(unknown).code, firstError(unknown).message]).toEqual([
      400,
      'OPERATION_RESOLUTION_FAILURE',
      'Unknown operation named "C".',
    ]);
    expect(subgraphRequests()).toEqual(before);
    const chosen = await send({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: two, operationName: 'B' }),
    });
    expect(chosen.status).toBe(200);
  });

  it('runs queries by GET, refuses a mutation by GET with 405 and Allow: POST, and writes nothing', async () => {
    const preflight = { 'apollo-require-preflight': 'true' };
    const query = await send({ method: 'GET', headers: preflight }, `?query=${encodeURIComponent(BATCHES)}`);
    expect([query.status, dataOf(query).batches]).toEqual([200, [{ number: 1 }, { number: 2 }, { number: 3 }]]);
    const mutation = `mutation { createUnit(input: { id: "get-unit", name: "By GET", officialName: "By GET", kind: MUNICIPAL_DEPARTMENT }) { id } }`;
    const auth = { authorization: `Bearer ${await hub.token(OFFICE)}` };
    const response = await fetch(`${hub.url}?query=${encodeURIComponent(mutation)}`, { headers: { ...preflight, ...auth } });
    const answer = await answerOf(response);
    expect(problemsOf(answer)).toEqual([]);
    expect([answer.status, response.headers.get('allow')]).toEqual([405, 'POST']);
    expect(firstError(answer)).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'GET requests only support query operations, not mutation operations',
    });
    const unit = await post('query ($id: ID!) { unit(id: $id) { id } }', { id: 'get-unit' }, ANALYST);
    expect(dataOf(unit)).toEqual({ unit: null });
    // A GET without a preflight header is refused (Apollo Server's CSRF prevention), with 400.
    const simple = await send({ method: 'GET' }, `?query=${encodeURIComponent(BATCHES)}`);
    expect([simple.status, firstError(simple).code]).toEqual([400, 'BAD_REQUEST']);
    const badVariables = await send({ method: 'GET', headers: preflight }, `?query=${encodeURIComponent(BATCHES)}&variables=%7Bnope`);
    expect([badVariables.status, firstError(badVariables).message]).toEqual([400, 'The variables search parameter contains invalid JSON.']);
  });

  it('refuses a media type it does not read with 415, naming it, and a body over the limit with 413', async () => {
    for (const type of ['application/xml', 'application/graphql', 'multipart/form-data; boundary=x']) {
      const answer = await send({ method: 'POST', headers: { 'content-type': type }, body: BATCHES });
      expect([type, answer.status]).toEqual([type, 415]);
      expect(firstError(answer)).toMatchObject({
        code: 'BAD_REQUEST',
        message: `Content-Type ${type} is not served: send a GraphQL request as application/json, or a query by GET.`,
      });
    }
    const asked = await send({ method: 'POST', headers: { 'content-type': 'application/xml', accept: GRAPHQL_RESPONSE }, body: '<q/>' });
    expect([asked.status, asked.contentType]).toEqual([415, `${GRAPHQL_RESPONSE}; charset=utf-8`]);
    const large = await send({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: BATCHES, variables: { pad: 'x'.repeat(1024 * 1024) } }),
    });
    expect([large.status, firstError(large).code]).toEqual([413, 'BAD_REQUEST']);
    expect(firstError(large).message).toMatch(/^The request body is larger than \d+ bytes\.$/);
  });
});

const CREATE_UNIT = 'mutation CreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { id name officialName } }';
const UNIT = 'query Unit($id: ID!) { unit(id: $id) { id name officialName } }';
const unitInput = (id: string, name: string) => ({ id, name, officialName: name, kind: 'MUNICIPAL_DEPARTMENT' });

describe('texts', () => {
  it('keep every Unicode character exactly: combining marks, emoji, right-to-left, 4-byte characters', async () => {
    const names = [
      'Cafe\u0301 e\u0301 n\u0303 (combining marks)',
      '云计算 👩‍💻🇨🇳 family 👨‍👩‍👧‍👦',
      'مركز البيانات \u202Eright-to-left\u202C שלום',
      '𠀀𠀁𪚥 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 (outside the BMP)',
      'tab\tline\nzero\u200Bwidth \uFEFF',
    ];
    for (const [i, name] of names.entries()) {
      const created = await post(CREATE_UNIT, { input: unitInput(`unicode-unit-${i}`, name) }, OFFICE);
      expect(dataOf(created).createUnit).toEqual({ id: `unicode-unit-${i}`, name: name.trim(), officialName: name.trim() });
      expect(dataOf(await post(UNIT, { id: `unicode-unit-${i}` }, ANALYST)).unit).toEqual({
        id: `unicode-unit-${i}`,
        name: name.trim(),
        officialName: name.trim(),
      });
    }
  });

  it('refuse U+0000, lone surrogates and texts over 10,000 characters at the gateway, naming the argument, before any subgraph is asked', async () => {
    const before = subgraphRequests();
    const refusals: [string, RegExp][] = [
      ['a\u0000b', /^createUnit: input\.name \(variable \$input\) holds the character U\+0000 \(NUL\), which no text may hold\.$/],
      [
        'a\uD800b',
        /^createUnit: input\.name \(variable \$input\) holds a lone surrogate \(\\uD800\) at position 1, which is no Unicode character\.$/,
      ],
      ['\uDFFFa', /lone surrogate \(\\uDFFF\) at position 0/],
      ['x'.repeat(10_001), /^createUnit: input\.name \(variable \$input\) is 10001 characters long; a text holds at most 10000\.$/],
    ];
    for (const [name, message] of refusals) {
      const answer = await post(CREATE_UNIT, { input: unitInput('refused-unit', name) }, OFFICE);
      expect(answer.status).toBe(400);
      expect(firstError(answer)).toEqual({ code: 'BAD_USER_INPUT', field: 'name', message: expect.stringMatching(message) });
    }
    // In a list, in a nested filter and written into the document itself.
    const inList = await post(
      'mutation ($i: CreateContractInput!) { createContract(input: $i) { id } }',
      {
        i: {
          id: 'c',
          unitId: 'u',
          vendorId: 'v',
          startsOn: '2020-01-01',
          endsOn: '2020-12-31',
          lines: [
            { serviceId: 's', quantity: '1' },
            { serviceId: 's\u0000', quantity: '1' },
          ],
        },
      },
      vendorStaff('sample-jialing-cloud'),
    );
    expect(firstError(inList)).toMatchObject({
      field: 'lines.serviceId',
      message: expect.stringMatching(/^createContract: input\.lines\[1\]\.serviceId \(variable \$i\)/),
    });
    const search = await post('query ($s: String) { units(first: 5, filter: { search: $s }) { totalCount } }', { s: '\uDBFF' }, ANALYST);
    expect(firstError(search)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.search' });
    const literal = await post(`{ unit(id: "${'y'.repeat(10_001)}") { id } }`, {}, ANALYST);
    expect(firstError(literal)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
      message: expect.stringMatching(/^unit: id is 10001 characters long/),
    });
    // A literal inside a fragment the operation spreads is guarded the same.
    const inFragment = await post(`query Q { ...F } fragment F on Query { unit(id: "a\u0000b") { id } }`, {}, ANALYST);
    expect(firstError(inFragment)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
      message: expect.stringMatching(/^unit: id holds/),
    });
    expect(subgraphRequests()).toEqual(before);
    expect(dataOf(await post(UNIT, { id: 'refused-unit' }, ANALYST))).toEqual({ unit: null });
    // 10,000 characters are a text like any other.
    const longest = await post(CREATE_UNIT, { input: unitInput('longest-unit', 'z'.repeat(10_000)) }, OFFICE);
    expect((dataOf(longest).createUnit as { name: string }).name).toHaveLength(10_000);
  });
});

describe('values', () => {
  it('of the wrong type are refused with 400 and BAD_USER_INPUT naming the variable', async () => {
    // The gateway knows Decimal by name only: the subgraph that owns the field refuses a bad one, and
    // its answer (data null, the subgraph's BAD_USER_INPUT) comes back with 200.
    const wrong: [string, unknown, RegExp, number?][] = [
      [
        'query ($id: ID!) { unit(id: $id) { id } }',
        { id: { nested: true } },
        /Variable "\$id" got invalid value \{ nested: true \}; ID cannot represent value/,
      ],
      [
        'query ($n: Int) { units(first: $n) { totalCount } }',
        { n: 2 ** 31 },
        /Int cannot represent non 32-bit signed integer value: 2147483648/,
      ],
      ['query ($n: Int) { units(first: $n) { totalCount } }', { n: 1.5 }, /Int cannot represent non-integer value: 1.5/],
      [
        'query ($k: UnitKind) { units(first: 1, filter: { kind: $k }) { totalCount } }',
        { k: 'CASTLE' },
        /Value "CASTLE" does not exist in "UnitKind" enum/,
      ],
      [
        'mutation ($i: AddBudgetLineInput!) { addBudgetLine(input: $i) { id } }',
        { i: { unitId: 'kai-county', year: 2015, category: 'CLOUD_SERVICES', description: 'x', amountCny: 1250.5 } },
        /Decimal expects a number written as a string/,
        200,
      ],
      [
        'mutation ($i: AddBudgetLineInput!) { addBudgetLine(input: $i) { id } }',
        { i: { unitId: 'kai-county', year: 2015, category: 'CLOUD_SERVICES', description: 'x', amountCny: '1e5' } },
        /Decimal expects a number written as a string/,
        200,
      ],
    ];
    for (const [query, variables, message, status = 400] of wrong) {
      const answer = await post(query, variables, FINANCE);
      expect([JSON.stringify(variables), answer.status]).toEqual([JSON.stringify(variables), status]);
      expect(firstError(answer)).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(message) });
    }
  });

  it('that name nothing answer null for a lookup, NOT_FOUND for a mutation target (a request number no serial holds included) and UNKNOWN_REFERENCE for a reference', async () => {
    expect(dataOf(await post(UNIT, { id: 'no-such-unit' }, ANALYST))).toEqual({ unit: null });
    const step = await post(
      'mutation ($i: StepInput!) { startMigration(input: $i) { id } }',
      { i: { systemId: 'no-such-system', expectedVersion: 1 } },
      officerOf('kai-county'),
    );
    expect(firstError(step)).toMatchObject({ code: 'NOT_FOUND', message: 'Information system no-such-system does not exist.' });
    const request = await post(
      'mutation ($i: DecideExtensionInput!) { decideExtension(input: $i) { id } }',
      { i: { requestId: -1e21, approve: true } },
      OFFICE,
    );
    expect(firstError(request)).toMatchObject({ code: 'NOT_FOUND', message: 'Extension request -1e+21 does not exist.' });
    const budget = await post(
      'mutation ($i: AddBudgetLineInput!) { addBudgetLine(input: $i) { id } }',
      { i: { unitId: 'no-such-unit', year: 2015, category: 'CLOUD_SERVICES', description: 'x', amountCny: '1.00' } },
      FINANCE,
    );
    expect(firstError(budget)).toMatchObject({ code: 'UNKNOWN_REFERENCE', field: 'unitId' });
  });

  it('too large for their columns are refused naming the field, and nothing is written', async () => {
    const vendor = vendorStaff('sample-jialing-cloud');
    const budget = await post(
      'mutation ($i: AddBudgetLineInput!) { addBudgetLine(input: $i) { id } }',
      { i: { unitId: 'kai-county', year: 2015, category: 'CLOUD_SERVICES', description: 'x', amountCny: '1000000000000.00' } },
      FINANCE,
    );
    expect(firstError(budget)).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'amountCny',
      message: 'amountCny is at most 12 digits before the point (under a trillion yuan); got 1000000000000.00.',
    });
    const contract = (id: string, lines: unknown[]) =>
      post(
        'mutation ($i: CreateContractInput!) { createContract(input: $i) { id } }',
        { i: { id, unitId: 'yuzhong-district', vendorId: 'sample-jialing-cloud', startsOn: '2020-01-01', endsOn: '2020-12-31', lines } },
        vendor,
      );
    expect(firstError(await contract('huge-quantity', [{ serviceId: 'jialing-vm', quantity: '123456789' }]))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'lines.quantity',
      message: 'lines.quantity takes at most 8 digits before the point and 4 after; got 123456789.',
    });
    const costly = await post(
      'mutation ($i: CreateCloudServiceInput!) { createCloudService(input: $i) { id unitPriceCny } }',
      {
        i: {
          id: 'costly-service',
          vendorId: 'sample-jialing-cloud',
          name: 'Costly',
          officialName: 'Costly',
          serviceModel: 'IAAS',
          category: 'compute',
          unitOfSale: 'instance-month',
          unitPriceCny: '500000000000.00',
          inProcurementCatalogue: true,
          meetsPurchaseStandards: true,
        },
      },
      vendor,
    );
    expect(dataOf(costly).createCloudService).toEqual({ id: 'costly-service', unitPriceCny: '500000000000.00' });
    expect(firstError(await contract('huge-line', [{ serviceId: 'costly-service', quantity: '2' }]))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'lines.quantity',
      message: 'A line of 2 × costly-service comes to 1000000000000.00 CNY a month, more than an amount can hold (under a trillion yuan).',
    });
    const contracts = await post('query { unit(id: "yuzhong-district") { contracts { id } } }', {}, ANALYST);
    const ids = ((dataOf(contracts).unit as { contracts: { id: string }[] }).contracts ?? []).map((c) => c.id);
    expect(ids).not.toContain('huge-quantity');
    expect(ids).not.toContain('huge-line');
    const dataCenter = (id: string, overrides: Record<string, string>) =>
      post(
        'mutation ($i: CreateDataCenterInput!) { createDataCenter(input: $i) { id } }',
        {
          i: {
            id,
            name: 'Test',
            officialName: 'Test',
            kind: 'PARK_DATA_CENTER',
            tier: 3,
            pue: '1.40',
            racksTotal: 10,
            racksInOtherUse: 0,
            powerCapacityKw: '100',
            powerInOtherUseKw: '0',
            ...overrides,
          },
        },
        PARK_OPERATOR,
      );
    expect(firstError(await dataCenter('wide-pue', { pue: '100.5' }))).toMatchObject({
      field: 'pue',
      message: 'pue takes at most 2 digits before the point and 2 after; got 100.5.',
    });
    expect(firstError(await dataCenter('fine-pue', { pue: '1.405' }))).toMatchObject({ field: 'pue', code: 'BAD_USER_INPUT' });
    expect(firstError(await dataCenter('huge-power', { powerCapacityKw: '1000000000' }))).toMatchObject({
      field: 'powerCapacityKw',
      message: 'powerCapacityKw takes at most 9 digits before the point and 1 after; got 1000000000.',
    });
    // A kilowatt figure finer than its column would be rounded silently; it is refused instead.
    const placement = await post(
      'mutation ($i: PlaceSystemInput!) { placeSystem(input: $i) { id } }',
      {
        i: {
          systemId: 'kai-county-system-1',
          dataCenterId: 'government-cloud-platform',
          racks: 1,
          powerKw: '2.25',
          monthlyFeeCny: '1.00',
          since: '2016-01-01',
        },
      },
      PARK_OPERATOR,
    );
    expect(firstError(placement)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'powerKw' });
    const centres = await post('{ dataCenters { id } }', {}, PARK_OPERATOR);
    const centreIds = (dataOf(centres).dataCenters as { id: string }[]).map((d) => d.id);
    expect(centreIds.filter((id) => ['wide-pue', 'fine-pue', 'huge-power'].includes(id))).toEqual([]);
  });

  it('that are no dates are refused naming the field, year 0000 included', async () => {
    const vendor = vendorStaff('sample-jialing-cloud');
    for (const [startsOn, endsOn, field] of [
      ['2015-02-30', '2015-12-31', 'startsOn'],
      ['0000-01-01', '2015-12-31', 'startsOn'],
      ['2015-01-01', '2015-13-01', 'endsOn'],
      ['2015-1-1', '2015-12-31', 'startsOn'],
      ['2015-01-01', '+275760-09-13', 'endsOn'],
    ]) {
      const answer = await post(
        'mutation ($i: CreateContractInput!) { createContract(input: $i) { id } }',
        {
          i: {
            id: 'dated-contract',
            unitId: 'yuzhong-district',
            vendorId: 'sample-jialing-cloud',
            startsOn,
            endsOn,
            lines: [{ serviceId: 'jialing-vm', quantity: '1' }],
          },
        },
        vendor,
      );
      // The Date scalar refuses it before any resolver runs, naming the input field in its message.
      expect(firstError(answer)).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: expect.stringContaining(`at "i.${field}"; Date expects a calendar date written YYYY-MM-DD`),
      });
    }
    for (const asOf of ['0000-01-01', '2015-02-29', 'yesterday', '2015-09-30T25:00:00', '9999-12-31', '1000-01-01T00:00:00Z']) {
      const answer = await post('query ($asOf: String) { overdueSystems(asOf: $asOf) { totalCount } }', { asOf }, ANALYST);
      expect([asOf, answer.status]).toEqual([asOf, 400]);
      expect(firstError(answer)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
    }
    // A moment at the calendar's end: the day after it would be in year 10000, which no date column takes.
    const far = await post('query ($asOf: String) { overdueSystems(asOf: $asOf) { totalCount } }', { asOf: '9999-12-31' }, ANALYST);
    expect(firstError(far).message).toBe('overdueSystems: asOf must fall between 1900-01-01 and 2999-12-31; got 9999-12-31.');
    const header = await post('{ staleMigrationTasks { id } }', {}, OFFICE, { 'as-of': '9999-12-31' });
    expect([header.status, firstError(header).code, firstError(header).field]).toEqual([400, 'BAD_USER_INPUT', 'asOf']);
  });
});
