// REGISTER_BROKER, UNREGISTER_BROKER and QUERY_DATA_VERSION: what brokers send the NameServer.
// A broker registers every 30 s; the registration is also its heartbeat.
import { crc32 } from 'node:zlib';
import { ResponseCode } from '../../common/response-code.js';
import type { Connection } from '../../remoting/net/index.js';
import {
  QueryDataVersionRequestHeader,
  QueryDataVersionResponseHeader,
  RegisterBrokerRequestHeader,
  RegisterBrokerResponseHeader,
  RequestCode,
  UnRegisterBrokerRequestHeader,
  createResponse,
  decodeDataVersion,
  decodeRegisterBrokerBody,
  encodeDataVersion,
  encodeKVTable,
  type RemotingCommand,
} from '../../remoting/protocol/index.js';
import { orderTopicConfigNamespace, type KvConfigTable } from '../kv-config.js';
import type { NamesrvConfig } from '../namesrv-config.js';
import type { BrokerRegistration, RemovedBroker, RouteRegistry } from '../route-registry.js';
import { success, type ProcessorEntry } from './shared.js';

export interface BrokerRegistrationContext {
  registry: RouteRegistry<Connection>;
  kvConfig: KvConfigTable;
  /** Read at each request: UPDATE_NAMESRV_CONFIG may change it. */
  config: Pick<NamesrvConfig, 'returnOrderTopicConfigToBroker'>;
  onRegistered: (broker: { brokerAddr: string; clusterName: string; brokerName: string; brokerId: number }) => void;
  onUnregistered: (removed: RemovedBroker<Connection>) => void;
}

/** UtilAll.crc32: CRC-32 with the sign bit cleared, as brokers put it in bodyCrc32. */
function bodyCrc32(body: Buffer | undefined): number {
  return crc32(body ?? Buffer.alloc(0)) & 0x7fffffff;
}

export function brokerRegistrationProcessors(ctx: BrokerRegistrationContext): ProcessorEntry[] {
  const registerBroker = (request: RemotingCommand, connection: Connection): RemotingCommand => {
    const header = RegisterBrokerRequestHeader.decode(request.extFields);
    // bodyCrc32 0 (or absent) means the broker did not compute one.
    if (header.bodyCrc32 !== undefined && header.bodyCrc32 !== 0 && bodyCrc32(request.body) !== header.bodyCrc32) {
      return createResponse(request, ResponseCode.SYSTEM_ERROR, { remark: 'crc32 not match' });
    }
    const { clusterName, brokerAddr, brokerName, brokerId, haServerAddr } = header;
    const registration: BrokerRegistration<Connection> = { clusterName, brokerAddr, brokerName, brokerId, haServerAddr, connection };
    if (request.body === undefined) {
      // A broker older than 3.0.11 sends no body: no topics, DataVersion zero.
      registration.topicConfig = { dataVersion: { timestamp: 0, counter: 0 }, topics: [] };
    } else {
      const body = decodeRegisterBrokerBody(request.body, { compressed: header.compressed ?? false });
      const wrapper = body.topicConfigSerializeWrapper;
      registration.topicConfig = { dataVersion: wrapper.dataVersion, topics: [...wrapper.topicConfigTable.values()] };
      registration.filterServerList = body.filterServerList;
    }
    const result = ctx.registry.registerBroker(registration);
    ctx.onRegistered({ brokerAddr, clusterName, brokerName, brokerId });

    const orderTopicConfig = ctx.config.returnOrderTopicConfigToBroker ? ctx.kvConfig.list(orderTopicConfigNamespace) : undefined;
    return success(request, {
      extFields: RegisterBrokerResponseHeader.encode(result),
      ...(orderTopicConfig === undefined ? {} : { body: encodeKVTable({ table: orderTopicConfig }) }),
    });
  };

  return [
    [RequestCode.REGISTER_BROKER, (request, { connection }) => registerBroker(request, connection)],
    [
      RequestCode.UNREGISTER_BROKER,
      (request) => {
        const { brokerAddr } = UnRegisterBrokerRequestHeader.decode(request.extFields);
        const removed = ctx.registry.unregisterBroker(brokerAddr);
        if (removed !== undefined) ctx.onUnregistered(removed);
        return success(request);
      },
    ],
    [
      RequestCode.QUERY_DATA_VERSION,
      (request) => {
        const { brokerAddr } = QueryDataVersionRequestHeader.decode(request.extFields);
        const brokerVersion = decodeDataVersion(request.body ?? Buffer.alloc(0));
        const changed = ctx.registry.isBrokerTopicConfigChanged(brokerAddr, brokerVersion);
        // An unchanged version stands in for a full registration, heartbeat included.
        if (!changed) ctx.registry.touchBroker(brokerAddr);
        const known = ctx.registry.brokerDataVersion(brokerAddr);
        return success(request, {
          extFields: QueryDataVersionResponseHeader.encode({ changed }),
          ...(known === undefined ? {} : { body: encodeDataVersion(known) }),
        });
      },
    ],
  ];
}
