// Frame codec (remoting.md §1). One frame = one command, all integers big-endian:
//
//   offset 0  int32 length            bytes that follow this field = 4 + headerLength + bodyLength
//   offset 4  int32 headerLengthWord  high byte: serialize type (0 JSON, 1 ROCKETMQ);
//                                     low 24 bits: header length
//   offset 8  header                  JSON text or ROCKETMQ binary header
//   then      body                    opaque bytes, bodyLength = length - 4 - headerLength (0: none)
//
// The decoder is total: an incomplete frame leaves its buffer untouched, each next() consumes
// exactly one frame, and a hostile frame gives a ProtocolError (after which the decoder keeps
// failing: the connection must be closed).
import { SerializeType, type RemotingCommand } from './command.js';
import { ProtocolError } from './errors.js';
import { readInt32, writeInt32 } from './header-bytes.js';
import { readJsonHeader, writeJsonHeader } from './json-header.js';
import { readRocketmqHeader, writeRocketmqHeader } from './rocketmq-header.js';

/** Largest frame accepted, length prefix included (Netty's maxFrameLength default in RocketMQ). */
export const frameSizeMax = 16 * 1024 * 1024;

/** Bytes before the header: length prefix + header-length word. */
export const framePrefixBytes = 8;

const headerLengthMax = 0xffffff;
const frameLengthFieldMax = 0x7fffffff;
/** First size tried by the encoders that return a buffer of their own; doubled until the header fits. */
const standaloneHeaderBytesInitial = 4096;

/**
 * Writes the length prefix, header-length word and header of `cmd` at `at` in `out`, for a
 * body of `bodyLength` bytes written after them by the caller. Returns the offset after the
 * header, or -1 when `out` has no room for it (retry with a bigger buffer). Throws
 * ProtocolError for a command that cannot be encoded.
 */
export function writeCommandHeader(cmd: RemotingCommand, bodyLength: number, out: Buffer, at: number): number {
  const headerAt = at + framePrefixBytes;
  const end =
    cmd.serializeType === SerializeType.ROCKETMQ ? writeRocketmqHeader(cmd, out, headerAt) : writeJsonHeader(cmd, out, headerAt);
  if (end < 0) return -1;
  const headerLength = end - headerAt;
  checkLengths(headerLength, bodyLength);
  writeInt32(out, at, 4 + headerLength + bodyLength);
  writeInt32(out, at + 4, ((cmd.serializeType & 0xff) << 24) | headerLength);
  return end;
}

/** The whole frame in one buffer. */
export function encodeCommand(cmd: RemotingCommand): Buffer {
  const body = cmd.body;
  const bodyLength = body?.length ?? 0;
  const { bytes, end } = headerInScratch(cmd, bodyLength);
  const out = Buffer.allocUnsafe(end + bodyLength);
  bytes.copy(out, 0, 0, end);
  if (body !== undefined && bodyLength > 0) out.set(body, end);
  return out;
}

/** The frame without its body, for writing a large body separately (writev, zero-copy). */
export function encodeCommandHeader(cmd: RemotingCommand, bodyLength: number): Buffer {
  const { bytes, end } = headerInScratch(cmd, bodyLength);
  const out = Buffer.allocUnsafe(end);
  bytes.copy(out, 0, 0, end);
  return out;
}

let scratch: Buffer | undefined;

/** Encodes the frame's header into a reused scratch buffer (a bigger one only for this call when needed). */
function headerInScratch(cmd: RemotingCommand, bodyLength: number): { bytes: Buffer; end: number } {
  let bytes = (scratch ??= Buffer.allocUnsafeSlow(standaloneHeaderBytesInitial));
  for (;;) {
    const end = writeCommandHeader(cmd, bodyLength, bytes, 0);
    if (end >= 0) return { bytes, end };
    bytes = Buffer.allocUnsafeSlow(bytes.length * 2);
  }
}

function checkLengths(headerLength: number, bodyLength: number): void {
  if (headerLength > headerLengthMax) {
    throw new ProtocolError('unencodable', `header of ${headerLength} bytes exceeds the 24-bit header length`);
  }
  if (!Number.isInteger(bodyLength) || bodyLength < 0 || 4 + headerLength + bodyLength > frameLengthFieldMax) {
    throw new ProtocolError('unencodable', `body length ${bodyLength} does not fit a frame`);
  }
}

export interface FrameDecoderOptions {
  /** Largest frame accepted, length prefix included; default frameSizeMax (16 MiB). */
  frameSizeMax?: number;
}

/** Cuts a byte stream into commands. */
export class FrameDecoder {
  private readonly sizeMax: number;
  private readonly chunks: Buffer[] = [];
  /** Read position inside chunks[0]. */
  private offset = 0;
  private buffered = 0;
  private failure: ProtocolError | undefined;

  constructor(options: FrameDecoderOptions = {}) {
    this.sizeMax = options.frameSizeMax ?? frameSizeMax;
  }

  /** Bytes received and not yet returned as commands. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0 || this.failure) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next complete command, or undefined when no whole frame is buffered. */
  next(): RemotingCommand | undefined {
    if (this.failure) throw this.failure;
    if (this.buffered < 4) return undefined;
    try {
      return this.decodeNext();
    } catch (err) {
      if (err instanceof ProtocolError) {
        this.failure = err;
        this.chunks.length = 0;
        this.buffered = 0;
      }
      throw err;
    }
  }

  private decodeNext(): RemotingCommand | undefined {
    const first = this.chunks[0]!;
    const offset = this.offset;
    const inFirst = first.length - offset;
    const length = inFirst >= 4 ? readInt32(first, offset) : this.peekInt32();
    if (length < 4) throw new ProtocolError('badFrameLength', `frame length ${length}`);
    if (length + 4 > this.sizeMax) {
      throw new ProtocolError('frameTooLarge', `frame of ${length + 4} bytes exceeds ${this.sizeMax}`);
    }
    const frameBytes = length + 4;
    if (this.buffered < frameBytes) return undefined;
    if (inFirst < frameBytes) return decodeFrameAt(this.takeAcross(frameBytes), 0, frameBytes);
    // The whole frame lies in the first chunk: decode it in place.
    const cmd = decodeFrameAt(first, offset, offset + frameBytes);
    this.buffered -= frameBytes;
    if (inFirst === frameBytes) {
      this.chunks.shift();
      this.offset = 0;
    } else {
      this.offset = offset + frameBytes;
    }
    return cmd;
  }

  private peekInt32(): number {
    const bytes = Buffer.allocUnsafe(4);
    this.copyOut(bytes, 4, false);
    return bytes.readInt32BE(0);
  }

  /** Removes n bytes that span several chunks from the front, copied into one buffer. */
  private takeAcross(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    this.copyOut(out, n, true);
    this.buffered -= n;
    return out;
  }

  private copyOut(target: Buffer, n: number, consume: boolean): void {
    let copied = 0;
    let index = 0;
    let offset = this.offset;
    while (copied < n) {
      const chunk = this.chunks[index]!;
      const count = Math.min(n - copied, chunk.length - offset);
      chunk.copy(target, copied, offset, offset + count);
      copied += count;
      offset += count;
      if (offset === chunk.length) {
        index++;
        offset = 0;
      }
    }
    if (consume) {
      this.chunks.splice(0, index);
      this.offset = offset;
    }
  }
}

/** Decodes the frame in bytes [start, end) of `buf`, whose length prefix has been checked against its size. */
function decodeFrameAt(buf: Buffer, start: number, end: number): RemotingCommand {
  const length = end - start - 4;
  const word = readInt32(buf, start + 4);
  const type = word >>> 24;
  const headerLength = word & headerLengthMax;
  if (headerLength > length - 4) {
    throw new ProtocolError('badHeaderLength', `header length ${headerLength} beyond a frame of ${length}`);
  }
  const headerStart = start + framePrefixBytes;
  const headerEnd = headerStart + headerLength;
  let cmd: RemotingCommand;
  if (type === SerializeType.JSON) cmd = readJsonHeader(buf, headerStart, headerEnd);
  else if (type === SerializeType.ROCKETMQ) cmd = readRocketmqHeader(buf, headerStart, headerEnd);
  else throw new ProtocolError('badSerializeType', `serialize type ${type}`);
  // One view of the body, sharing the received bytes.
  if (headerEnd < end) cmd.body = buf.subarray(headerEnd, end);
  return cmd;
}

/** Decodes one complete frame (length prefix included); throws ProtocolError. */
export function decodeCommand(frame: Buffer): RemotingCommand {
  if (frame.length < 8) throw new ProtocolError('badFrameLength', `frame of ${frame.length} bytes`);
  const length = frame.readInt32BE(0);
  if (length !== frame.length - 4) {
    throw new ProtocolError('badFrameLength', `length field ${length} but ${frame.length - 4} bytes follow`);
  }
  return decodeFrameAt(frame, 0, frame.length);
}
