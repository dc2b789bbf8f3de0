// Named bounds of the message store, with their units last. RocketMQ's defaults are quoted from
// reference/message-format.md §1 and §12 and behaviours.md §10.
import { assert } from '../common/assert.js';

/** Offsets are JS numbers: exact integers up to 2^53 − 1 (8 PiB of commit log). */
export const storeOffsetMax = Number.MAX_SAFE_INTEGER;

/** Commit log segment size (`mappedFileSizeCommitLog`), 1 GiB. */
export const commitLogSegmentSizeBytesDefault = 1024 * 1024 * 1024;
/** Largest segment we accept: a record must fit a Buffer and an int32 TOTALSIZE. */
export const segmentSizeBytesMax = 2 ** 31 - 1;

/** Body limit (`maxMessageSize`), 4 MiB. */
export const messageBodySizeMaxBytesDefault = 4 * 1024 * 1024;
/** A whole stored record may exceed the body limit by this much (topic, properties, header). */
export const recordOverheadMaxBytes = 64 * 1024;

/** The append buffer collects the records of one event-loop turn into one write call. */
export const writeBufferSizeBytesDefault = 8 * 1024 * 1024;

/** ASYNC_FLUSH interval (`flushIntervalCommitLog`). */
export const flushIntervalMsDefault = 500;
/** SYNC_FLUSH wait before a put answers FLUSH_DISK_TIMEOUT (`syncFlushTimeout`). */
export const syncFlushTimeoutMsDefault = 5000;

/** The checkpoint file is one 4 KiB page, as RocketMQ's. */
export const checkpointSizeBytes = 4096;

/** Chunk used to scan and zero a truncated tail. */
export const tailScanChunkBytes = 1024 * 1024;

assert(writeBufferSizeBytesDefault >= messageBodySizeMaxBytesDefault + recordOverheadMaxBytes, 'a write buffer holds the largest record');

/** Recent commit log bytes kept in memory so reads of fresh records need no system call. */
export const readCacheBytesDefault = 64 * 1024 * 1024;
