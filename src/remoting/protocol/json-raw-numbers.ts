// Literal texts of the numbers inside one member object of a JSON document.
//
// JSON.parse turns 18446744073709551617 into 18446744073709552000 without a word; the header
// codec uses this scanner (only when a number in extFields is not a safe integer) to see what
// the sender actually wrote. The text has already been accepted by JSON.parse, so the scanner
// only needs to find token boundaries, not to validate.

/**
 * For the top-level member `member` of the JSON object `text` (the last one, as JSON.parse
 * keeps the last duplicate), maps each key whose value is a number to that number's literal.
 */
export function rawNumberLiteralsOfObjectMember(text: string, member: string): Map<string, string> {
  const s = new Scanner(text);
  let found = new Map<string, string>();
  s.skipSpace();
  if (s.peek() !== '{') return found;
  s.pos++;
  for (;;) {
    s.skipSpace();
    if (s.peek() === '}' || s.pos >= text.length) return found;
    const key = s.readString();
    s.skipSpace();
    s.pos++; // ':'
    s.skipSpace();
    if (key === member && s.peek() === '{') found = s.readNumberMembers();
    else s.skipValue();
    s.skipSpace();
    if (s.peek() === ',') s.pos++;
  }
}

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  peek(): string {
    return this.text.charAt(this.pos);
  }

  skipSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.pos++;
    }
  }

  /** Reads a string token and returns its decoded value. */
  readString(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x5c) this.pos += 2;
      else if (c === 0x22) {
        this.pos++;
        return JSON.parse(this.text.slice(start, this.pos)) as string;
      } else this.pos++;
    }
    return '';
  }

  /** Reads an object and returns key -> literal for its number-valued members. */
  readNumberMembers(): Map<string, string> {
    const out = new Map<string, string>();
    this.pos++; // '{'
    for (;;) {
      this.skipSpace();
      if (this.peek() === '}' || this.pos >= this.text.length) {
        this.pos++;
        return out;
      }
      const key = this.readString();
      this.skipSpace();
      this.pos++; // ':'
      this.skipSpace();
      const start = this.pos;
      const c = this.peek();
      this.skipValue();
      if (c === '-' || (c >= '0' && c <= '9')) out.set(key, this.text.slice(start, this.pos));
      else out.delete(key);
      this.skipSpace();
      if (this.peek() === ',') this.pos++;
    }
  }

  skipValue(): void {
    const c = this.peek();
    if (c === '"') {
      this.readString();
      return;
    }
    if (c === '{' || c === '[') {
      let depth = 0;
      while (this.pos < this.text.length) {
        const d = this.peek();
        if (d === '"') {
          this.readString();
          continue;
        }
        if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') depth--;
        this.pos++;
        if (depth === 0) return;
      }
      return;
    }
    // number, true, false, null: up to the next delimiter
    while (this.pos < this.text.length) {
      const d = this.text.charCodeAt(this.pos);
      if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x09 || d === 0x0a || d === 0x0d) return;
      this.pos++;
    }
  }
}
