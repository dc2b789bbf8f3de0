// TAG subscription expressions (FilterAPI.buildSubscriptionData): "*" or an empty expression
// takes every message; otherwise the expression lists tags separated by "||", each trimmed,
// e.g. "TagA || TagB". Each tag is also kept as its Java String.hashCode, the "code" the consume
// queue stores for a message's TAGS (message-format.md §8), so the broker filters by code first.
import { RocketMQError } from '../../common/errors.js';
import { javaStringHash } from '../../common/java-string-hash.js';

export const subscribeAll = '*';
const tagSeparator = '||';

/** The expression types of PullMessageRequestHeader.expressionType; absent means TAG. */
export const ExpressionType = { tag: 'TAG', sql92: 'SQL92' } as const;

/** Java's ExpressionType.isTagType: absent, empty or "TAG". */
export function isTagType(expressionType: string | undefined): boolean {
  return expressionType === undefined || expressionType === '' || expressionType === ExpressionType.tag;
}

/** RocketMQ's refusal of a non-TAG subscription while enablePropertyFilter is off: this broker has no SQL92 filter yet. */
export function unsupportedExpressionRemark(expressionType: string): string {
  return `The broker does not support consumer to filter message by ${expressionType}`;
}

/** A subscription expression that does not parse (the pull answers SUBSCRIPTION_PARSE_FAILED). */
export class SubscriptionParseError extends RocketMQError {
  override readonly name = 'SubscriptionParseError';
  constructor(readonly expression: string) {
    super(`the subscription expression ${JSON.stringify(expression)} names no tag`, { retry: 'never' });
  }
}

/** What a TAG subscription accepts: everything, or the listed tags (and their hash codes). */
export interface TagSubscription {
  readonly all: boolean;
  readonly tags: ReadonlySet<string>;
  readonly codes: ReadonlySet<number>;
}

export const allTags: TagSubscription = { all: true, tags: new Set(), codes: new Set() };

/** Tags as a subscription: codes are their hashes. */
export function tagSubscription(tags: Iterable<string>): TagSubscription {
  const set = new Set(tags);
  const codes = new Set<number>();
  for (const tag of set) codes.add(javaStringHash(tag));
  return { all: false, tags: set, codes };
}

/**
 * Parses a TAG expression. Java splits on "||" and drops trailing empty pieces, so "||" (no
 * piece at all) is a parse error; we also refuse an expression whose pieces are all blank,
 * since it could match nothing.
 */
export function parseTagExpression(expression: string | undefined): TagSubscription {
  if (expression === undefined || expression === '' || expression === subscribeAll) return allTags;
  const tags: string[] = [];
  for (const piece of expression.split(tagSeparator)) {
    const tag = piece.trim();
    if (tag !== '') tags.push(tag);
  }
  if (tags.length === 0) throw new SubscriptionParseError(expression);
  return tagSubscription(tags);
}

/**
 * A subscription registered by a heartbeat: its tagsSet (codes recomputed from the tags, not
 * taken from the client's codeSet), or its expression when the set is empty.
 */
export function tagSubscriptionOfHeartbeat(data: { subString: string; tagsSet: readonly string[] }): TagSubscription {
  if (data.subString === '' || data.subString === subscribeAll) return allTags;
  if (data.tagsSet.length > 0) return tagSubscription(data.tagsSet);
  return parseTagExpression(data.subString);
}
