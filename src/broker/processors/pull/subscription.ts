// Which messages a pull may see (PullMessageProcessor, behaviours.md §5): the subscription comes
// from the request when its sysFlag has the subscription bit (0x4), else from the consumer
// group's heartbeats. Only TAG expressions are filtered here; an SQL92 subscription is refused,
// as RocketMQ does when enablePropertyFilter is off (this broker has no SQL92 filter yet).
// Every pull of a consumer carries the same expression (or meets the same heartbeat entry), so
// parsed subscriptions are kept: by expression text (a bounded table) and by heartbeat entry
// (a heartbeat replaces its entries, so an entry's parse never goes stale).
import { ResponseCode } from '../../../common/response-code.js';
import type { SubscriptionGroupConfig } from '../../../remoting/protocol/bodies/subscription-group.js';
import { PullSysFlag, type PullMessageRequestHeader } from '../../../remoting/protocol/headers/pull.js';
import {
  isTagType,
  parseTagExpression,
  SubscriptionParseError,
  tagSubscriptionOfHeartbeat,
  unsupportedExpressionRemark,
  type TagSubscription,
} from '../../filter/tag-expression.js';
import type { SubscriptionData } from '../../../remoting/protocol/bodies/heartbeat-data.js';
import type { ConsumerGroupInfo } from '../../managers/consumer-group-info.js';
import type { ClientChannel } from '../../managers/client-channel.js';

export type PullSubscription = { subscription: TagSubscription } | { code: number; remark: string };

function unsupported(expressionType: string): PullSubscription {
  return { code: ResponseCode.SYSTEM_ERROR, remark: unsupportedExpressionRemark(expressionType) };
}

const parseFailed: PullSubscription = { code: ResponseCode.SUBSCRIPTION_PARSE_FAILED, remark: "parse the consumer's subscription failed" };

/** Parsed expressions kept; past it the table starts over. */
export const parsedExpressionsMax = 4096;
const byExpression = new Map<string, PullSubscription>();
const byHeartbeat = new WeakMap<object, PullSubscription>();

function parsed(parse: () => TagSubscription): PullSubscription {
  try {
    return { subscription: parse() };
  } catch (err) {
    if (err instanceof SubscriptionParseError) return parseFailed;
    throw err;
  }
}

function ofExpression(expression: string | undefined): PullSubscription {
  const key = expression ?? '';
  let found = byExpression.get(key);
  if (found === undefined) {
    if (byExpression.size >= parsedExpressionsMax) byExpression.clear();
    found = parsed(() => parseTagExpression(expression));
    byExpression.set(key, found);
  }
  return found;
}

function ofHeartbeat(registered: SubscriptionData): PullSubscription {
  let found = byHeartbeat.get(registered);
  if (found === undefined) {
    found = parsed(() => tagSubscriptionOfHeartbeat(registered));
    byHeartbeat.set(registered, found);
  }
  return found;
}

export function resolvePullSubscription(
  header: PullMessageRequestHeader,
  group: Readonly<SubscriptionGroupConfig>,
  groupInfo: Pick<ConsumerGroupInfo<ClientChannel>, 'mode' | 'subscriptions'> | undefined,
): PullSubscription {
  if ((header.sysFlag & PullSysFlag.subscription) !== 0) {
    if (!isTagType(header.expressionType)) return unsupported(header.expressionType!);
    return ofExpression(header.subscription);
  }
  if (groupInfo === undefined) return { code: ResponseCode.SUBSCRIPTION_NOT_EXIST, remark: "the consumer's group info not exist" };
  if (!group.consumeBroadcastEnable && groupInfo.mode.messageModel === 'BROADCASTING') {
    return { code: ResponseCode.NO_PERMISSION, remark: `the consumer group[${header.consumerGroup}] can not consume by broadcast way` };
  }
  const registered = groupInfo.subscriptions.get(header.topic);
  if (registered === undefined) return { code: ResponseCode.SUBSCRIPTION_NOT_EXIST, remark: "the consumer's subscription not exist" };
  if (registered.subVersion < header.subVersion) return { code: ResponseCode.SUBSCRIPTION_NOT_LATEST, remark: "the consumer's subscription not latest" };
  if (!isTagType(registered.expressionType)) return unsupported(registered.expressionType!);
  return ofHeartbeat(registered);
}
