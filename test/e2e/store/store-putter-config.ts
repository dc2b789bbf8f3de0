// Store settings shared by the kill -9 test and its child: small segments so that rounds cross
// them, SYNC_FLUSH so that every acknowledged put is durable.
import type { StoreConfig } from '../../../src/store/store-config.js';

export const putterTopics = ['KillA', 'KillB', 'KillC'];

export const putterStoreConfig: Partial<StoreConfig> = {
  flushDiskType: 'SYNC_FLUSH',
  mappedFileSizeCommitLog: 1024 * 1024,
  mappedFileSizeConsumeQueue: 1000 * 20,
  maxMessageSize: 128 * 1024,
  flushIntervalConsumeQueue: 50,
  maxHashSlotNum: 1024,
  maxIndexNum: 4096,
};
