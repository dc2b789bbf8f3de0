// SEND_MESSAGE (10, long header names), SEND_MESSAGE_V2 (310, keys a..n) and SEND_BATCH_MESSAGE
// (320) (SendMessageProcessor). A request is a batch when its header says so (batch / m) or it
// came as 320; its body is then expanded into one record per message (batch-body.ts).
//
// Single message:
//   checks.ts (broker role and perm, topic name, reserved topics, topic found or created,
//   topic perm, queue id) -> body size -> transaction half refused -> %RETRY% topic: group known,
//   DLQ once reconsumeTimes >= maxReconsumeTimes (retry-dlq.ts) -> properties as stored
//   (WAIT out, CLUSTER in) -> DELAY: parked in SCHEDULE_TOPIC_XXXX (schedule/schedule-rewrite.ts)
//   -> store put (WAIT=false skips the SYNC_FLUSH wait) -> answer (put-status.ts).
// Batch: the same checks, then no retry topic, no transaction, no delay; each entry's properties
//   followed by the batch's own (+ CLUSTER); consecutive queue offsets; msgId = the comma-joined
//   offset message ids.
//
// Every answer, refusals included, carries extFields MSG_REGION and TRACE_ON: the Java client
// reads them from any send response. A stored message's answer has msgId (offset message id),
// queueId (the queue chosen for the requested topic, as RocketMQ reports it even when the message
// went to the DLQ or was parked for a delay) and queueOffset (where it was stored).
import { encodeProperties } from '../../../common/message/properties-codec.js';
import { PropertyKey } from '../../../common/message/property-keys.js';
import { MessageSysFlag, transactionTypeOf } from '../../../common/message/stored-message-layout.js';
import { ResponseCode } from '../../../common/response-code.js';
import type { Connection, HostPort, ProcessorRegistry } from '../../../remoting/net/index.js';
import { createResponse, type ExtFields, type RemotingCommand } from '../../../remoting/protocol/command.js';
import { HeaderFieldError } from '../../../remoting/protocol/errors.js';
import { Perm, type TopicConfig } from '../../../remoting/protocol/bodies/topic-config.js';
import { SendMessageResponseHeader, sendResponseExtraFields, type SendMessageRequestHeader } from '../../../remoting/protocol/headers/send.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { MessageStoreApi, PutMessage, PutOptions, PutResult } from '../../../store/api.js';
import type { BrokerConfig } from '../../broker-config.js';
import type { SubscriptionGroupManager } from '../../managers/subscription-group-manager.js';
import { isRetryTopic } from '../../managers/topic-names.js';
import type { DelayLevels } from '../../schedule/delay-levels.js';
import { rewriteForDelay } from '../../schedule/schedule-rewrite.js';
import { BatchBodyError, decodeBatchMessages } from './batch-body.js';
import { checkSendTarget, isRefusal, type SendCheckContext, type SendRefusal } from './checks.js';
import {
  BatchEnvelopes,
  BornHosts,
  decodeSendProperties,
  dispatchHintsOf,
  isTransactionHalf,
  isTransactionPreparedType,
  OffsetMsgIds,
  storedProperties,
} from './message-parts.js';
import { messageIllegalRemark, sendOutcomeOf } from './put-status.js';
import { readSendHeader } from './send-header.js';
import { scanSendProperties } from './send-properties-scan.js';
import { deadLetterTopicFor, dlqQueueNums, groupOfRetryTopic, maxReconsumeTimesOf } from './retry-dlq.js';
import type { BrokerStats } from '../../stats/broker-stats.js';

const emptyBody = Buffer.alloc(0);

export interface SendContext extends SendCheckContext {
  config: Pick<
    BrokerConfig,
    'brokerPermission' | 'brokerIP1' | 'brokerRole' | 'brokerClusterName' | 'regionId' | 'traceOn' | 'maxMessageSize'
  >;
  /** brokerIP1 and the listen port, as written into STOREHOST: offset message ids name it. */
  storeHost: HostPort;
  subscriptionGroups: Pick<SubscriptionGroupManager, 'findSubscriptionGroupConfig'>;
  store: Pick<MessageStoreApi, 'put' | 'putBatch'>;
  stats: Pick<BrokerStats, 'onPut'>;
  delayLevels: DelayLevels;
}

/** Per-registration state: cached born hosts and the store host's id prefix. */
interface SendState {
  ctx: SendContext;
  bornHosts: BornHosts;
  msgIds: OffsetMsgIds;
  envelopes: BatchEnvelopes;
}

export function registerSendProcessors(server: ProcessorRegistry, ctx: SendContext): void {
  const state: SendState = { ctx, bornHosts: new BornHosts(), msgIds: new OffsetMsgIds(ctx.storeHost), envelopes: new BatchEnvelopes() };
  const handle = (request: RemotingCommand, connection: Connection): Promise<RemotingCommand> | RemotingCommand => {
    let header: SendMessageRequestHeader;
    try {
      header = readSendHeader(request);
    } catch (err) {
      if (err instanceof HeaderFieldError) return refuse(ctx, request, { code: ResponseCode.SYSTEM_ERROR, remark: err.message });
      throw err;
    }
    const batch = header.batch === true || request.code === RequestCode.SEND_BATCH_MESSAGE;
    return batch ? sendBatch(state, request, header, connection) : sendOne(state, request, header, connection);
  };
  for (const code of [RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE]) {
    server.registerProcessor(code, (request, { connection }) => handle(request, connection));
  }
}

function extraFields(ctx: SendContext): ExtFields {
  return { [sendResponseExtraFields.region]: ctx.config.regionId, [sendResponseExtraFields.traceOn]: String(ctx.config.traceOn) };
}

function refuse(ctx: SendContext, request: RemotingCommand, refusal: SendRefusal): RemotingCommand {
  return createResponse(request, refusal.code, { remark: refusal.remark, extFields: extraFields(ctx) });
}

function illegal(ctx: SendContext, request: RemotingCommand, reason: string): RemotingCommand {
  return refuse(ctx, request, { code: ResponseCode.MESSAGE_ILLEGAL, remark: messageIllegalRemark(ctx.config.maxMessageSize, reason) });
}

const waitForStore: PutOptions = { waitStoreMsgOk: true };
const noWaitForStore: PutOptions = { waitStoreMsgOk: false };

const transactionRefusal: SendRefusal = { code: ResponseCode.NO_PERMISSION, remark: 'transaction message not supported yet' };

function sendOne(state: SendState, request: RemotingCommand, header: SendMessageRequestHeader, connection: Connection): RemotingCommand | Promise<RemotingCommand> {
  const { ctx } = state;
  const target = checkSendTarget(ctx, header, connection.remoteAddress);
  if (isRefusal(target)) return refuse(ctx, request, target);
  const body = request.body ?? emptyBody;
  if (body.length > ctx.config.maxMessageSize) return illegal(ctx, request, `body of ${body.length} bytes`);
  // The one-pass scan when it applies (no DELAY, no TRAN_MSG, ...); else the properties as a Map.
  const scanned = scanSendProperties(header.properties, ctx.config.brokerClusterName);
  const props = scanned === undefined ? decodeSendProperties(header.properties) : undefined;
  if (props === undefined ? isTransactionPreparedType(header.sysFlag) : isTransactionHalf(props.map, header.sysFlag)) {
    return refuse(ctx, request, transactionRefusal);
  }

  let topic = header.topic;
  let queueId = target.queueId;
  let topicConfig: Readonly<TopicConfig> = target.topicConfig;
  const reconsumeTimes = header.reconsumeTimes ?? 0;
  const group = groupOfRetryTopic(topic);
  if (group !== undefined) {
    const groupConfig = ctx.subscriptionGroups.findSubscriptionGroupConfig(group);
    if (groupConfig === undefined) return refuse(ctx, request, { code: ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, remark: `subscription group not exist, ${group}` });
    const maxReconsumeTimes = maxReconsumeTimesOf(request.version, header.maxReconsumeTimes, groupConfig.retryMaxTimes);
    const dlq = deadLetterTopicFor(group, reconsumeTimes, maxReconsumeTimes);
    if (dlq !== undefined) {
      topicConfig = ctx.topics.createTopicInSendMessageBackMethod(dlq, dlqQueueNums, Perm.read | Perm.write);
      topic = dlq;
      queueId = 0;
      // RocketMQ 4.9 lets a client's DELAY through here and parks the dead letter first; a
      // dead letter is final, so it is stored at once.
      props?.map.delete(PropertyKey.DELAY_TIME_LEVEL);
    }
  }

  const sysFlag = topicConfig.topicFilterType === 'MULTI_TAG' ? header.sysFlag | MessageSysFlag.MULTI_TAGS : header.sysFlag;
  const message: PutMessage = {
    topic,
    queueId,
    flag: header.flag,
    body,
    properties: props === undefined ? scanned!.stored : storedProperties(props, ctx.config.brokerClusterName),
    sysFlag,
    bornTimestamp: header.bornTimestamp,
    bornHost: state.bornHosts.of(connection),
    reconsumeTimes,
    preparedTransactionOffset: 0,
    dispatch: props === undefined ? scanned!.hints : dispatchHintsOf(props.map),
  };
  const stored = props?.map.has(PropertyKey.DELAY_TIME_LEVEL) ? rewriteForDelay(message, ctx.delayLevels, props.map) : message;
  const requestedQueueId = target.queueId;
  return ctx.store
    .put(stored, props === undefined ? (scanned!.waitStoreMsgOk ? waitForStore : noWaitForStore) : { waitStoreMsgOk: props.waitStoreMsgOk })
    .then((result) => answer(state, request, result, stored.topic, requestedQueueId));
}

function sendBatch(state: SendState, request: RemotingCommand, header: SendMessageRequestHeader, connection: Connection): RemotingCommand | Promise<RemotingCommand> {
  const { ctx } = state;
  const target = checkSendTarget(ctx, header, connection.remoteAddress);
  if (isRefusal(target)) return refuse(ctx, request, target);
  if (isRetryTopic(header.topic)) {
    return refuse(ctx, request, { code: ResponseCode.MESSAGE_ILLEGAL, remark: `batch request does not support retry group ${header.topic}` });
  }
  const body = request.body ?? emptyBody;
  if (body.length > ctx.config.maxMessageSize) return illegal(ctx, request, `batch body of ${body.length} bytes`);
  const envelope = decodeSendProperties(header.properties);
  if (transactionTypeOf(header.sysFlag) !== MessageSysFlag.TRANSACTION_NOT_TYPE || isTransactionHalf(envelope.map, header.sysFlag)) {
    return illegal(ctx, request, 'a batch cannot hold transaction messages');
  }
  if (envelope.map.has(PropertyKey.DELAY_TIME_LEVEL)) return illegal(ctx, request, 'a batch cannot be delayed');
  const waitStoreMsgOk = envelope.waitStoreMsgOk;
  // The batch's own properties follow each entry's as sent (WAIT included), plus CLUSTER.
  envelope.map.set(PropertyKey.CLUSTER, ctx.config.brokerClusterName);
  const shared = state.envelopes.of(encodeProperties(envelope.map), envelope.map);
  let messages: PutMessage[];
  try {
    messages = decodeBatchMessages(body, {
      topic: header.topic,
      queueId: target.queueId,
      sysFlag: target.topicConfig.topicFilterType === 'MULTI_TAG' ? header.sysFlag | MessageSysFlag.MULTI_TAGS : header.sysFlag,
      bornTimestamp: header.bornTimestamp,
      bornHost: state.bornHosts.of(connection),
      suffix: shared.suffix,
      separatorAndSuffix: shared.separatorAndSuffix,
      hints: shared.hints,
    });
  } catch (err) {
    if (err instanceof BatchBodyError) return illegal(ctx, request, err.message);
    throw err;
  }
  if (messages.length === 0) return illegal(ctx, request, 'empty batch');
  return ctx.store.putBatch(messages, { waitStoreMsgOk }).then((result) => answer(state, request, result, header.topic, target.queueId));
}

/** `topic`: where the message went (SCHEDULE_TOPIC_XXXX for a delayed one, as RocketMQ counts it). */
function answer(state: SendState, request: RemotingCommand, result: PutResult, topic: string, queueId: number): RemotingCommand {
  const { ctx, msgIds } = state;
  if (result.status === 'PUT_OK' || result.status === 'FLUSH_DISK_TIMEOUT') ctx.stats.onPut(topic, result.messageCount, result.wroteBytes);
  if (result.status === 'PUT_OK' && result.physicalOffsets.length === 1) {
    // The usual answer, built as one literal with constant keys (sendResponseExtraFields' names:
    // computed keys would defeat V8's literal boilerplate); this runs once per message stored.
    const extFields: ExtFields = {
      MSG_REGION: ctx.config.regionId,
      TRACE_ON: String(ctx.config.traceOn),
      msgId: msgIds.of(result.physicalOffset),
      queueId: String(queueId),
      queueOffset: String(result.queueOffset),
    };
    return createResponse(request, ResponseCode.SUCCESS, { extFields });
  }
  const outcome = sendOutcomeOf(result, ctx.config.maxMessageSize);
  const extFields = extraFields(ctx);
  if (outcome.stored && (result.status === 'PUT_OK' || result.status === 'FLUSH_DISK_TIMEOUT')) {
    const msgId = result.physicalOffsets.length === 1 ? msgIds.of(result.physicalOffset) : msgIds.list(result.physicalOffsets);
    Object.assign(extFields, SendMessageResponseHeader.encode({ msgId, queueId, queueOffset: result.queueOffset }));
  }
  const response = createResponse(request, outcome.code, { extFields });
  if (outcome.remark !== undefined) response.remark = outcome.remark;
  return response;
}
