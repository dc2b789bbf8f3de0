// Java's String.hashCode: h = 31*h + c over UTF-16 code units, wrapping at 32 bits.
// RocketMQ uses it for tag codes in consume queues and subscriptions, and for index keys.
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) {
    h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  }
  return h;
}
