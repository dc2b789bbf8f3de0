// An in-memory AdminTransport for admin unit tests: answers by request code, per address,
// checks accepted codes with the real response error table, and records every call.
import { ResponseCode } from '../../../src/common/response-code.js';
import { createResponse, type RemotingCommand, type ResponseOptions } from '../../../src/remoting/protocol/command.js';
import type { TopicRouteData } from '../../../src/remoting/protocol/bodies/topic-route-data.js';
import { encodeClusterInfo } from '../../../src/remoting/protocol/bodies/cluster-info.js';
import type { AdminContext, AdminTransport } from '../../../src/client/admin/admin-context.js';
import { errorFromResponse } from '../../../src/client/errors/index.js';

export type Handler = (addr: string, request: RemotingCommand) => RemotingCommand;

export interface Call {
  addr: string;
  request: RemotingCommand;
}

export const nameServers = ['ns1:9876', 'ns2:9876'];

/** Brokers broker-a (a:10911) and broker-b (b:10911) of cluster C, each a master. */
export function twoBrokerRoute(readQueueNums = 2): TopicRouteData {
  return {
    queueDatas: ['broker-a', 'broker-b'].map((brokerName) => ({ brokerName, readQueueNums, writeQueueNums: readQueueNums, perm: 6, topicSysFlag: 0 })),
    brokerDatas: [
      { cluster: 'C', brokerName: 'broker-a', brokerAddrs: new Map([[0, 'a:10911']]) },
      { cluster: 'C', brokerName: 'broker-b', brokerAddrs: new Map([[0, 'b:10911']]) },
    ],
    filterServerTable: new Map(),
  };
}

export const clusterInfoBody = encodeClusterInfo({
  brokerAddrTable: new Map(twoBrokerRoute().brokerDatas.map((b) => [b.brokerName, b])),
  clusterAddrTable: new Map([['C', ['broker-a', 'broker-b']]]),
});

export function reply(request: RemotingCommand, code: number = ResponseCode.SUCCESS, options: ResponseOptions = {}): RemotingCommand {
  return createResponse(request, code, options);
}

export function fakeAdmin(handlers: Record<number, Handler>, routes: Record<string, TopicRouteData> = {}) {
  const calls: Call[] = [];
  const call = async (addr: string, request: RemotingCommand, accept: readonly number[] = [ResponseCode.SUCCESS]) => {
    calls.push({ addr, request });
    const handler = handlers[request.code];
    const response = handler === undefined ? reply(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED) : handler(addr, request);
    if (!accept.includes(response.code)) throw errorFromResponse(addr, request.code, response);
    return response;
  };
  const instance: AdminTransport = {
    invokeNameServer: (build, options) => call(nameServers[0]!, build(), options?.accept),
    invokeEachNameServer: async (build, options) => new Map(await Promise.all(nameServers.map(async (ns) => [ns, await call(ns, build(), options?.accept)] as const))),
    invokeBroker: (addr, request, options) => call(addr, request, options?.accept),
    fetchTopicRoute: async (topic) => {
      const route = routes[topic];
      if (route !== undefined) return route;
      throw errorFromResponse(nameServers[0]!, 105, { code: ResponseCode.TOPIC_NOT_EXIST, language: 'JAVA', version: 0, opaque: 0, flag: 1, serializeType: 0, remark: `no route for ${topic}` });
    },
  };
  const ctx: AdminContext = { instance };
  return { ctx, calls };
}
