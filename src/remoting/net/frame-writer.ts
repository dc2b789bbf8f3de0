// Per-connection write queue. Frames are encoded straight into one batch buffer (length
// prefix, header, then the body copied behind it) and leave in one socket write: at the end of
// the event-loop turn (process.nextTick), or as soon as writeBatchBytesMax are queued, whichever
// comes first. The cap turns a ping-pong into a pipeline: answering a read of 64 requests, the
// first responses are on their way, and the peer busy with them, while the later ones are still
// being made; writes of 16 KiB cost no more CPU per frame than one big write. A body over
// bodyCopyMaxBytes is not copied: its frame leaves at once, its header from the batch and the
// body as it is, in one corked writev.
import type { Socket } from 'node:net';
import { writeCommandHeader } from '../protocol/frame-codec.js';
import type { RemotingCommand } from '../protocol/command.js';
import { giveBatchBuffer, takeBatchBuffer } from './batch-buffers.js';

/** A body up to this size is copied into the batch; a bigger one is written as it is. */
export const bodyCopyMaxBytes = 16 * 1024;

/** Queued frames are written as soon as they fill this many bytes, without waiting for the turn to end. */
export const writeBatchBytesMax = 16 * 1024;

export type WrittenCallback = (error: Error | null | undefined) => void;

export class FrameWriter {
  /** Frames of this turn, from 0 to `used`; taken from the pool by the turn's first write. */
  private batch: Buffer | undefined;
  private used = 0;
  /** Where the part of the batch not yet in `parts` starts. */
  private cutAt = 0;
  /** What goes before batch[cutAt, used): batch slices and uncopied bodies, in order. */
  private parts: Buffer[] | undefined;
  private writtenCallbacks: WrittenCallback[] | undefined;
  private flushScheduled = false;

  constructor(
    private readonly socket: Socket,
    private readonly afterFlush: () => void,
  ) {}

  /** Encodes `cmd` (throws the codec's error if it cannot) and queues it; see the file comment for when it leaves. */
  write(cmd: RemotingCommand, written?: WrittenCallback): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flushAtTurnEnd);
    }
    const body = cmd.body;
    const bodyLength = body === undefined ? 0 : body.length;
    const copied = bodyLength <= bodyCopyMaxBytes ? bodyLength : 0;
    let batch = (this.batch ??= takeBatchBuffer());
    let end = writeCommandHeader(cmd, bodyLength, batch, this.used);
    while (end < 0 || end + copied > batch.length) {
      batch = this.grow();
      end = writeCommandHeader(cmd, bodyLength, batch, this.used);
    }
    if (copied > 0) {
      batch.set(body!, end);
      end += copied;
    }
    this.used = end;
    if (copied < bodyLength) {
      (this.parts ??= []).push(batch.subarray(this.cutAt, end), body!);
      this.cutAt = end;
    }
    if (written !== undefined) (this.writtenCallbacks ??= []).push(written);
    // A frame whose body was not copied gains nothing by waiting: its bytes are the body's.
    if (end >= writeBatchBytesMax || copied < bodyLength) this.flush();
  }

  /** Drops what is queued (the connection is closing); pending callbacks hear `error`. */
  discard(error: Error): void {
    const callbacks = this.writtenCallbacks;
    // Nothing of this batch went to the socket, so nothing else refers to it.
    if (this.batch !== undefined) giveBatchBuffer(this.batch);
    this.reset();
    if (callbacks !== undefined) for (const cb of callbacks) cb(error);
  }

  private reset(): void {
    this.batch = undefined;
    this.used = 0;
    this.cutAt = 0;
    this.parts = undefined;
    this.writtenCallbacks = undefined;
  }

  /** A batch buffer twice as big, holding what the current one holds after cutAt. */
  private grow(): Buffer {
    const old = this.batch!;
    const batch = Buffer.allocUnsafeSlow(old.length * 2);
    old.copy(batch, 0, this.cutAt, this.used);
    this.used -= this.cutAt;
    this.cutAt = 0;
    if (this.parts === undefined) giveBatchBuffer(old);
    this.batch = batch;
    return batch;
  }

  private readonly flushAtTurnEnd = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  private flush(): void {
    const batch = this.batch;
    if (batch === undefined) return;
    const { used, cutAt, parts, writtenCallbacks } = this;
    this.reset();
    if (used === 0) {
      giveBatchBuffer(batch);
      return;
    }
    const done = writtenCallbacks === undefined ? undefined : callAll(writtenCallbacks);
    const socket = this.socket;
    if (parts === undefined) {
      socket.write(batch.subarray(0, used), done);
    } else {
      if (cutAt < used) parts.push(batch.subarray(cutAt, used));
      socket.cork();
      const last = parts.length - 1;
      for (let i = 0; i < last; i++) socket.write(parts[i]!);
      socket.write(parts[last]!, done);
      socket.uncork();
    }
    // Nothing buffered: the socket wrote every byte already and keeps no reference to the batch.
    if (socket.writableLength === 0) giveBatchBuffer(batch);
    this.afterFlush();
  }
}

function callAll(callbacks: WrittenCallback[]): WrittenCallback {
  return (error) => {
    for (const cb of callbacks) cb(error);
  };
}
