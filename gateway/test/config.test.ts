import { describe, expect, it } from 'vitest';
import { gatewayConfig, graphsOf } from '../src/config.ts';

describe("the gateway's configuration", () => {
  it('serves the checked-in supergraph and reaches each subgraph it names at the URL composition wrote', () => {
    const config = gatewayConfig({});
    expect(graphsOf(config.supergraphSdl).map((g) => g.name)).toEqual(['park', 'telecom', 'units', 'vendors']);
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', subgraphUrls: {}, corsOrigins: ['https://studio.apollographql.com'] });
  });

  it('takes a subgraph URL from <NAME>_URL, and names the variable when one is wrong', () => {
    expect(gatewayConfig({ UNITS_URL: 'http://units.internal:8080/graphql' }).subgraphUrls).toEqual({
      units: 'http://units.internal:8080/graphql',
    });
    expect(() => gatewayConfig({ PARK_URL: 'not a url' })).toThrow(/PARK_URL/);
    expect(() => gatewayConfig({ GATEWAY_PORT: '70000' })).toThrow(/GATEWAY_PORT/);
    expect(() => gatewayConfig({ SUPERGRAPH_PATH: '/nowhere/supergraph.graphql' })).toThrow(/SUPERGRAPH_PATH: no supergraph can be read/);
  });
});
