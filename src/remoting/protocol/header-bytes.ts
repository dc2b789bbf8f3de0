// Byte-level helpers shared by the header codecs, tuned for the short ASCII strings headers are
// made of (keys like "a" or "topic", values like "0" or a group name). A native Buffer write or
// toString costs a call into C++ (~60-100 ns) whatever the length; a JavaScript loop costs ~1 ns
// per character, so strings up to stringLoopCharsMax are copied in JavaScript and longer ones
// (or any with a non-ASCII character) go through one native UTF-8 write.
//
// Writers never check for room themselves: the codecs reserve it (see headerRoomSlackBytes) and
// report "no room" to their caller, which retries with a bigger buffer.

/** Strings up to this many UTF-16 units are copied by a JavaScript loop. */
export const stringLoopCharsMax = 24;

/**
 * Every room check of a header writer also reserves this many bytes beyond the piece it
 * checks, so the fixed-size pieces written between two checks (integers, separators, constant
 * key text) need no checks of their own.
 */
export const headerRoomSlackBytes = 256;

/** UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units). */
export const utf8BytesPerCharMax = 3;

/**
 * Writes `s` as UTF-8 at `at` and returns the offset after it. The caller has made sure that
 * its bytes fit (at most utf8BytesPerCharMax per UTF-16 unit).
 */
export function writeUtf8(out: Buffer, at: number, s: string): number {
  const n = s.length;
  if (n > stringLoopCharsMax) return at + out.write(s, at, 'utf8');
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return at + out.write(s, at, 'utf8');
    out[at + i] = c;
  }
  return at + n;
}

/** Constant byte runs up to this length are copied by a loop; longer ones by TypedArray.set (a memmove). */
const bytesLoopMax = 10;

/** Copies constant ASCII bytes (a key with its punctuation) to `at`; returns the offset after them. */
export function writeBytes(out: Buffer, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (n > bytesLoopMax) out.set(bytes, at);
  else for (let i = 0; i < n; i++) out[at + i] = bytes[i]!;
  return at + n;
}

export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/**
 * A constant ASCII text of a header (a key, bare or with its punctuation; up to 44 bytes),
 * matched four bytes to a compare: about twice as fast as byte by byte.
 */
export class ConstantText {
  readonly bytes: Uint8Array;
  /** The bytes as big-endian int32 words; the last length % 4 bytes are left out. */
  private readonly words: Int32Array;

  constructor(text: string) {
    const bytes = asciiBytes(text);
    this.bytes = bytes;
    this.words = new Int32Array(bytes.length >>> 2);
    for (let i = 0; i < this.words.length; i++) this.words[i] = wordAt(bytes, 4 * i);
  }

  /** Whether the text comes at `at` in `buf`, before `end`. */
  foundAt(buf: Uint8Array, at: number, end: number): boolean {
    const bytes = this.bytes;
    const n = bytes.length;
    if (at + n > end) return false;
    const words = this.words;
    const wholeWords = words.length;
    for (let i = 0; i < wholeWords; i++) if (wordAt(buf, at + 4 * i) !== words[i]) return false;
    for (let i = 4 * wholeWords; i < n; i++) if (buf[at + i] !== bytes[i]) return false;
    return true;
  }
}

/** The four bytes at `at` as a big-endian int32. */
function wordAt(buf: Uint8Array, at: number): number {
  return (buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!;
}

export function writeInt16(out: Buffer, at: number, n: number): void {
  out[at] = n >>> 8;
  out[at + 1] = n;
}

export function writeInt32(out: Buffer, at: number, n: number): void {
  out[at] = n >>> 24;
  out[at + 1] = n >>> 16;
  out[at + 2] = n >>> 8;
  out[at + 3] = n;
}

export function readInt16(buf: Buffer, at: number): number {
  return ((buf[at]! << 24) | (buf[at + 1]! << 16)) >> 16;
}

export function readInt32(buf: Buffer, at: number): number {
  return (buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!;
}

/** True when bytes [start, end) are all below 0x80, so their latin1 text is their UTF-8 text. */
export function isAscii(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i]! >= 0x80) return false;
  return true;
}
