import { exitWith } from '@cq/kit/config';
import { serve } from '@cq/kit/http';
import { stopOnSignal } from '@cq/kit/shutdown';
import { identityVerifier } from './auth.ts';
import { gatewayConfig } from './config.ts';
import { buildGateway, gatewayHttp } from './server.ts';

try {
  const config = gatewayConfig();
  const server = buildGateway({
    supergraphSdl: config.supergraphSdl,
    supergraphPath: config.supergraphPath,
    subgraphUrls: config.subgraphUrls,
    subgraphSecret: config.subgraphSecret,
    production: config.production,
    introspection: config.introspection,
    callPolicies: config.callPolicies,
  });
  const http = gatewayHttp({
    identityOf: identityVerifier(config.auth),
    subgraphUrls: config.subgraphUrls,
    rateLimitPerMinute: config.rateLimitPerMinute,
    redisUrl: config.redisUrl,
  });
  const listening = await serve(server, { port: config.port, host: config.host, corsOrigins: config.corsOrigins, ...http });
  console.log(`gateway ready at ${listening.url}${config.production ? '' : ' (development keys)'}`);
  stopOnSignal('gateway', (graceMs) => listening.stop(graceMs));
} catch (error) {
  exitWith('gateway', error);
}
