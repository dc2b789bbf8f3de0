// BROADCASTING offsets stay on this machine (RocketMQ's LocalFileOffsetStore), in
//   <offsetStoreDir>/<clientId>/<group>/offsets.json
// with offsetStoreDir defaulting to ~/.rocketmq_offsets. The file holds RocketMQ's
// OffsetSerializeWrapper, a JSON object keyed by MessageQueue objects as fastjson writes it:
//   {"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:42}}
// (the same shape as ResetOffsetBody, whose codec it uses). Writes are atomic: a temporary file,
// fsync, the old file kept as offsets.json.bak, rename. A missing or unreadable file falls back
// to the .bak, as RocketMQ's readLocalOffsetBak does.
import { copyFile, mkdir, open, readFile, rename } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RocketMQError } from '../../../common/errors.js';
import type { MessageQueue } from '../../../common/message/message-queue.js';
import { decodeResetOffsetBody, encodeResetOffsetBody } from '../../../remoting/protocol/bodies/reset-offset-body.js';
import { noOffset, OffsetTable, type OffsetStore, type ReadOffsetFrom } from './offset-store.js';

/** RocketMQ's rocketmq.client.localOffsetStoreDir default, under the home folder. */
export const offsetStoreDirNameDefault = '.rocketmq_offsets';
export const offsetFileName = 'offsets.json';

export const defaultOffsetStoreDir = (): string => join(homedir(), offsetStoreDirNameDefault);

/** The offsets file of a client and group under `offsetStoreDir`. */
export function offsetFilePath(offsetStoreDir: string, clientId: string, group: string): string {
  return join(offsetStoreDir, clientId, group, offsetFileName);
}

/** The offsets file cannot be written. */
export class OffsetFileError extends RocketMQError {
  override readonly name = 'OffsetFileError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`offsets file ${path}: ${(cause as Error).message}`, { retry: 'backoff', cause });
  }
}

export class LocalOffsetStore implements OffsetStore {
  private readonly table = new OffsetTable();
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  async load(): Promise<void> {
    for (const [queue, offset] of await this.readFile()) this.table.update(queue, offset, false);
  }

  updateOffset(queue: MessageQueue, offset: number, increaseOnly: boolean): void {
    this.table.update(queue, offset, increaseOnly);
  }

  async readOffset(queue: MessageQueue, from: ReadOffsetFrom): Promise<number> {
    if (from !== 'store') {
      const cached = this.table.get(queue);
      if (cached !== undefined || from === 'memory') return cached ?? noOffset;
    }
    const stored = (await this.readFile()).find(([q]) => q.topic === queue.topic && q.brokerName === queue.brokerName && q.queueId === queue.queueId);
    if (stored === undefined) return noOffset;
    this.table.update(queue, stored[1], false);
    return stored[1];
  }

  /** Writes the offsets of `queues` (the others are forgotten). Writes never overlap. */
  persistAll(queues: readonly MessageQueue[]): Promise<void> {
    const entries = this.table.retain(queues);
    const write = this.writing.then(() => this.writeFile(entries));
    this.writing = write.catch(() => undefined);
    return write;
  }

  /** The whole table is one file: persisting one queue writes them all. */
  persist(): Promise<void> {
    const entries = this.table.entries();
    const write = this.writing.then(() => this.writeFile(entries));
    this.writing = write.catch(() => undefined);
    return write;
  }

  removeOffset(queue: MessageQueue): void {
    this.table.delete(queue);
  }

  private async readFile(): Promise<Array<[MessageQueue, number]>> {
    for (const path of [this.path, `${this.path}.bak`]) {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        continue;
      }
      try {
        return decodeResetOffsetBody(text).offsetTable;
      } catch {
        continue;
      }
    }
    return [];
  }

  private async writeFile(entries: Array<[MessageQueue, number]>): Promise<void> {
    const tmp = `${this.path}.tmp`;
    try {
      await mkdir(join(this.path, '..'), { recursive: true });
      const handle = await open(tmp, 'w');
      try {
        await handle.writeFile(encodeResetOffsetBody({ offsetTable: entries }));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await copyFile(this.path, `${this.path}.bak`).catch(() => undefined);
      await rename(tmp, this.path);
    } catch (error) {
      throw new OffsetFileError(this.path, error);
    }
  }
}
