import { gatewayConfig, readSupergraph, serve } from '@cq/kit';
import { buildGateway, gatewayContext } from './server.ts';

const config = gatewayConfig();
const server = buildGateway({ supergraphSdl: readSupergraph(), subgraphUrls: config.subgraphUrls });
const listening = await serve(server, {
  port: config.port,
  host: config.host,
  context: gatewayContext,
  corsOrigins: config.corsOrigins,
}).catch((error: NodeJS.ErrnoException) => {
  console.error(`gateway cannot listen: ${error.code === 'EADDRINUSE' ? `port ${config.port} is in use; set GATEWAY_PORT to another` : error.message}`);
  process.exit(1);
});
console.log(`gateway ready at ${listening.url}`);

const stop = async () => {
  await listening.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
