// <storePathRootDir>/abort: created (empty, durably) when the store starts and removed after a
// clean shutdown, so its presence at the next start says the last run crashed (RocketMQ's
// convention, message-format.md §12).
import { join } from 'node:path';
import type { FileIO } from '../io/file-io.js';

export const abortFileName = 'abort';

export class AbortFile {
  readonly path: string;

  constructor(
    private readonly io: FileIO,
    private readonly rootDir: string,
  ) {
    this.path = join(rootDir, abortFileName);
  }

  /** Whether the previous run ended without a clean shutdown. */
  present(): boolean {
    return this.io.exists(this.path);
  }

  /** Marks this run as started; durable before it resolves. */
  create(): Promise<void> {
    return this.io.writeFileAtomic(this.path, new Uint8Array(0));
  }

  /** Marks a clean shutdown: call after everything is flushed and the checkpoint written. */
  async remove(): Promise<void> {
    this.io.remove(this.path);
    await this.io.syncDir(this.rootDir);
  }
}
