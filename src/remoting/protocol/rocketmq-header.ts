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
import { LanguageCode, SerializeType, type ExtFields, type RemotingCommand } from './command.js';
import { ProtocolError } from './errors.js';

export const rocketmqHeaderFixedBytes = 21;

const int16Min = -0x8000;
const int16Max = 0x7fff;
const languageOther = 7;

const languageNames: string[] = [];
for (const [name, byte] of Object.entries(LanguageCode)) languageNames[byte] = name;

export function encodeRocketmqHeader(cmd: RemotingCommand): Buffer {
  checkInt16(cmd.code, 'code');
  checkInt16(cmd.version, 'version');
  const remarkBytes = cmd.remark ? Buffer.byteLength(cmd.remark, 'utf8') : 0;
  let extBytes = 0;
  const ext = cmd.extFields;
  if (ext) {
    for (const key in ext) {
      const value = ext[key];
      if (value === undefined || value === null) continue;
      const keyBytes = Buffer.byteLength(key, 'utf8');
      if (keyBytes > int16Max) throw new ProtocolError('unencodable', `extFields key longer than ${int16Max} bytes`);
      extBytes += 2 + keyBytes + 4 + Buffer.byteLength(String(value), 'utf8');
    }
  }
  const out = Buffer.allocUnsafe(rocketmqHeaderFixedBytes + remarkBytes + extBytes);
  let at = out.writeInt16BE(cmd.code, 0);
  at = out.writeInt8(LanguageCode[cmd.language] ?? languageOther, at);
  at = out.writeInt16BE(cmd.version, at);
  at = out.writeInt32BE(cmd.opaque | 0, at);
  at = out.writeInt32BE(cmd.flag | 0, at);
  at = out.writeInt32BE(remarkBytes, at);
  if (cmd.remark) at += out.write(cmd.remark, at, 'utf8');
  at = out.writeInt32BE(extBytes, at);
  if (ext) {
    for (const key in ext) {
      const value = ext[key];
      if (value === undefined || value === null) continue;
      const keyAt = at;
      at += 2;
      at += out.write(key, at, 'utf8');
      out.writeInt16BE(at - keyAt - 2, keyAt);
      const valueAt = at;
      at += 4;
      at += out.write(String(value), at, 'utf8');
      out.writeInt32BE(at - valueAt - 4, valueAt);
    }
  }
  return out;
}

function checkInt16(n: number, name: string): void {
  if (!Number.isInteger(n) || n < int16Min || n > int16Max) {
    throw new ProtocolError('unencodable', `${name} ${n} does not fit the binary header's int16`);
  }
}

/** Decodes a binary header (exactly the header bytes). The command has no body yet. */
export function decodeRocketmqHeader(header: Buffer): RemotingCommand {
  const end = header.length;
  if (end < rocketmqHeaderFixedBytes) {
    throw new ProtocolError('truncatedHeader', `binary header of ${end} bytes, needs at least ${rocketmqHeaderFixedBytes}`);
  }
  const cmd: RemotingCommand = {
    code: header.readInt16BE(0),
    language: languageNames[header.readUInt8(2)] ?? 'OTHER',
    version: header.readInt16BE(3),
    opaque: header.readInt32BE(5),
    flag: header.readInt32BE(9),
    serializeType: SerializeType.ROCKETMQ,
  };
  let at = 13;
  const remarkLength = header.readInt32BE(at);
  at += 4;
  if (remarkLength < 0 || remarkLength > end - at - 4) {
    throw new ProtocolError('truncatedHeader', `remark length ${remarkLength} beyond the header`);
  }
  if (remarkLength > 0) cmd.remark = header.toString('utf8', at, at + remarkLength);
  at += remarkLength;
  const extLength = header.readInt32BE(at);
  at += 4;
  if (extLength < 0 || extLength > end - at) {
    throw new ProtocolError('truncatedHeader', `extFields length ${extLength} beyond the header`);
  }
  if (at + extLength !== end) {
    throw new ProtocolError('badHeaderLength', `${end - at - extLength} bytes after the extFields`);
  }
  if (extLength > 0) cmd.extFields = decodeExtFields(header, at, end);
  return cmd;
}

function decodeExtFields(buf: Buffer, start: number, end: number): ExtFields {
  const ext: ExtFields = {};
  let at = start;
  while (at < end) {
    if (end - at < 2) throw new ProtocolError('truncatedHeader', 'extFields entry cut in its key length');
    const keyLength = buf.readInt16BE(at);
    at += 2;
    if (keyLength < 0 || keyLength > end - at - 4) {
      throw new ProtocolError('truncatedHeader', `extFields key length ${keyLength} beyond the map`);
    }
    const key = buf.toString('utf8', at, at + keyLength);
    at += keyLength;
    const valueLength = buf.readInt32BE(at);
    at += 4;
    if (valueLength < 0 || valueLength > end - at) {
      throw new ProtocolError('truncatedHeader', `extFields value length ${valueLength} beyond the map`);
    }
    if (valueLength > 0) ext[key] = buf.toString('utf8', at, at + valueLength);
    at += valueLength;
  }
  return ext;
}
