// Admin: cluster, brokers and NameServers (mqadmin clusterList, brokerStatus, getBrokerConfig,
// updateBrokerConfig, getNamesrvConfig, updateNamesrvConfig, wipeWritePerm, addWritePerm, and the
// broker traffic counters statsAll reads).
import { parseProperties } from '../../common/config/properties-parser.js';
import { InvalidArgumentError } from '../../common/errors.js';
import { decodeBrokerStatsData, type BrokerStatsData } from '../../remoting/protocol/bodies/broker-stats-data.js';
import type { ClusterInfo } from '../../remoting/protocol/bodies/cluster-info.js';
import { decodeKVTable } from '../../remoting/protocol/bodies/kv-table.js';
import {
  AddWritePermOfBrokerRequestHeader,
  AddWritePermOfBrokerResponseHeader,
  WipeWritePermOfBrokerRequestHeader,
  WipeWritePermOfBrokerResponseHeader,
} from '../../remoting/protocol/headers/namesrv.js';
import { ViewBrokerStatsDataRequestHeader } from '../../remoting/protocol/headers/broker-admin.js';
import type { RemotingCommand } from '../../remoting/protocol/command.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import { clientRequest } from '../instance/requests.js';
import { fetchClusterInfo, type AdminContext } from './admin-context.js';

export function clusterInfo(ctx: AdminContext): Promise<ClusterInfo> {
  return fetchClusterInfo(ctx);
}

export async function brokerRuntimeInfo(ctx: AdminContext, brokerAddr: string): Promise<Map<string, string>> {
  const response = await ctx.instance.invokeBroker(brokerAddr, clientRequest(RequestCode.GET_BROKER_RUNTIME_INFO));
  return decodeKVTable(response.body ?? '{}').table;
}

/** VIEW_BROKER_STATS_DATA: one traffic counter of a broker, e.g. TOPIC_PUT_NUMS of a topic. */
export async function brokerStatsData(ctx: AdminContext, brokerAddr: string, statsName: string, statsKey: string): Promise<BrokerStatsData> {
  const extFields = ViewBrokerStatsDataRequestHeader.encode({ statsName, statsKey });
  const response = await ctx.instance.invokeBroker(brokerAddr, clientRequest(RequestCode.VIEW_BROKER_STATS_DATA, { extFields }));
  return decodeBrokerStatsData(response.body ?? '{}');
}

/** GET_BROKER_CONFIG: the body is Java properties text. */
export async function brokerConfig(ctx: AdminContext, brokerAddr: string): Promise<Map<string, string>> {
  const response = await ctx.instance.invokeBroker(brokerAddr, clientRequest(RequestCode.GET_BROKER_CONFIG));
  return configOf(response, `GET_BROKER_CONFIG ${brokerAddr}`);
}

/** A config answer's body (Java properties text) as key -> value. */
function configOf(response: RemotingCommand, where: string): Map<string, string> {
  return new Map(parseProperties(response.body?.toString('utf8') ?? '', where).map((e) => [e.key, e.value]));
}

/** UPDATE_BROKER_CONFIG: the body is `key=value` lines (MixAll.properties2String). */
export async function updateBrokerConfig(ctx: AdminContext, brokerAddr: string, properties: Readonly<Record<string, string>>): Promise<void> {
  await ctx.instance.invokeBroker(brokerAddr, clientRequest(RequestCode.UPDATE_BROKER_CONFIG, { body: configUpdateBody(properties, 'broker') }));
}

/** GET_NAMESRV_CONFIG of every NameServer, by address. */
export async function nameServerConfig(ctx: AdminContext): Promise<Map<string, Map<string, string>>> {
  const answers = await ctx.instance.invokeEachNameServer(() => clientRequest(RequestCode.GET_NAMESRV_CONFIG));
  const out = new Map<string, Map<string, string>>();
  for (const [addr, response] of answers) out.set(addr, configOf(response, `GET_NAMESRV_CONFIG ${addr}`));
  return out;
}

/** UPDATE_NAMESRV_CONFIG on every NameServer. */
export async function updateNameServerConfig(ctx: AdminContext, properties: Readonly<Record<string, string>>): Promise<void> {
  const body = configUpdateBody(properties, 'NameServer');
  await ctx.instance.invokeEachNameServer(() => clientRequest(RequestCode.UPDATE_NAMESRV_CONFIG, { body }));
}

/** `key=value` lines (MixAll.properties2String); refuses entries that would not read back as sent. */
function configUpdateBody(properties: Readonly<Record<string, string>>, server: string): Buffer {
  let text = '';
  for (const [key, value] of Object.entries(properties)) {
    if (/[=:\s]/.test(key) || key === '' || /[\r\n]/.test(value)) throw new InvalidArgumentError(`cannot send ${server} config entry ${JSON.stringify(key)}`);
    text += `${key}=${value}\n`;
  }
  return Buffer.from(text, 'utf8');
}

export async function wipeWritePerm(ctx: AdminContext, brokerName: string): Promise<Map<string, number>> {
  const extFields = WipeWritePermOfBrokerRequestHeader.encode({ brokerName });
  const answers = await ctx.instance.invokeEachNameServer(() => clientRequest(RequestCode.WIPE_WRITE_PERM_OF_BROKER, { extFields }));
  return new Map([...answers].map(([addr, r]) => [addr, WipeWritePermOfBrokerResponseHeader.decode(r.extFields).wipeTopicCount]));
}

export async function addWritePerm(ctx: AdminContext, brokerName: string): Promise<Map<string, number>> {
  const extFields = AddWritePermOfBrokerRequestHeader.encode({ brokerName });
  const answers = await ctx.instance.invokeEachNameServer(() => clientRequest(RequestCode.ADD_WRITE_PERM_OF_BROKER, { extFields }));
  return new Map([...answers].map(([addr, r]) => [addr, AddWritePermOfBrokerResponseHeader.decode(r.extFields).addTopicCount]));
}
