// RocketMQ's VIP channel (its "fast remoting server"): a broker also listens on listenPort − 2 and
// answers there every request except pulls, so that the sends and admin calls of a client with
// vipChannelEnabled never wait behind its long-polling pulls. Java clients before 4.5.1 have it
// on by default and send to brokerAddr's port − 2; the NameServers are never told of that port.
import type { ProcessorRegistry, RequestHandler } from '../remoting/net/index.js';

const vipChannelPortDistance = 2;

/**
 * The VIP channel's port for a broker listening on `listenPort`, or undefined when there is none:
 * for listenPort 0 the OS picks the port, and no client could find a port two below it.
 */
export function vipChannelPortOf(listenPort: number): number | undefined {
  const port = listenPort - vipChannelPortDistance;
  return port > 0 ? port : undefined;
}

/** A registry that registers each handler with every one of `registries`. */
export function everyRegistry(registries: readonly ProcessorRegistry[]): ProcessorRegistry {
  return {
    registerProcessor(code: number, handler: RequestHandler): void {
      for (const registry of registries) registry.registerProcessor(code, handler);
    },
  };
}
