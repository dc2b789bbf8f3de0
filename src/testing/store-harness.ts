// Opens a MessageStore on an in-memory FileIO with small files, for store tests.
import type { Clock } from '../store/io/file-io.js';
import { MemoryFileIO } from '../store/io/memory-file-io.js';
import { MessageStore } from '../store/message-store.js';
import type { StoreConfig } from '../store/store-config.js';
import { testStoreHost } from './store-messages.js';

export const smallStoreConfig: Partial<StoreConfig> = {
  storePathRootDir: '/store',
  mappedFileSizeCommitLog: 256 * 1024,
  mappedFileSizeConsumeQueue: 64 * 20,
  maxMessageSize: 64 * 1024,
  maxHashSlotNum: 64,
  maxIndexNum: 256,
};

export async function openTestStore(io: MemoryFileIO, config: Partial<StoreConfig> = {}, clock?: Clock): Promise<MessageStore> {
  const store = new MessageStore({ io, clock: clock ?? io.clock, storeHost: testStoreHost, config: { ...smallStoreConfig, ...config } });
  await store.start();
  return store;
}
