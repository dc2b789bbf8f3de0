// Small helpers the bench programs share: argument lookup, medians, number formatting and the
// CPU time of another process.
import { readFileSync } from 'node:fs';

/** /proc/<pid>/stat counts CPU time in clock ticks of 1/100 s (USER_HZ on Linux). */
const procTicksPerSecond = 100;

/** The value after `--name` in the arguments, if given. */
export function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A whole number with thousands separators: 1,234,567. */
export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** User + system CPU time a live process has used so far, µs (/proc/<pid>/stat fields 14 and 15). */
export function readCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / procTicksPerSecond;
}
