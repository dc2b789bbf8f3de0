// One metadata file under <storePathRootDir>/config/ (topics.json, subscriptionGroup.json,
// consumerOffset.json, delayOffset.json), written as RocketMQ's ConfigManager does:
//   1. the new text goes to <file>.tmp, which is fdatasync'd;
//   2. the current file, if any, is copied to <file>.bak;
//   3. <file>.tmp is renamed over <file> and the folder is fsync'd, so the rename survives a
//      power loss.
// A crash at any step leaves either the old or the new text in <file>, and the previous
// version in <file>.bak. Loading reads <file> and falls back to <file>.bak when <file> is
// missing or does not parse. Writes to one file run one at a time; when several are requested
// while one runs, only the newest text is written after it.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, open, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RocketMQError } from '../../common/errors.js';

/** A metadata file and its backup both exist and neither parses: the broker must not start. */
export class MetadataFileError extends RocketMQError {
  override readonly name = 'MetadataFileError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`metadata file ${path} cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export interface LoadedFile<T> {
  value: T;
  /** True when <file> was unusable and <file>.bak was read instead. */
  fromBackup: boolean;
}

export class ConfigFile {
  private queue: Promise<void> = Promise.resolve();
  private pendingText: string | undefined;

  constructor(readonly path: string) {}

  /** Reads and parses the file (or its backup); undefined when neither exists. */
  load<T>(parse: (text: string) => T): LoadedFile<T> | undefined {
    const backup = `${this.path}.bak`;
    let firstError: unknown;
    if (existsSync(this.path)) {
      try {
        return { value: parse(readFileSync(this.path, 'utf8')), fromBackup: false };
      } catch (error) {
        firstError = error;
      }
    }
    if (existsSync(backup)) {
      try {
        const value = parse(readFileSync(backup, 'utf8'));
        // Put the good version back, so the next write's backup is not the broken file.
        if (firstError !== undefined) copyFileSync(backup, this.path);
        return { value, fromBackup: true };
      } catch (error) {
        throw new MetadataFileError(this.path, firstError ?? error);
      }
    }
    if (firstError !== undefined) throw new MetadataFileError(this.path, firstError);
    return undefined;
  }

  /** Writes `text` atomically; resolves when it (or newer text) is durable. */
  write(text: string): Promise<void> {
    this.pendingText = text;
    const step = this.queue.then(() => this.writePending());
    this.queue = step.catch(() => undefined);
    return step;
  }

  private async writePending(): Promise<void> {
    const text = this.pendingText;
    if (text === undefined) return;
    this.pendingText = undefined;
    await writeAtomically(this.path, text);
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.datasync();
  } finally {
    await handle.close();
  }
  try {
    await copyFile(path, `${path}.bak`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await rename(tmp, path);
  await syncFolder(dirname(path));
}

/** fsync of a folder makes a rename in it durable; platforms without it (Windows) skip it. */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}

/** RocketMQ's metadata file names (BrokerPathConfigHelper), all under <storePathRootDir>/config/. */
export const MetadataFileName = {
  topics: 'topics.json',
  subscriptionGroups: 'subscriptionGroup.json',
  consumerOffsets: 'consumerOffset.json',
  delayOffsets: 'delayOffset.json',
} as const;

export function metadataFile(storePathRootDir: string, name: (typeof MetadataFileName)[keyof typeof MetadataFileName]): ConfigFile {
  return new ConfigFile(join(storePathRootDir, 'config', name));
}
