// PUT_KV_CONFIG, GET_KV_CONFIG, DELETE_KV_CONFIG, GET_KVLIST_BY_NAMESPACE: the admin tools' KV store.
import { ResponseCode } from '../../common/response-code.js';
import {
  DeleteKVConfigRequestHeader,
  GetKVConfigRequestHeader,
  GetKVConfigResponseHeader,
  GetKVListByNamespaceRequestHeader,
  PutKVConfigRequestHeader,
  RequestCode,
  createResponse,
  encodeKVTable,
} from '../../remoting/protocol/index.js';
import type { KvConfigTable } from '../kv-config.js';
import { success, type ProcessorEntry } from './shared.js';

export function kvConfigProcessors(ctx: { kvConfig: KvConfigTable }): ProcessorEntry[] {
  return [
    [
      RequestCode.PUT_KV_CONFIG,
      (request) => {
        const { namespace, key, value } = PutKVConfigRequestHeader.decode(request.extFields);
        ctx.kvConfig.put(namespace, key, value);
        return success(request);
      },
    ],
    [
      RequestCode.GET_KV_CONFIG,
      (request) => {
        const { namespace, key } = GetKVConfigRequestHeader.decode(request.extFields);
        const value = ctx.kvConfig.get(namespace, key);
        if (value === undefined) {
          return createResponse(request, ResponseCode.QUERY_NOT_FOUND, { remark: `No config item, Namespace: ${namespace} Key: ${key}` });
        }
        return success(request, { extFields: GetKVConfigResponseHeader.encode({ value }) });
      },
    ],
    [
      RequestCode.DELETE_KV_CONFIG,
      (request) => {
        const { namespace, key } = DeleteKVConfigRequestHeader.decode(request.extFields);
        ctx.kvConfig.delete(namespace, key);
        return success(request);
      },
    ],
    [
      RequestCode.GET_KVLIST_BY_NAMESPACE,
      (request) => {
        const { namespace } = GetKVListByNamespaceRequestHeader.decode(request.extFields);
        const table = ctx.kvConfig.list(namespace);
        if (table === undefined) {
          return createResponse(request, ResponseCode.QUERY_NOT_FOUND, { remark: `No config item, Namespace: ${namespace}` });
        }
        return success(request, { body: encodeKVTable({ table }) });
      },
    ],
  ];
}
