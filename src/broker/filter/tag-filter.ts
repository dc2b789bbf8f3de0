// The broker's TAG filter (ExpressionMessageFilter for type TAG), in two steps:
// 1. by hash code, on consume queue entries: the store skips entries whose tags code is not
//    one of the subscription's (no record is read for them);
// 2. exactly, on the records the store returns: their TAGS property must be one of the
//    subscription's tags, which drops the rare message whose different tag has the same hash.
// RocketMQ's broker stops at step 1 and leaves step 2 to the client; doing it here costs one
// scan of each returned record's properties and only when the subscription names tags.
import type { MessageFilter } from '../../store/api.js';
import { RecordTagsReader } from './record-tags.js';
import type { TagSubscription } from './tag-expression.js';

export class TagFilter implements MessageFilter {
  private readonly reader = new RecordTagsReader();

  constructor(readonly subscription: TagSubscription) {}

  /** Java compares the int value of the entry's code, so a long code is truncated the same way. */
  matchesTagsCode(tagsCode: number): boolean {
    return this.subscription.all || this.subscription.codes.has(tagsCode | 0);
  }

  /** Whether the exact check may drop anything: only subscriptions that name tags. */
  get checksExactly(): boolean {
    return !this.subscription.all;
  }

  matchesTag(tag: string | undefined): boolean {
    return this.subscription.all || (tag !== undefined && this.subscription.tags.has(tag));
  }

  /** The records (returned by a hash-filtered get) whose TAGS really is subscribed, in order. */
  exactMatches(records: readonly Buffer[]): Buffer[] {
    if (!this.checksExactly) return records as Buffer[];
    const kept: Buffer[] = [];
    for (const record of records) if (this.matchesTag(this.reader.tagsOf(record))) kept.push(record);
    return kept;
  }
}
