// One client instance per client id in a process (RocketMQ's MQClientManager): producers,
// consumers and admin clients with the same clientIp@instanceName share it. An instance leaves
// the registry when its last share is released, so a later client gets a fresh one.
import { ConfigError } from '../../common/errors.js';
import type { ClientOptions } from '../api.js';
import { ClientInstance } from './client-instance.js';
import { resolveClientConfig } from './client-config.js';

const instances = new Map<string, ClientInstance>();

/** The shared instance for these options, with one more share taken (give it back with release()). */
export function acquireClientInstance(options: ClientOptions): ClientInstance {
  const { clientId, nameServers } = resolveClientConfig(options);
  let instance = instances.get(clientId);
  if (instance !== undefined && instance.config.nameServers.join(';') !== nameServers.join(';')) {
    throw new ConfigError(
      `client instance ${clientId} already talks to NameServers ${instance.config.nameServers.join(';')}; ` +
        `use another instanceName for ${nameServers.join(';')}`,
      'instanceName',
    );
  }
  if (instance === undefined) {
    instance = new ClientInstance(options, (closed) => {
      if (instances.get(closed.clientId) === closed) instances.delete(closed.clientId);
    });
    instances.set(clientId, instance);
  }
  instance.retain();
  return instance;
}

/** The live instance of a client id, if any (for tests and diagnostics). */
export function clientInstanceOf(clientId: string): ClientInstance | undefined {
  return instances.get(clientId);
}
