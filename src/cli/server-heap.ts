// V8 heap growth for the server commands (`rmq broker`, `rmq dev`), the counterpart of the JVM
// heap options in RocketMQ's runbroker.sh.
//
// A broker keeps messages off the V8 heap, so its old generation stays small (~10 MB) while it
// allocates fast enough that the young generation grows to its largest size. V8 starts marking
// the old generation as soon as the room left under the old generation's limit is less than
// the young generation's capacity, and with a small heap and its default growth factor the
// limit set after a mark-compact leaves just about that room. Under a steady produce load the
// broker then ran back-to-back mark-compacts, about one every 100 ms, with concurrent marking
// taking the cores the broker and its clients need. Growing the limit to four times the live
// size after each mark-compact leaves tens of MB of room: in the produce benchmark a run of
// 200,000 messages saw one mark-compact instead of eight, and ~6-8% more messages per second.
// V8 still caps every limit at half way to the maximum heap size.
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
