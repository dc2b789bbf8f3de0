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
import { decodeJsonHeader, jsonHeaderText } from './json-header.js';
import { decodeRocketmqHeader, encodeRocketmqHeader } from './rocketmq-header.js';

/** Largest frame accepted, length prefix included (Netty's maxFrameLength default in RocketMQ). */
export const frameSizeMax = 16 * 1024 * 1024;

/** Bytes before the header: length prefix + header-length word. */
export const framePrefixBytes = 8;

const headerLengthMax = 0xffffff;
const frameLengthFieldMax = 0x7fffffff;

/** The whole frame in one buffer. */
export function encodeCommand(cmd: RemotingCommand): Buffer {
  return encodeFrame(cmd, cmd.body, cmd.body?.length ?? 0);
}

/** The frame without its body, for writing a large body separately (writev, zero-copy). */
export function encodeCommandHeader(cmd: RemotingCommand, bodyLength: number): Buffer {
  return encodeFrame(cmd, undefined, bodyLength);
}

function encodeFrame(cmd: RemotingCommand, body: Buffer | undefined, bodyLength: number): Buffer {
  const withBody = body === undefined ? 0 : bodyLength;
  let out: Buffer;
  let headerLength: number;
  if (cmd.serializeType === SerializeType.ROCKETMQ) {
    const header = encodeRocketmqHeader(cmd);
    headerLength = header.length;
    checkLengths(headerLength, bodyLength);
    out = Buffer.allocUnsafe(framePrefixBytes + headerLength + withBody);
    header.copy(out, framePrefixBytes);
  } else {
    const text = jsonHeaderText(cmd);
    headerLength = Buffer.byteLength(text, 'utf8');
    checkLengths(headerLength, bodyLength);
    out = Buffer.allocUnsafe(framePrefixBytes + headerLength + withBody);
    out.write(text, framePrefixBytes, 'utf8');
  }
  out.writeInt32BE(4 + headerLength + bodyLength, 0);
  out.writeInt32BE(((cmd.serializeType & 0xff) << 24) | headerLength, 4);
  if (body !== undefined && withBody > 0) body.copy(out, framePrefixBytes + headerLength);
  return out;
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
    const length = this.peekInt32();
    if (length < 4) throw new ProtocolError('badFrameLength', `frame length ${length}`);
    if (length + 4 > this.sizeMax) {
      throw new ProtocolError('frameTooLarge', `frame of ${length + 4} bytes exceeds ${this.sizeMax}`);
    }
    if (this.buffered < length + 4) return undefined;
    return decodeFrame(this.take(length + 4));
  }

  private peekInt32(): number {
    const first = this.chunks[0]!;
    if (first.length - this.offset >= 4) return first.readInt32BE(this.offset);
    const bytes = Buffer.allocUnsafe(4);
    this.copyOut(bytes, 4, false);
    return bytes.readInt32BE(0);
  }

  /** Removes n bytes from the front; a subarray (no copy) when they lie in one chunk. */
  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    let out: Buffer;
    if (first.length - this.offset >= n) {
      out = first.subarray(this.offset, this.offset + n);
      this.offset += n;
      if (this.offset === first.length) {
        this.chunks.shift();
        this.offset = 0;
      }
    } else {
      out = Buffer.allocUnsafe(n);
      this.copyOut(out, n, true);
    }
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

/** Decodes one frame whose length prefix has been checked against frame.length. */
function decodeFrame(frame: Buffer): RemotingCommand {
  const length = frame.length - 4;
  const word = frame.readUInt32BE(4);
  const type = word >>> 24;
  const headerLength = word & headerLengthMax;
  if (headerLength > length - 4) {
    throw new ProtocolError('badHeaderLength', `header length ${headerLength} beyond a frame of ${length}`);
  }
  const headerStart = framePrefixBytes;
  const header = frame.subarray(headerStart, headerStart + headerLength);
  let cmd: RemotingCommand;
  if (type === SerializeType.JSON) cmd = decodeJsonHeader(header);
  else if (type === SerializeType.ROCKETMQ) cmd = decodeRocketmqHeader(header);
  else throw new ProtocolError('badSerializeType', `serialize type ${type}`);
  if (headerStart + headerLength < frame.length) cmd.body = frame.subarray(headerStart + headerLength);
  return cmd;
}

/** Decodes one complete frame (length prefix included); throws ProtocolError. */
export function decodeCommand(frame: Buffer): RemotingCommand {
  if (frame.length < 8) throw new ProtocolError('badFrameLength', `frame of ${frame.length} bytes`);
  const length = frame.readInt32BE(0);
  if (length !== frame.length - 4) {
    throw new ProtocolError('badFrameLength', `length field ${length} but ${frame.length - 4} bytes follow`);
  }
  return decodeFrame(frame);
}
