// The broker calls of a consumer group, through the shared client instance (RocketMQ's
// MQClientAPIImpl consumer half, with MQClientInstance's address lookups). Offsets, locks and
// send-back go to the master of the queue's broker group; a pull goes to the broker the last
// answer suggested (suggestWhichBrokerId), else the master; GET_CONSUMER_LIST_BY_GROUP goes to
// any broker of the topic's route. An unknown broker name refreshes the topic's route once.
import type { MessageQueue } from '../../common/message/message-queue.js';
import { mqKey } from '../../common/message/message-queue.js';
import { ResponseCode } from '../../common/response-code.js';
import { decodeConsumerIdList } from '../../remoting/protocol/bodies/consumer-id-list.js';
import type { SubscriptionData } from '../../remoting/protocol/bodies/heartbeat-data.js';
import { decodeLockBatchResponseBody, encodeLockBatchRequestBody, encodeUnlockBatchRequestBody } from '../../remoting/protocol/bodies/lock-batch.js';
import { GetConsumerListByGroupRequestHeader } from '../../remoting/protocol/headers/client.js';
import {
  GetMaxOffsetRequestHeader,
  GetMaxOffsetResponseHeader,
  GetMinOffsetRequestHeader,
  GetMinOffsetResponseHeader,
  QueryConsumerOffsetRequestHeader,
  QueryConsumerOffsetResponseHeader,
  SearchOffsetRequestHeader,
  SearchOffsetResponseHeader,
  UpdateConsumerOffsetRequestHeader,
} from '../../remoting/protocol/headers/consumer-offset.js';
import { PullMessageRequestHeader } from '../../remoting/protocol/headers/pull.js';
import { ConsumerSendMsgBackRequestHeader } from '../../remoting/protocol/headers/send-back.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import { BrokerNotFoundError } from '../errors/client-errors.js';
import type { ClientInstance } from '../instance/client-instance.js';
import { clientRequest } from '../instance/requests.js';
import { masterBrokerId } from '../instance/topic-publish-info.js';
import { decodePullHead, decodePulledMessages, pullResultCodes, type PullHead, type PullResult } from './pull-result.js';

/** Java's CONSUMER_TIMEOUT_MILLIS_WHEN_SUSPEND: the RPC timeout of a long-polling pull. */
export const pullSuspendRpcTimeoutMs = 30_000;
/** Java's sendMessageBack timeout (5000). */
export const sendBackTimeoutMs = 5_000;

export interface PullArgs {
  queue: MessageQueue;
  subscription: SubscriptionData;
  offset: number;
  maxMsgNums: number;
  sysFlag: number;
  commitOffset: number;
  suspendTimeoutMs: number;
  timeoutMs: number;
  /** Restore topics of %RETRY%group messages for this group (push consumers). */
  restoreRetryTopicOf?: string;
}

export interface SendBackArgs {
  commitLogOffset: number;
  /** Broker group the message was pulled from (its master takes the request). */
  brokerName: string;
  /** Fallback address when the master is unknown: the message's store host. */
  storeHost?: string;
  delayLevel: number;
  originMsgId: string;
  originTopic: string;
  maxReconsumeTimes: number;
}

export class ConsumerRpc {
  /** mqKey -> broker id the last pull answer suggested. */
  private readonly suggestedBrokerIds = new Map<string, number>();

  constructor(
    readonly instance: ClientInstance,
    readonly group: string,
  ) {}

  /** The master's address of a broker group, refreshing `topic`'s route once when unknown. */
  async masterAddress(brokerName: string, topic: string): Promise<string> {
    const addr = this.instance.brokers.find(brokerName, masterBrokerId, true)?.addr;
    if (addr !== undefined) return addr;
    await this.instance.refreshTopicRoute(topic);
    const again = this.instance.brokers.find(brokerName, masterBrokerId, true)?.addr;
    if (again === undefined) throw new BrokerNotFoundError(brokerName);
    return again;
  }

  /** PULL_MESSAGE with its messages decoded. */
  async pull(args: PullArgs): Promise<PullResult> {
    const head = await this.pullHead(args);
    const { messages, undecodable } = decodePulledMessages(head, {
      messageQueue: args.queue,
      subscription: args.subscription,
      group: args.restoreRetryTopicOf,
    });
    return {
      status: head.status,
      nextBeginOffset: head.nextBeginOffset,
      minOffset: head.minOffset,
      maxOffset: head.maxOffset,
      suggestWhichBrokerId: head.suggestWhichBrokerId,
      messages,
      undecodable,
    };
  }

  /** PULL_MESSAGE; a FOUND answer's records are left in its body (decodePulledMessages). */
  async pullHead(args: PullArgs): Promise<PullHead> {
    const { queue } = args;
    const key = mqKey(queue);
    const brokerId = this.suggestedBrokerIds.get(key) ?? masterBrokerId;
    let found = this.instance.brokers.find(queue.brokerName, brokerId, false);
    if (found === undefined) {
      await this.instance.refreshTopicRoute(queue.topic);
      found = this.instance.brokers.find(queue.brokerName, brokerId, false);
      if (found === undefined) throw new BrokerNotFoundError(queue.brokerName);
    }
    const extFields = PullMessageRequestHeader.encode({
      consumerGroup: this.group,
      topic: queue.topic,
      queueId: queue.queueId,
      queueOffset: args.offset,
      maxMsgNums: args.maxMsgNums,
      sysFlag: args.sysFlag,
      commitOffset: args.commitOffset,
      suspendTimeoutMillis: args.suspendTimeoutMs,
      subscription: args.subscription.subString,
      subVersion: args.subscription.subVersion,
      expressionType: args.subscription.expressionType,
    });
    const request = clientRequest(RequestCode.PULL_MESSAGE, { extFields });
    const response = await this.instance.invokeBroker(found.addr, request, { timeoutMs: args.timeoutMs, accept: pullResultCodes });
    const head = decodePullHead(response, { brokerAddr: found.addr, requestCode: RequestCode.PULL_MESSAGE });
    this.suggestedBrokerIds.set(key, head.suggestWhichBrokerId);
    return head;
  }

  /** QUERY_CONSUMER_OFFSET: the group's stored offset, or undefined when the broker has none (QUERY_NOT_FOUND). */
  async queryConsumerOffset(queue: MessageQueue): Promise<number | undefined> {
    const addr = await this.masterAddress(queue.brokerName, queue.topic);
    const extFields = QueryConsumerOffsetRequestHeader.encode({ consumerGroup: this.group, topic: queue.topic, queueId: queue.queueId });
    const response = await this.instance.invokeBroker(addr, clientRequest(RequestCode.QUERY_CONSUMER_OFFSET, { extFields }), {
      accept: [ResponseCode.SUCCESS, ResponseCode.QUERY_NOT_FOUND],
    });
    if (response.code === ResponseCode.QUERY_NOT_FOUND) return undefined;
    return QueryConsumerOffsetResponseHeader.decode(response.extFields).offset;
  }

  /** UPDATE_CONSUMER_OFFSET, oneway (the periodic persist) or awaiting the broker's answer. */
  async updateConsumerOffset(queue: MessageQueue, offset: number, oneway: boolean): Promise<void> {
    const addr = await this.masterAddress(queue.brokerName, queue.topic);
    const extFields = UpdateConsumerOffsetRequestHeader.encode({ consumerGroup: this.group, topic: queue.topic, queueId: queue.queueId, commitOffset: offset });
    const request = clientRequest(RequestCode.UPDATE_CONSUMER_OFFSET, { extFields, oneway });
    if (oneway) await this.instance.invokeBrokerOneway(addr, request);
    else await this.instance.invokeBroker(addr, request);
  }

  /** GET_MAX_OFFSET: the offset the next message of the queue will get. */
  async maxOffset(queue: MessageQueue): Promise<number> {
    const addr = await this.masterAddress(queue.brokerName, queue.topic);
    const extFields = GetMaxOffsetRequestHeader.encode({ topic: queue.topic, queueId: queue.queueId });
    return GetMaxOffsetResponseHeader.decode((await this.instance.invokeBroker(addr, clientRequest(RequestCode.GET_MAX_OFFSET, { extFields }))).extFields).offset;
  }

  /** GET_MIN_OFFSET */
  async minOffset(queue: MessageQueue): Promise<number> {
    const addr = await this.masterAddress(queue.brokerName, queue.topic);
    const extFields = GetMinOffsetRequestHeader.encode({ topic: queue.topic, queueId: queue.queueId });
    return GetMinOffsetResponseHeader.decode((await this.instance.invokeBroker(addr, clientRequest(RequestCode.GET_MIN_OFFSET, { extFields }))).extFields).offset;
  }

  /** SEARCH_OFFSET_BY_TIMESTAMP */
  async searchOffset(queue: MessageQueue, timestamp: number): Promise<number> {
    const addr = await this.masterAddress(queue.brokerName, queue.topic);
    const extFields = SearchOffsetRequestHeader.encode({ topic: queue.topic, queueId: queue.queueId, timestamp });
    const response = await this.instance.invokeBroker(addr, clientRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, { extFields }));
    return SearchOffsetResponseHeader.decode(response.extFields).offset;
  }

  /**
   * GET_CONSUMER_LIST_BY_GROUP at a broker of the topic's route (a random one, as RocketMQ's
   * findBrokerAddrByTopic). [] when the broker knows no member (its SYSTEM_ERROR answer) or
   * the route is unknown.
   */
  async consumerIds(topic: string): Promise<string[]> {
    const route = this.instance.topicRoute(topic);
    const brokers = route?.brokerDatas ?? [];
    if (brokers.length === 0) return [];
    const bd = brokers[Math.floor(Math.random() * brokers.length)]!;
    const addr = bd.brokerAddrs.get(masterBrokerId) ?? [...bd.brokerAddrs.values()][0];
    if (addr === undefined) return [];
    const extFields = GetConsumerListByGroupRequestHeader.encode({ consumerGroup: this.group });
    const response = await this.instance.invokeBroker(addr, clientRequest(RequestCode.GET_CONSUMER_LIST_BY_GROUP, { extFields }), {
      accept: [ResponseCode.SUCCESS, ResponseCode.SYSTEM_ERROR],
    });
    if (response.code !== ResponseCode.SUCCESS || response.body === undefined) return [];
    return decodeConsumerIdList(response.body).consumerIdList;
  }

  /** LOCK_BATCH_MQ at the master of `brokerName`: the queues this client holds now. */
  async lockBatch(brokerName: string, queues: readonly MessageQueue[]): Promise<MessageQueue[]> {
    const addr = await this.masterAddress(brokerName, queues[0]!.topic);
    const body = encodeLockBatchRequestBody({ consumerGroup: this.group, clientId: this.instance.clientId, mqSet: [...queues] });
    const response = await this.instance.invokeBroker(addr, clientRequest(RequestCode.LOCK_BATCH_MQ, { body }));
    return decodeLockBatchResponseBody(response.body ?? Buffer.from('{}')).lockOKMQSet;
  }

  /** UNLOCK_BATCH_MQ at the master of `brokerName`. */
  async unlockBatch(brokerName: string, queues: readonly MessageQueue[]): Promise<void> {
    const addr = await this.masterAddress(brokerName, queues[0]!.topic);
    const body = encodeUnlockBatchRequestBody({ consumerGroup: this.group, clientId: this.instance.clientId, mqSet: [...queues] });
    await this.instance.invokeBroker(addr, clientRequest(RequestCode.UNLOCK_BATCH_MQ, { body }));
  }

  /**
   * CONSUMER_SEND_MSG_BACK: the broker puts the stored message at `commitLogOffset` into
   * %RETRY%group (delayLevel 0: the broker picks 3 + reconsumeTimes) or, past
   * maxReconsumeTimes or with delayLevel -1, into %DLQ%group.
   */
  async sendMessageBack(args: SendBackArgs): Promise<void> {
    const addr = this.instance.brokers.find(args.brokerName, masterBrokerId, true)?.addr ?? args.storeHost;
    if (addr === undefined) throw new BrokerNotFoundError(args.brokerName);
    const extFields = ConsumerSendMsgBackRequestHeader.encode({
      offset: args.commitLogOffset,
      group: this.group,
      delayLevel: args.delayLevel,
      originMsgId: args.originMsgId,
      originTopic: args.originTopic,
      unitMode: false,
      maxReconsumeTimes: args.maxReconsumeTimes,
    });
    await this.instance.invokeBroker(addr, clientRequest(RequestCode.CONSUMER_SEND_MSG_BACK, { extFields }), { timeoutMs: sendBackTimeoutMs });
  }
}
