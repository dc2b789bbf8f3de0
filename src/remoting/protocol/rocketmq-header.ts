// ROCKETMQ binary header codec (serialize type 1; remoting.md §3, RocketMQSerializable).
//
// Layout, big-endian:
//   int16 code | int8 language | int16 version | int32 opaque | int32 flag
//   int32 remarkLength n | n bytes UTF-8 remark          (n = 0: no remark)
//   int32 extLength m    | m bytes of entries:           (m = 0: no extFields)
//       int16 keyLength | key UTF-8 | int32 valueLength | value UTF-8
// Fixed part: 21 bytes. Java decodes code and version as signed shorts, so a code above 32767
// (5.x POP_MESSAGE 200050) cannot be carried; encoding such a command is refused. An empty
// value decodes as null in Java, which a header treats as absent: such entries are dropped.
//
// Speed: the encoder writes straight into its caller's buffer in one pass (lengths are filled
// in after their strings); the decoder reads the extFields area as one latin1 string and cuts
// each pure-ASCII value out of it, so a 12-field header costs one native call, not 24; keys seen
// before come from a table of interned keys (interned-keys.ts).
import { LanguageCode, newCommand, SerializeType, type ExtFields, type RemotingCommand } from './command.js';
import { ProtocolError } from './errors.js';
import { internedKey } from './interned-keys.js';
import {
  headerRoomSlackBytes,
  isAscii,
  readInt16,
  readInt32,
  utf8BytesPerCharMax,
  writeInt16,
  writeInt32,
  writeUtf8,
} from './header-bytes.js';

export const rocketmqHeaderFixedBytes = 21;

const int16Min = -0x8000;
const int16Max = 0x7fff;
const languageOther = 7;
/** Bytes of an entry besides its key and value: int16 key length + int32 value length. */
const entryLengthBytes = 6;

const languageBytes = new Map(Object.entries(LanguageCode));
const languageNames: string[] = [];
for (const [name, byte] of languageBytes) languageNames[byte] = name;

/**
 * Writes the binary header of `cmd` at `at`; returns the offset after it, or -1 when `out` has
 * no room for it (retry with a bigger buffer). Throws ProtocolError for a command the binary
 * header cannot carry.
 */
export function writeRocketmqHeader(cmd: RemotingCommand, out: Buffer, at: number): number {
  checkInt16(cmd.code, 'code');
  checkInt16(cmd.version, 'version');
  const remark = cmd.remark;
  const remarkChars = remark ? remark.length : 0;
  if (at + rocketmqHeaderFixedBytes + utf8BytesPerCharMax * remarkChars + headerRoomSlackBytes > out.length) return -1;
  writeInt16(out, at, cmd.code);
  out[at + 2] = cmd.language === 'JAVA' ? 0 : (languageBytes.get(cmd.language) ?? languageOther);
  writeInt16(out, at + 3, cmd.version);
  writeInt32(out, at + 5, cmd.opaque | 0);
  writeInt32(out, at + 9, cmd.flag | 0);
  const remarkAt = at + 17;
  let end = remark ? writeUtf8(out, remarkAt, remark) : remarkAt;
  writeInt32(out, at + 13, end - remarkAt);
  const extAt = end;
  end += 4;
  const ext = cmd.extFields;
  if (ext) {
    for (const key in ext) {
      const value = ext[key];
      if (value === undefined || value === null) continue;
      const text = typeof value === 'string' ? value : String(value);
      const room = entryLengthBytes + utf8BytesPerCharMax * (key.length + text.length) + headerRoomSlackBytes;
      if (end + room > out.length) return -1;
      const keyAt = end;
      end = writeUtf8(out, keyAt + 2, key);
      const keyBytes = end - keyAt - 2;
      if (keyBytes > int16Max) throw new ProtocolError('unencodable', `extFields key longer than ${int16Max} bytes`);
      writeInt16(out, keyAt, keyBytes);
      const valueAt = end;
      end = writeUtf8(out, valueAt + 4, text);
      writeInt32(out, valueAt, end - valueAt - 4);
    }
  }
  writeInt32(out, extAt, end - extAt - 4);
  return end;
}

/** The binary header of `cmd` in a buffer of its own. */
export function encodeRocketmqHeader(cmd: RemotingCommand): Buffer {
  let out = Buffer.allocUnsafe(1024);
  for (;;) {
    const end = writeRocketmqHeader(cmd, out, 0);
    if (end >= 0) return out.subarray(0, end);
    out = Buffer.allocUnsafe(out.length * 2);
  }
}

function checkInt16(n: number, name: string): void {
  if (!Number.isInteger(n) || n < int16Min || n > int16Max) {
    throw new ProtocolError('unencodable', `${name} ${n} does not fit the binary header's int16`);
  }
}

/** Decodes a binary header (exactly the header bytes). The command has no body yet. */
export function decodeRocketmqHeader(header: Buffer): RemotingCommand {
  return readRocketmqHeader(header, 0, header.length);
}

/** Decodes the binary header held in bytes [start, end) of `buf`. The command has no body yet. */
export function readRocketmqHeader(buf: Buffer, start: number, end: number): RemotingCommand {
  if (end - start < rocketmqHeaderFixedBytes) {
    throw new ProtocolError(
      'truncatedHeader',
      `binary header of ${end - start} bytes, needs at least ${rocketmqHeaderFixedBytes}`,
    );
  }
  const cmd = newCommand(
    readInt16(buf, start),
    languageNames[buf[start + 2]!] ?? 'OTHER',
    readInt16(buf, start + 3),
    readInt32(buf, start + 5),
    readInt32(buf, start + 9),
    SerializeType.ROCKETMQ,
  );
  let at = start + 13;
  const remarkLength = readInt32(buf, at);
  at += 4;
  if (remarkLength < 0 || remarkLength > end - at - 4) {
    throw new ProtocolError('truncatedHeader', `remark length ${remarkLength} beyond the header`);
  }
  if (remarkLength > 0) cmd.remark = buf.toString('utf8', at, at + remarkLength);
  at += remarkLength;
  const extLength = readInt32(buf, at);
  at += 4;
  if (extLength < 0 || extLength > end - at) {
    throw new ProtocolError('truncatedHeader', `extFields length ${extLength} beyond the header`);
  }
  if (at + extLength !== end) {
    throw new ProtocolError('badHeaderLength', `${end - at - extLength} bytes after the extFields`);
  }
  if (extLength > 0) cmd.extFields = readExtFields(buf, at, end);
  return cmd;
}

function readExtFields(buf: Buffer, start: number, end: number): ExtFields {
  const ext: ExtFields = {};
  // latin1 maps each byte to one character, so offsets into this text are byte offsets.
  const text = buf.toString('latin1', start, end);
  let at = start;
  while (at < end) {
    if (end - at < 2) throw new ProtocolError('truncatedHeader', 'extFields entry cut in its key length');
    const keyLength = readInt16(buf, at);
    at += 2;
    if (keyLength < 0 || keyLength > end - at - 4) {
      throw new ProtocolError('truncatedHeader', `extFields key length ${keyLength} beyond the map`);
    }
    const keyEnd = at + keyLength;
    const key = isAscii(buf, at, keyEnd) ? internedKey(buf, at, keyEnd, text, at - start) : buf.toString('utf8', at, keyEnd);
    at = keyEnd;
    const valueLength = readInt32(buf, at);
    at += 4;
    if (valueLength < 0 || valueLength > end - at) {
      throw new ProtocolError('truncatedHeader', `extFields value length ${valueLength} beyond the map`);
    }
    if (valueLength > 0) {
      const valueEnd = at + valueLength;
      ext[key] = isAscii(buf, at, valueEnd) ? text.substring(at - start, valueEnd - start) : buf.toString('utf8', at, valueEnd);
    }
    at += valueLength;
  }
  return ext;
}
