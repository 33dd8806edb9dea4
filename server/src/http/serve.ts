import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config/config';
import { startGraphQLServers } from '../graphql/apollo-server';
import type { Services } from '../graphql/context';
import type { Lifecycle } from '../runtime/lifecycle';
import { createApp } from './create-app';
import type { ReadinessCheck } from './health';

export interface Serving {
  readonly httpServer: Server;
  readonly port: number;
}

export interface ServeOptions {
  services: Services;
  schema: GraphQLSchema;
  ready: ReadinessCheck;
  lifecycle: Lifecycle;
}

/** GraphQL over HTTP and WebSocket and every other route, listening on HOST:PORT. */
export async function serve({ services, schema, ready, lifecycle }: ServeOptions): Promise<Serving> {
  const httpServer = createServer();
  const shuttingDown = () => lifecycle.shuttingDown;
  const apollo = await startGraphQLServers({ httpServer, schema, services, shuttingDown });
  lifecycle.own('HTTP and WebSocket servers', apollo, (a) => a.stop());
  httpServer.on('request', createApp({ services, apollo, ready }));
  return { httpServer, port: await listen(httpServer, services.config) };
}

async function listen(httpServer: Server, config: Config): Promise<number> {
  await new Promise<void>((ok, fail) => {
    httpServer.once('error', fail);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', fail);
      ok();
    });
  });
  return (httpServer.address() as AddressInfo).port;
}
