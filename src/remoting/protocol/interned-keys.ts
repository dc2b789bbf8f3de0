// Header keys seen before, found by their bytes. A decoded header's keys are the same dozen
// names frame after frame ("topic", "queueId", "a".."m"); handing back the string made the
// first time saves cutting a new one out of every frame, and, since that string is already a
// property name V8 knows (internalized), storing it into the extFields object skips V8's lookup
// of a fresh string in its string table. The table is open-addressed by a hash of the bytes and
// stops taking new keys when it is half full, so a peer sending endless new keys costs a miss
// each, never memory.
import { ConstantText } from './header-bytes.js';

/** Slots of the table (a power of two); at most half of them are filled. */
export const internedKeySlots = 1024;

/** Keys longer than this are not interned (header keys are short names). */
export const internedKeyBytesMax = 32;

const slotMask = internedKeySlots - 1;
const keyBytes: (ConstantText | undefined)[] = new Array<ConstantText | undefined>(internedKeySlots).fill(undefined);
const keyTexts: string[] = new Array<string>(internedKeySlots).fill('');
let interned = 0;

/**
 * The ASCII key in bytes [start, end) of `buf`, from the table when it was seen before;
 * otherwise cut from `text` (the same bytes as latin1 text, starting at `textStart`).
 */
export function internedKey(buf: Uint8Array, start: number, end: number, text: string, textStart: number): string {
  const length = end - start;
  // One character: V8 hands out its own cached string for it (SendMessageRequestHeaderV2's "a".."m").
  if (length > internedKeyBytesMax || length === 1) return text.substring(textStart, textStart + length);
  // FNV-1a over the bytes.
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
  let slot = (hash ^ (hash >>> 16)) & slotMask;
  for (;;) {
    const known = keyBytes[slot];
    if (known === undefined) break;
    if (known.bytes.length === length && known.foundAt(buf, start, end)) return keyTexts[slot]!;
    slot = (slot + 1) & slotMask;
  }
  const key = text.substring(textStart, textStart + length);
  if (interned === internedKeySlots / 2) return key;
  // A property name is internalized: the object's own key is the string V8 keeps for it.
  const name = Object.keys({ [key]: 0 })[0]!;
  // Made from the text, not a view of the bytes the caller may reuse.
  keyBytes[slot] = new ConstantText(key);
  keyTexts[slot] = name;
  interned++;
  return name;
}
