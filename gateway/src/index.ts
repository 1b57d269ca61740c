import { exitWith } from '@cq/kit/config';
import { serve } from '@cq/kit/http';
import { gatewayConfig } from './config.ts';
import { buildGateway, gatewayContext } from './server.ts';

try {
  const config = gatewayConfig();
  const server = buildGateway({ supergraphSdl: config.supergraphSdl, subgraphUrls: config.subgraphUrls });
  const listening = await serve(server, { port: config.port, host: config.host, context: gatewayContext, corsOrigins: config.corsOrigins });
  console.log(`gateway ready at ${listening.url}`);
  const stop = async () => {
    await listening.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  exitWith('gateway', error);
}
