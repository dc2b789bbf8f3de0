// An in-process NameServer on 127.0.0.1 port 0, and the requests a broker or an admin sends it.
import { randomUUID } from 'node:crypto';
import { NameServer } from '../../../src/namesrv/namesrv.js';
import type { NamesrvConfig } from '../../../src/namesrv/namesrv-config.js';
import { createLogger } from '../../../src/common/logger.js';
import {
  RegisterBrokerRequestHeader,
  RequestCode,
  createRequest,
  encodeRegisterBrokerBody,
  topicConfigDefaults,
  type DataVersion,
  type ExtFields,
  type RemotingCommand,
  type TopicConfig,
} from '../../../src/remoting/protocol/index.js';

export const callTimeoutMs = 3000;

export async function startNameServer(config: Partial<NamesrvConfig> = {}): Promise<NameServer> {
  const namesrv = new NameServer({
    config: { listenPort: 0, bindAddress: '127.0.0.1', ...config },
    logger: createLogger('namesrv-test', 'silent'),
  });
  await namesrv.start();
  return namesrv;
}

/** A topic name no other test uses. */
export function freshTopic(prefix = 'T'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export function topicConfig(topicName: string, queueNums = 4): TopicConfig {
  return {
    topicName,
    readQueueNums: queueNums,
    writeQueueNums: queueNums,
    perm: topicConfigDefaults.perm,
    topicFilterType: topicConfigDefaults.topicFilterType,
    topicSysFlag: 0,
    order: false,
  };
}

export interface FakeBroker {
  clusterName: string;
  brokerName: string;
  brokerId: number;
  brokerAddr: string;
  topics: TopicConfig[];
  dataVersion?: DataVersion;
}

/** REGISTER_BROKER as a broker sends it (JSON body, or the compressed form). */
export function registerBrokerRequest(broker: FakeBroker, options: { compressed?: boolean; bodyCrc32?: number } = {}): RemotingCommand {
  const body = encodeRegisterBrokerBody(
    {
      topicConfigSerializeWrapper: {
        topicConfigTable: new Map(broker.topics.map((t) => [t.topicName, t])),
        dataVersion: broker.dataVersion ?? { timestamp: 1_700_000_000_000, counter: 1 },
      },
      filterServerList: [],
    },
    { compressed: options.compressed ?? false },
  );
  const extFields = RegisterBrokerRequestHeader.encode({
    clusterName: broker.clusterName,
    brokerName: broker.brokerName,
    brokerId: broker.brokerId,
    brokerAddr: broker.brokerAddr,
    haServerAddr: broker.brokerAddr.replace(/:(\d+)$/, (_m, port: string) => `:${Number(port) + 1}`),
    compressed: options.compressed ?? false,
    bodyCrc32: options.bodyCrc32 ?? 0,
  });
  return createRequest(RequestCode.REGISTER_BROKER, { extFields, body });
}

export function request(code: number, extFields: ExtFields = {}, body?: Buffer): RemotingCommand {
  return createRequest(code, body === undefined ? { extFields } : { extFields, body });
}
