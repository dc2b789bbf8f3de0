// The offset store of a consumer: at the brokers for CLUSTERING, in the local file
// <offsetStoreDir>/<clientId>/<group>/offsets.json for BROADCASTING.
import type { MessageModel } from '../consumer-api.js';
import { LocalOffsetStore, offsetFilePath } from './local-offset-store.js';
import type { OffsetStore } from './offset-store.js';
import { RemoteOffsetStore, type RemoteOffsetCalls } from './remote-offset-store.js';

export function createOffsetStore(
  settings: { group: string; messageModel: MessageModel; offsetStoreDir: string },
  calls: RemoteOffsetCalls,
  clientId: string,
): OffsetStore {
  if (settings.messageModel === 'BROADCASTING') return new LocalOffsetStore(offsetFilePath(settings.offsetStoreDir, clientId, settings.group));
  return new RemoteOffsetStore(calls);
}
