import { exitWith } from '@cq/kit/config';
import { serve } from '@cq/kit/http';
import { createLogger, type Logger } from '@cq/kit/log';
import { ServiceMetrics } from '@cq/kit/metrics';
import { stopOnSignal } from '@cq/kit/shutdown';
import { startTracing } from '@cq/kit/tracing';
import { identityVerifier } from './auth.ts';
import { gatewayConfig } from './config.ts';
import { buildGateway, gatewayHttp } from './server.ts';

let logger: Logger | undefined;
try {
  const config = gatewayConfig();
  logger = createLogger('gateway');
  // Registered before the gateway is built: Apollo Gateway's own spans (plan, fetch) then go to it too.
  const tracing = await startTracing('gateway');
  const metrics = new ServiceMetrics('gateway').withProcessMetrics();
  const server = buildGateway({
    supergraphSdl: config.supergraphSdl,
    supergraphPath: config.supergraphPath,
    subgraphUrls: config.subgraphUrls,
    subgraphSecret: config.subgraphSecret,
    production: config.production,
    introspection: config.introspection,
    callPolicies: config.callPolicies,
    explorer: config.explorer,
    logger,
    metrics,
  });
  const http = gatewayHttp({
    identityOf: identityVerifier(config.auth),
    subgraphSecret: config.subgraphSecret,
    nats: config.nats,
    logger,
    metrics,
    subgraphUrls: config.subgraphUrls,
    rateLimitPerMinute: config.rateLimitPerMinute,
    redisUrl: config.redisUrl,
    explorer: config.explorer,
  });
  const listening = await serve(server, {
    port: config.port,
    host: config.host,
    corsOrigins: config.corsOrigins,
    metricsAccess: config.metricsAccess,
    ...http,
  });
  logger.info(`gateway ready at ${listening.url}${config.production ? '' : ' (development keys)'}`);
  stopOnSignal(
    'gateway',
    async (graceMs) => {
      await listening.stop(graceMs);
      await tracing?.shutdown();
    },
    logger,
  );
} catch (error) {
  exitWith('gateway', error, logger);
}
