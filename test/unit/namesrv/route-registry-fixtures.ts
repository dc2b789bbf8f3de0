// Registrations for the route registry tests: a cluster, broker groups, topics.
import type { BrokerRegistration } from '../../../src/namesrv/route-registry.js';
import type { DataVersion, RegisteredTopic } from '../../../src/namesrv/route-types.js';

export function topic(topicName: string, queueNums = 4, perm = 6): RegisteredTopic {
  return { topicName, readQueueNums: queueNums, writeQueueNums: queueNums, perm, topicSysFlag: 0 };
}

export function registration(
  brokerName: string,
  brokerId: number,
  brokerAddr: string,
  topics: RegisteredTopic[],
  dataVersion: DataVersion = { timestamp: 1, counter: 1 },
  clusterName = 'DefaultCluster',
): BrokerRegistration {
  return {
    clusterName,
    brokerAddr,
    brokerName,
    brokerId,
    haServerAddr: brokerAddr.replace(/:(\d+)$/, (_m, port: string) => `:${Number(port) + 1}`),
    topicConfig: { dataVersion, topics },
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}
