// Cuts a byte stream into commands (frame layout: frame-codec.ts).
//
// feed() takes the bytes of one socket read. Frames lying whole inside them are decoded in place
// (header strings are copied out by the header codecs anyway) with their bodies as views of the
// bytes, when the caller hands over bytes it will never touch again. When it reuses its read
// buffer, frames without a body are still decoded in place; if any has a body, the whole frames
// are copied once into a buffer of their own and decoded from it (one allocation per read, not
// one per body), so no command ever aliases a reused buffer.
// A frame cut by the end of a read is assembled once, in one buffer of its own, however many
// reads it spans. A caller that chooses where its socket reads go can read the rest of a big
// frame straight into that buffer (inPlaceReadTarget, filledInPlace), so its bytes are never
// copied.
//
// A hostile frame gives a ProtocolError, after which the decoder keeps failing: the connection
// must be closed.
import type { RemotingCommand } from './command.js';
import { ProtocolError } from './errors.js';
import { decodeFrameAt, framePrefixBytes, frameSizeMax } from './frame-codec.js';
import { readInt32 } from './header-bytes.js';

/** A frame cut across reads gets a buffer of its full size up to this; a bigger one grows as its bytes arrive. */
export const partialFrameBytesUpfrontMax = 1024 * 1024;

const lengthPrefixBytes = 4;
/** The header length's bits of the header-length word. */
const headerLengthMask = 0xffffff;

export interface FrameDecoderOptions {
  /** Largest frame accepted, length prefix included; default frameSizeMax (16 MiB). */
  frameSizeMax?: number;
  /**
   * A frame cut across reads gets a buffer of its full size up to this many bytes (default
   * partialFrameBytesUpfrontMax); a bigger one grows as its bytes arrive, so a peer cannot make
   * us reserve memory for bytes it never sends.
   */
  partialFrameUpfrontBytesMax?: number;
}

/** Receives each decoded command, in stream order. */
export type CommandSink = (cmd: RemotingCommand) => void;

export class FrameDecoder {
  private readonly sizeMax: number;
  private readonly upfrontBytesMax: number;
  /** The length prefix of a frame cut inside its first four bytes. */
  private readonly prefix = Buffer.alloc(lengthPrefixBytes);
  private prefixUsed = 0;
  /** The frame being assembled across reads (its length prefix included), and its size. */
  private partial: Buffer | undefined;
  private partialUsed = 0;
  private partialFrameBytes = 0;
  private failure: ProtocolError | undefined;
  /** Commands decoded by push() and not yet taken by next(). */
  private readonly queue: RemotingCommand[] = [];
  private queueHead = 0;
  private queuedFailure: unknown;

  constructor(options: FrameDecoderOptions = {}) {
    this.sizeMax = options.frameSizeMax ?? frameSizeMax;
    this.upfrontBytesMax = options.partialFrameUpfrontBytesMax ?? partialFrameBytesUpfrontMax;
  }

  /** Bytes of an incomplete frame held until the rest of it arrives. */
  get bufferedBytes(): number {
    return this.prefixUsed + this.partialUsed;
  }

  /**
   * Decodes every frame completed by bytes [start, end) of `bytes` and hands each command to
   * `sink`. `reused`: the caller overwrites these bytes after this returns, so bodies are copied;
   * otherwise they are views of `bytes`. Throws ProtocolError at a hostile frame (the commands
   * before it have been handed over).
   */
  feed(bytes: Buffer, start: number, end: number, reused: boolean, sink: CommandSink): void {
    if (this.failure) throw this.failure;
    try {
      let at = start;
      if (this.prefixUsed > 0 || this.partial !== undefined) {
        at = this.continuePartial(bytes, at, end, sink);
        if (at === end) return;
      }
      const sizeMax = this.sizeMax;
      // The frames lying whole in these bytes end at wholeEnd.
      let wholeEnd = at;
      let withBody = false;
      while (end - wholeEnd >= lengthPrefixBytes) {
        const length = readInt32(bytes, wholeEnd);
        // A bad length stops the scan; continuePartial refuses it after the frames before it.
        if (length < 4 || length + lengthPrefixBytes > sizeMax) break;
        const frameBytes = length + lengthPrefixBytes;
        if (end - wholeEnd < frameBytes) break;
        withBody ||= frameBytes > framePrefixBytes + (readInt32(bytes, wholeEnd + 4) & headerLengthMask);
        wholeEnd += frameBytes;
      }
      if (wholeEnd > at) {
        if (reused && withBody) {
          // One copy of the whole frames, their bodies viewed from it (cheaper than a buffer per body).
          const copy = Buffer.allocUnsafe(wholeEnd - at);
          copy.set(Uint8Array.prototype.subarray.call(bytes, at, wholeEnd));
          decodeWholeFrames(copy, 0, copy.length, sink);
        } else {
          // No body, or bytes handed over for good: nothing decoded from them refers to them later.
          decodeWholeFrames(bytes, at, wholeEnd, sink);
        }
        at = wholeEnd;
      }
      if (at < end) this.continuePartial(bytes, at, end, sink);
    } catch (error) {
      if (error instanceof ProtocolError) this.fail(error);
      throw error;
    }
  }

  /**
   * Where the next read may go directly: the unfilled rest of the frame being assembled, when at
   * least `minBytes` of it are missing and its buffer already has room for all of it. Undefined
   * otherwise (read elsewhere and feed()). Report what was read there with filledInPlace().
   */
  inPlaceReadTarget(minBytes: number): Buffer | undefined {
    const partial = this.partial;
    if (partial === undefined || partial.length < this.partialFrameBytes) return undefined;
    if (this.partialFrameBytes - this.partialUsed < minBytes) return undefined;
    return partial.subarray(this.partialUsed, this.partialFrameBytes);
  }

  /** `length` bytes were read into the inPlaceReadTarget(); hands the frame to `sink` once they complete it. */
  filledInPlace(length: number, sink: CommandSink): void {
    if (this.failure) throw this.failure;
    this.partialUsed += length;
    if (this.partialUsed < this.partialFrameBytes) return;
    try {
      this.completePartial(sink);
    } catch (error) {
      if (error instanceof ProtocolError) this.fail(error);
      throw error;
    }
  }

  /** Takes the bytes of a chunk nobody else will modify; next() returns the commands it completes. */
  push(chunk: Buffer): void {
    if (chunk.length === 0 || this.queuedFailure !== undefined) return;
    try {
      this.feed(chunk, 0, chunk.length, false, (cmd) => this.queue.push(cmd));
    } catch (error) {
      this.queuedFailure = error;
    }
  }

  /** The next command completed by push(), or undefined; throws the stream's error once the commands before it are taken. */
  next(): RemotingCommand | undefined {
    const queue = this.queue;
    if (this.queueHead < queue.length) {
      const cmd = queue[this.queueHead++]!;
      if (this.queueHead === queue.length) {
        queue.length = 0;
        this.queueHead = 0;
      }
      return cmd;
    }
    if (this.queuedFailure !== undefined) throw this.queuedFailure;
    return undefined;
  }

  /** Continues the frame cut by the previous read with bytes from `at`; returns where its bytes end. */
  private continuePartial(bytes: Buffer, at: number, end: number, sink: CommandSink): number {
    if (this.partial === undefined) {
      const prefixTaken = Math.min(lengthPrefixBytes - this.prefixUsed, end - at);
      bytes.copy(this.prefix, this.prefixUsed, at, at + prefixTaken);
      this.prefixUsed += prefixTaken;
      at += prefixTaken;
      if (this.prefixUsed < lengthPrefixBytes) return at;
      this.partialFrameBytes = checkedFrameBytes(readInt32(this.prefix, 0), this.sizeMax);
      this.partial = Buffer.allocUnsafe(Math.min(this.partialFrameBytes, this.upfrontBytesMax));
      this.prefix.copy(this.partial, 0);
      this.partialUsed = lengthPrefixBytes;
      this.prefixUsed = 0;
    }
    const taken = Math.min(this.partialFrameBytes - this.partialUsed, end - at);
    if (this.partialUsed + taken > this.partial.length) this.growPartial(this.partialUsed + taken);
    bytes.copy(this.partial, this.partialUsed, at, at + taken);
    this.partialUsed += taken;
    at += taken;
    if (this.partialUsed === this.partialFrameBytes) this.completePartial(sink);
    return at;
  }

  private completePartial(sink: CommandSink): void {
    const frame = this.partial!;
    this.partial = undefined;
    this.partialUsed = 0;
    sink(decodeFrameAt(frame, 0, this.partialFrameBytes));
  }

  /** A bigger buffer for a frame over the upfront maximum: at least twice the size, at most the frame's. */
  private growPartial(needed: number): void {
    const old = this.partial!;
    const grown = Buffer.allocUnsafe(Math.min(this.partialFrameBytes, Math.max(needed, old.length * 2)));
    old.copy(grown, 0, 0, this.partialUsed);
    this.partial = grown;
  }

  private fail(error: ProtocolError): void {
    this.failure = error;
    this.partial = undefined;
    this.partialUsed = 0;
    this.prefixUsed = 0;
  }
}

/** Decodes the frames filling bytes [start, end), whose lengths have been checked. */
function decodeWholeFrames(bytes: Buffer, start: number, end: number, sink: CommandSink): void {
  let at = start;
  while (at < end) {
    const frameEnd = at + lengthPrefixBytes + readInt32(bytes, at);
    sink(decodeFrameAt(bytes, at, frameEnd));
    at = frameEnd;
  }
}

/**
 * The first two bytes of a TLS handshake record (content type 22, version 3.x). As a frame's
 * length prefix they would announce more than 369 MB, so no frame starts this way; RocketMQ's
 * servers sniff the same byte to tell a TLS client.
 */
const tlsHandshakePrefix = 0x1603;

/** The frame's size from its length prefix, refused when below the minimum or over `sizeMax`. */
function checkedFrameBytes(length: number, sizeMax: number): number {
  if (length < 4) throw new ProtocolError('badFrameLength', `frame length ${length}`);
  if (length >>> 16 === tlsHandshakePrefix) {
    throw new ProtocolError('tlsNotSupported', 'the peer opened a TLS handshake; this end speaks the remoting protocol over plain TCP only');
  }
  if (length + lengthPrefixBytes > sizeMax) {
    throw new ProtocolError('frameTooLarge', `frame of ${length + lengthPrefixBytes} bytes exceeds ${sizeMax}`);
  }
  return length + lengthPrefixBytes;
}
