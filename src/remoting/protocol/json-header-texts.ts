// The constant texts of a JSON header as bytes: the key texts of fastjson's member order, which
// the encoder (json-header.ts) writes and the flat reader (json-flat-header.ts) matches, and the
// reader's literals and member names, with the matcher that names a header member from its
// key's bytes without making a string.
import { ConstantText } from './header-bytes.js';

/** The header members the scanner keeps, one bit each. */
export const enum Member {
  other = 0,
  code = 1,
  extFields = 2,
  flag = 4,
  language = 8,
  opaque = 16,
  remark = 32,
  version = 64,
}

export const literalTrue = new ConstantText('true');
export const literalFalse = new ConstantText('false');
export const literalNull = new ConstantText('null');
/** The language every Java and ali-ons client sends, read without making a string. */
export const quotedJava = new ConstantText('"JAVA"');

// fastjson's member order (Java's and our encoder's), each key with the comma or brace before it
// and the colon after it.
export const codeKey = new ConstantText('{"code":');
export const extFieldsKey = new ConstantText(',"extFields":');
export const flagKey = new ConstantText(',"flag":');
export const languageKey = new ConstantText(',"language":');
/** What follows the flag in fastjson's order when the language is JAVA: Java and ali-ons clients, ours. */
export const javaThenOpaqueKey = new ConstantText(',"language":"JAVA","opaque":');
export const opaqueKey = new ConstantText(',"opaque":');
export const remarkKey = new ConstantText(',"remark":');
export const versionKey = new ConstantText(',"serializeTypeCurrentRPC":"JSON","version":');

const nameCode = new ConstantText('code');
const nameFlag = new ConstantText('flag');
const nameOpaque = new ConstantText('opaque');
const nameRemark = new ConstantText('remark');
const nameVersion = new ConstantText('version');
const nameLanguage = new ConstantText('language');
const nameExtFields = new ConstantText('extFields');

/** The header member the key in bytes [start, end) names. */
export function memberOf(buf: Buffer, start: number, end: number): Member {
  switch (end - start) {
    case 4:
      return nameCode.foundAt(buf, start, end) ? Member.code : nameFlag.foundAt(buf, start, end) ? Member.flag : Member.other;
    case 6:
      return nameOpaque.foundAt(buf, start, end) ? Member.opaque : nameRemark.foundAt(buf, start, end) ? Member.remark : Member.other;
    case 7:
      return nameVersion.foundAt(buf, start, end) ? Member.version : Member.other;
    case 8:
      return nameLanguage.foundAt(buf, start, end) ? Member.language : Member.other;
    case 9:
      return nameExtFields.foundAt(buf, start, end) ? Member.extFields : Member.other;
    default:
      return Member.other;
  }
}
