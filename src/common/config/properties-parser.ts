// Java-properties text -> ordered (key, value, line) entries, as java.util.Properties.load reads it:
//   key=value   key: value   key value      separators: the first unescaped '=', ':' or blank
//   # comment   ! comment                   whole-line comments only
//   a line ending in an odd number of '\' continues on the next line (its leading blanks dropped)
//   escapes \t \n \r \f \uXXXX, and '\' before any other character keeps that character
// Unlike Java, trailing blanks of a value are trimmed: in a config file they are always a slip.
import { ConfigError } from '../errors.js';

export interface PropertyEntry {
  key: string;
  value: string;
  /** 1-based line where the entry starts, for error messages. */
  line: number;
}

const blank = /[ \t\f]/;

export function parseProperties(text: string, source = 'config'): PropertyEntry[] {
  const lines = text.split(/\r\n|\r|\n/);
  const entries: PropertyEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let logical = stripLeadingBlanks(lines[i]!);
    if (logical === '' || logical.startsWith('#') || logical.startsWith('!')) continue;
    while (endsWithContinuation(logical) && i + 1 < lines.length) {
      i++;
      logical = logical.slice(0, -1) + stripLeadingBlanks(lines[i]!);
    }
    if (endsWithContinuation(logical)) logical = logical.slice(0, -1);
    entries.push(splitEntry(logical, `${source}:${startLine}`, startLine));
  }
  return entries;
}

function stripLeadingBlanks(line: string): string {
  let start = 0;
  while (start < line.length && blank.test(line[start]!)) start++;
  return line.slice(start);
}

function endsWithContinuation(line: string): boolean {
  let backslashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function splitEntry(logical: string, where: string, line: number): PropertyEntry {
  let keyEnd = 0;
  while (keyEnd < logical.length) {
    const c = logical[keyEnd]!;
    if (c === '\\') keyEnd += 2;
    else if (c === '=' || c === ':' || blank.test(c)) break;
    else keyEnd++;
  }
  keyEnd = Math.min(keyEnd, logical.length);
  let valueStart = keyEnd;
  while (valueStart < logical.length && blank.test(logical[valueStart]!)) valueStart++;
  if (valueStart < logical.length && (logical[valueStart] === '=' || logical[valueStart] === ':')) valueStart++;
  while (valueStart < logical.length && blank.test(logical[valueStart]!)) valueStart++;
  return {
    key: unescape(logical.slice(0, keyEnd), where),
    value: unescape(logical.slice(valueStart), where).trimEnd(),
    line,
  };
}

const simpleEscapes: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescape(text: string, where: string): string {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text[++i];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = text.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new ConfigError(`malformed \\uXXXX escape "\\u${hex}" at ${where}`);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else {
      out += simpleEscapes[next] ?? next;
    }
  }
  return out;
}
