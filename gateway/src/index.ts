import { exitWith } from '@cq/kit/config';
import { serve } from '@cq/kit/http';
import { identityVerifier } from './auth.ts';
import { gatewayConfig } from './config.ts';
import { buildGateway, gatewayHttp } from './server.ts';

try {
  const config = gatewayConfig();
  const server = buildGateway({
    supergraphSdl: config.supergraphSdl,
    subgraphUrls: config.subgraphUrls,
    subgraphSecret: config.subgraphSecret,
    production: config.production,
    introspection: config.introspection,
  });
  const http = gatewayHttp({
    identityOf: identityVerifier(config.auth),
    rateLimitPerMinute: config.rateLimitPerMinute,
    redisUrl: config.redisUrl,
  });
  const listening = await serve(server, { port: config.port, host: config.host, corsOrigins: config.corsOrigins, ...http });
  console.log(`gateway ready at ${listening.url}${config.production ? '' : ' (development keys)'}`);
  const stop = async () => {
    await listening.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  exitWith('gateway', error);
}
