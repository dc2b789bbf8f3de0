// Per-connection write queue. Frames written during one event-loop turn go to the socket in a
// single write at the end of the turn (process.nextTick): 64 responses produced from one read
// cost one syscall, not 64. Small batches are copied into one buffer; large ones are handed
// over as a corked series of writes (one writev) so big bodies are never copied.
import type { Socket } from 'node:net';
import { encodeCommandHeader } from '../protocol/frame-codec.js';
import type { RemotingCommand } from '../protocol/command.js';

/** A batch up to this size is copied into one buffer; above it, chunks are written as they are. */
export const coalesceCopyMaxBytes = 256 * 1024;

export type WrittenCallback = (error: Error | null | undefined) => void;

export class FrameWriter {
  private chunks: Buffer[] = [];
  private queuedBytes = 0;
  private writtenCallbacks: WrittenCallback[] | undefined;
  private flushScheduled = false;

  constructor(
    private readonly socket: Socket,
    private readonly afterFlush: () => void,
  ) {}

  /** Encodes `cmd` (throws the codec's error if it cannot) and queues it for the end of this turn. */
  write(cmd: RemotingCommand, written?: WrittenCallback): void {
    const body = cmd.body;
    const header = encodeCommandHeader(cmd, body === undefined ? 0 : body.length);
    this.chunks.push(header);
    this.queuedBytes += header.length;
    if (body !== undefined && body.length > 0) {
      this.chunks.push(body);
      this.queuedBytes += body.length;
    }
    if (written !== undefined) (this.writtenCallbacks ??= []).push(written);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flush);
    }
  }

  /** Drops what is queued (the connection is closing); pending callbacks hear `error`. */
  discard(error: Error): void {
    const callbacks = this.writtenCallbacks;
    this.chunks = [];
    this.queuedBytes = 0;
    this.writtenCallbacks = undefined;
    if (callbacks !== undefined) for (const cb of callbacks) cb(error);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const chunks = this.chunks;
    if (chunks.length === 0) return;
    const bytes = this.queuedBytes;
    const callbacks = this.writtenCallbacks;
    this.chunks = [];
    this.queuedBytes = 0;
    this.writtenCallbacks = undefined;
    const done = callbacks === undefined ? undefined : callAll(callbacks);
    const socket = this.socket;
    if (chunks.length === 1) {
      socket.write(chunks[0]!, done);
    } else if (bytes <= coalesceCopyMaxBytes) {
      socket.write(Buffer.concat(chunks, bytes), done);
    } else {
      socket.cork();
      const last = chunks.length - 1;
      for (let i = 0; i < last; i++) socket.write(chunks[i]!);
      socket.write(chunks[last]!, done);
      socket.uncork();
    }
    this.afterFlush();
  };
}

function callAll(callbacks: WrittenCallback[]): WrittenCallback {
  return (error) => {
    for (const cb of callbacks) cb(error);
  };
}
