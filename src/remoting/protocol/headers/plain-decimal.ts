// Fast readers of header numbers on hot paths (send requests and their answers). They accept only
// the plain form Java writes (an optional '-' and 1..15 digits, always exact in a double) and give
// NaN for anything else, so a caller can fall back to the declared header's full decode.
const digit0 = 0x30;
const minusSign = 0x2d;
/** Digits beyond this may not be exact in a double; such text goes to the header codec. */
const plainDecimalDigitsMax = 15;
const int32Min = -0x80000000;
const int32Max = 0x7fffffff;

/** The value of an optionally negative run of 1..15 decimal digits; NaN for anything else. */
export function plainDecimal(text: string | undefined): number {
  if (text === undefined) return NaN;
  const negative = text.charCodeAt(0) === minusSign;
  const start = negative ? 1 : 0;
  const n = text.length;
  if (n === start || n - start > plainDecimalDigitsMax) return NaN;
  let value = 0;
  for (let i = start; i < n; i++) {
    const d = text.charCodeAt(i) - digit0;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return negative ? -value : value;
}

/** plainDecimal within the int32 range; NaN otherwise. */
export function plainInt32(text: string | undefined): number {
  const n = plainDecimal(text);
  return n >= int32Min && n <= int32Max ? n : NaN;
}
