// Admin: the NameServers' KV config (mqadmin updateKvConfig, deleteKvConfig, and the ORDER_TOPIC_CONFIG
// namespace). Writes go to every NameServer, as RocketMQ's admin does; reads to one.
import { ResponseCode } from '../../common/response-code.js';
import { decodeKVTable } from '../../remoting/protocol/bodies/kv-table.js';
import {
  DeleteKVConfigRequestHeader,
  GetKVConfigRequestHeader,
  GetKVConfigResponseHeader,
  GetKVListByNamespaceRequestHeader,
  PutKVConfigRequestHeader,
} from '../../remoting/protocol/headers/namesrv.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import { clientRequest } from '../instance/requests.js';
import type { AdminContext } from './admin-context.js';

const foundOrNot: readonly number[] = [ResponseCode.SUCCESS, ResponseCode.QUERY_NOT_FOUND];

export async function putKvConfig(ctx: AdminContext, namespace: string, key: string, value: string): Promise<void> {
  const extFields = PutKVConfigRequestHeader.encode({ namespace, key, value });
  await ctx.instance.invokeEachNameServer(() => clientRequest(RequestCode.PUT_KV_CONFIG, { extFields }));
}

export async function getKvConfig(ctx: AdminContext, namespace: string, key: string): Promise<string | undefined> {
  const extFields = GetKVConfigRequestHeader.encode({ namespace, key });
  const response = await ctx.instance.invokeNameServer(() => clientRequest(RequestCode.GET_KV_CONFIG, { extFields }), { accept: foundOrNot });
  if (response.code === ResponseCode.QUERY_NOT_FOUND) return undefined;
  return GetKVConfigResponseHeader.decode(response.extFields).value;
}

export async function deleteKvConfig(ctx: AdminContext, namespace: string, key: string): Promise<void> {
  const extFields = DeleteKVConfigRequestHeader.encode({ namespace, key });
  await ctx.instance.invokeEachNameServer(() => clientRequest(RequestCode.DELETE_KV_CONFIG, { extFields }));
}

export async function kvConfigList(ctx: AdminContext, namespace: string): Promise<Map<string, string>> {
  const extFields = GetKVListByNamespaceRequestHeader.encode({ namespace });
  const response = await ctx.instance.invokeNameServer(() => clientRequest(RequestCode.GET_KVLIST_BY_NAMESPACE, { extFields }), { accept: foundOrNot });
  if (response.code === ResponseCode.QUERY_NOT_FOUND || response.body === undefined) return new Map();
  return decodeKVTable(response.body).table;
}
