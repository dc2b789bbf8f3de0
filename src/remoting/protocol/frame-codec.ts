// Frame codec (remoting.md §1). One frame = one command, all integers big-endian:
//
//   offset 0  int32 length            bytes that follow this field = 4 + headerLength + bodyLength
//   offset 4  int32 headerLengthWord  high byte: serialize type (0 JSON, 1 ROCKETMQ);
//                                     low 24 bits: header length
//   offset 8  header                  JSON text or ROCKETMQ binary header
//   then      body                    opaque bytes, bodyLength = length - 4 - headerLength (0: none)
//
// The stream decoder is in frame-decoder.ts; a hostile frame gives a ProtocolError.
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

/** Decodes the frame in bytes [start, end) of `buf`, whose length prefix has been checked against its size. */
export function decodeFrameAt(buf: Buffer, start: number, end: number): RemotingCommand {
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
  if (headerEnd < end) cmd.body = buf.subarray(headerEnd, end); // a view: the frame's bytes are not reused
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
