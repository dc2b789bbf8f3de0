// Index files are named by their creation time, local time, yyyyMMddHHmmssSSS (17 digits), so a
// folder listing sorts them oldest first.
const namePattern = /^\d{17}$/;

export function isIndexFileName(name: string): boolean {
  return namePattern.test(name);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function indexFileName(ms: number): string {
  const d = new Date(ms);
  return (
    pad(d.getFullYear(), 4) +
    pad(d.getMonth() + 1, 2) +
    pad(d.getDate(), 2) +
    pad(d.getHours(), 2) +
    pad(d.getMinutes(), 2) +
    pad(d.getSeconds(), 2) +
    pad(d.getMilliseconds(), 3)
  );
}

/** A name for a file created at `ms` that sorts after `previous`, even within the same ms. */
export function nextIndexFileName(previous: string, ms: number): string {
  const name = indexFileName(ms);
  if (name > previous) return name;
  // 17 digits exceed 2^53: count with a BigInt.
  return (BigInt(previous) + 1n).toString().padStart(17, '0');
}
