// Resolves ClientOptions into the settings of a client instance, with RocketMQ's defaults
// (ClientConfig.java): NameServer list, client id, timeouts and task intervals.
import { networkInterfaces } from 'node:os';
import { ConfigError } from '../../common/errors.js';
import { javaStringHash } from '../../common/java-string-hash.js';
import type { ClientOptions } from '../api.js';

/** Each call to a NameServer or broker (mqClientApiTimeout). */
export const requestTimeoutMsDefault = 3_000;
/** Route refresh interval (pollNameServerInterval). */
export const pollNameServerIntervalMsDefault = 30_000;
/** Heartbeat interval (heartbeatBrokerInterval). */
export const heartbeatBrokerIntervalMsDefault = 30_000;
/** First route refresh after start (MQClientInstance: 10 ms). */
export const routeRefreshInitialDelayMs = 10;
/** First heartbeat after start (MQClientInstance: 1 s). */
export const heartbeatInitialDelayMs = 1_000;

export interface ClientConfig {
  nameServers: readonly string[];
  clientIp: string;
  instanceName: string;
  /** clientIp@instanceName */
  clientId: string;
  requestTimeoutMs: number;
  pollNameServerIntervalMs: number;
  heartbeatBrokerIntervalMs: number;
}

export function resolveClientConfig(options: ClientOptions, env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const nameServers = parseNameServers(options.nameServer ?? options.namesrvAddr ?? env.NAMESRV_ADDR);
  if (nameServers.length === 0) {
    throw new ConfigError('no NameServer address: set nameServer / namesrvAddr or NAMESRV_ADDR', 'namesrvAddr');
  }
  const clientIp = options.clientIp ?? localIp();
  const instanceName = options.instanceName ?? defaultInstanceName(nameServers);
  if (instanceName === '' || instanceName.includes('@')) throw new ConfigError(`bad instanceName "${instanceName}"`, 'instanceName');
  return {
    nameServers,
    clientIp,
    instanceName,
    clientId: `${clientIp}@${instanceName}`,
    requestTimeoutMs: positive(options.requestTimeoutMs, requestTimeoutMsDefault, 'requestTimeoutMs'),
    pollNameServerIntervalMs: positive(options.pollNameServerIntervalMs, pollNameServerIntervalMsDefault, 'pollNameServerIntervalMs'),
    heartbeatBrokerIntervalMs: positive(options.heartbeatBrokerIntervalMs, heartbeatBrokerIntervalMsDefault, 'heartbeatBrokerIntervalMs'),
  };
}

/** "a:9876;b:9876", an array of such strings, or undefined -> distinct addresses in order. */
export function parseNameServers(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const parts = (typeof value === 'string' ? [value] : value).flatMap((v) => v.split(';'));
  const out: string[] = [];
  for (const part of parts) {
    const addr = part.trim();
    if (addr === '') continue;
    if (!/^(\[[0-9A-Fa-f:.]+\]|[^:\s]+):\d{1,5}$/.test(addr)) throw new ConfigError(`bad NameServer address "${addr}"`, 'namesrvAddr');
    if (!out.includes(addr)) out.push(addr);
  }
  return out;
}

/**
 * RocketMQ 4.9 names each instance pid#nanoTime, so each client gets its own; older clients used
 * the pid, so a process shared one. We share one per process and NameServer set: clients of the
 * same process talking to the same NameServers get the same instance.
 */
export function defaultInstanceName(nameServers: readonly string[]): string {
  const setHash = javaStringHash([...nameServers].sort().join(';')) >>> 0;
  return `${process.pid}#${setHash.toString(16).padStart(8, '0')}`;
}

/** The first non-internal IPv4 address of this host, else 127.0.0.1 (RocketMQ's RemotingUtil.getLocalAddress). */
export function localIp(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) return a.address;
    }
  }
  return '127.0.0.1';
}

function positive(value: number | undefined, fallback: number, key: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${key} must be a positive number, not ${value}`, key);
  return value;
}
