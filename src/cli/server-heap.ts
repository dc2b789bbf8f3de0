// V8 heap growth for the server commands (`rmq broker`, `rmq dev`), the counterpart of the JVM
// heap options in RocketMQ's runbroker.sh.
//
// A broker keeps messages off the V8 heap, so its old generation stays small (~10 MB) while it
// allocates fast enough that the young generation grows to its largest size (16 MB semi-spaces).
// With V8's own growth factor the old generation's limit after a mark-compact was 24-27 MB, and
// V8 began marking again at once: it starts when the room left under the limit is about what the
// young generation may promote. Under a steady produce load the broker ran a mark-compact about
// every 100 ms, its concurrent marking taking cores the broker and its clients need. A limit of
// four times the live size leaves tens of MB of room: a produce run of 200,000 messages saw one
// mark-compact instead of eight and ~6-8% more messages per second. V8 still caps each limit at
// half way to the maximum heap size.
import { setFlagsFromString } from 'node:v8';

/** Percent the old generation may grow over its live size before the next marking starts. */
export const serverHeapGrowingPercent = 300;

const growingPercentFlag = /^--heap[-_]growing[-_]percent(=|$)/;

/**
 * The V8 flags the server commands set, given the process's own node options: none when the
 * user chose a growth themselves.
 */
export function serverHeapFlags(execArgv: readonly string[]): string[] {
  if (execArgv.some((arg) => growingPercentFlag.test(arg))) return [];
  return [`--heap-growing-percent=${serverHeapGrowingPercent}`];
}

/**
 * Applies serverHeapFlags to this process. The flag is read each time V8 sets a new limit, so
 * setting it at run time takes effect from the next garbage collection on.
 */
export function tuneHeapForServer(): void {
  for (const flag of serverHeapFlags(process.execArgv)) setFlagsFromString(flag);
}
