// Segment files are named by the offset of their first byte, 20 digits zero-padded
// (00000000001073741824), so that a folder listing sorts them in offset order.
const segmentNameDigits = 20;
const segmentNamePattern = /^\d{20}$/;

export function segmentName(startOffset: number): string {
  return String(startOffset).padStart(segmentNameDigits, '0');
}

/** The start offset a file name stands for, or undefined when it is not a segment name. */
export function parseSegmentName(name: string): number | undefined {
  if (!segmentNamePattern.test(name)) return undefined;
  const offset = Number(name);
  return Number.isSafeInteger(offset) ? offset : undefined;
}
