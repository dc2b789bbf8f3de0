// Frames our decoder must refuse, as raw bytes a test peer writes.
import { frameSizeMax } from '../../../src/remoting/protocol/frame-codec.js';

/** The start of a frame one length prefix over frameSizeMax. */
export function oversizeFrameStart(): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeInt32BE(frameSizeMax, 0); // with its 4-byte prefix the frame is 4 bytes over the limit
  bytes.writeInt32BE(2, 4);
  return bytes;
}

/** A frame whose header-length word claims more bytes than the frame holds. */
export function headerBeyondFrame(): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeInt32BE(8, 0); // 4 bytes of header-length word + 4 bytes of header
  bytes.writeInt32BE(100, 4); // claims 100 header bytes
  bytes.write('{}  ', 8);
  return bytes;
}

/** The start of a TLS ClientHello: what a client with TLS on sends first. */
export function tlsClientHelloStart(): Buffer {
  // Record header (handshake 22, record version TLS 1.0, 512 bytes), then ClientHello (1), 508 bytes, TLS 1.2.
  return Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]);
}
