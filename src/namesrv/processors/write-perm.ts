// WIPE_WRITE_PERM_OF_BROKER / ADD_WRITE_PERM_OF_BROKER: take a broker group out of (or back
// into) the write path of every topic it serves, e.g. before maintenance.
import {
  AddWritePermOfBrokerRequestHeader,
  AddWritePermOfBrokerResponseHeader,
  RequestCode,
  WipeWritePermOfBrokerRequestHeader,
  WipeWritePermOfBrokerResponseHeader,
} from '../../remoting/protocol/index.js';
import type { RouteRegistry } from '../route-registry.js';
import { success, type ProcessorEntry } from './shared.js';

export function writePermProcessors(ctx: { registry: RouteRegistry<object> }): ProcessorEntry[] {
  return [
    [
      RequestCode.WIPE_WRITE_PERM_OF_BROKER,
      (request) => {
        const { brokerName } = WipeWritePermOfBrokerRequestHeader.decode(request.extFields);
        const wipeTopicCount = ctx.registry.wipeWritePermOfBroker(brokerName);
        return success(request, { extFields: WipeWritePermOfBrokerResponseHeader.encode({ wipeTopicCount }) });
      },
    ],
    [
      RequestCode.ADD_WRITE_PERM_OF_BROKER,
      (request) => {
        const { brokerName } = AddWritePermOfBrokerRequestHeader.decode(request.extFields);
        const addTopicCount = ctx.registry.addWritePermOfBroker(brokerName);
        return success(request, { extFields: AddWritePermOfBrokerResponseHeader.encode({ addTopicCount }) });
      },
    ],
  ];
}
