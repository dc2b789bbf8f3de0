// Requests brokers send to this client over its own connections (RocketMQ's
// ClientRemotingProcessor), each handed to the consumer of the group it names:
//   NOTIFY_CONSUMER_IDS_CHANGED      the group's members changed: rebalance now (oneway)
//   RESET_CONSUMER_CLIENT_OFFSET     new offsets for a topic (mqadmin resetOffsetByTime, oneway)
//   GET_CONSUMER_RUNNING_INFO        the consumer describes itself (mqadmin consumerStatus)
//   GET_CONSUMER_STATUS_FROM_CLIENT  the offsets it holds for a topic (mqadmin getConsumerStatus)
//   CONSUME_MESSAGE_DIRECTLY         one stored message for its handler (the dashboard's resend)
// A group this client has no consumer for is answered SYSTEM_ERROR with RocketMQ's remark where
// an answer is expected.
import { ResponseCode } from '../../common/response-code.js';
import type { ProcessorRegistry } from '../../remoting/net/processor-table.js';
import { CURRENT_VERSION_NAME, createResponse, type RemotingCommand } from '../../remoting/protocol/command.js';
import { encodeConsumeMessageDirectlyResult } from '../../remoting/protocol/bodies/consume-message-directly-result.js';
import { RunningInfoProperty, encodeConsumerRunningInfo } from '../../remoting/protocol/bodies/consumer-running-info.js';
import { encodeGetConsumerStatusBody } from '../../remoting/protocol/bodies/consumer-status.js';
import { decodeResetOffsetBody } from '../../remoting/protocol/bodies/reset-offset-body.js';
import { GetConsumerStatusRequestHeader, ResetOffsetRequestHeader } from '../../remoting/protocol/headers/broker-admin.js';
import {
  ConsumeMessageDirectlyResultRequestHeader,
  GetConsumerRunningInfoRequestHeader,
  NotifyConsumerIdsChangedRequestHeader,
} from '../../remoting/protocol/headers/client.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import { decodeStoredRecords } from './received-message.js';
import type { ConsumerRegistration } from './registrations.js';

export interface BrokerRequestHost {
  consumer(group: string): ConsumerRegistration | undefined;
  readonly nameServers: readonly string[];
}

export function registerBrokerRequestHandlers(registry: ProcessorRegistry, host: BrokerRequestHost): void {
  registry.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, (request) => {
    const { consumerGroup } = NotifyConsumerIdsChangedRequestHeader.decode(request.extFields);
    host.consumer(consumerGroup)?.onConsumerIdsChanged?.();
    return undefined;
  });
  registry.registerProcessor(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, (request) => {
    const { topic, group } = ResetOffsetRequestHeader.decode(request.extFields);
    const { offsetTable } = decodeResetOffsetBody(request.body ?? Buffer.from('{}'));
    host.consumer(group)?.onResetOffset?.(topic, offsetTable);
    return undefined;
  });
  registry.registerProcessor(RequestCode.GET_CONSUMER_RUNNING_INFO, (request) => runningInfo(host, request));
  registry.registerProcessor(RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT, async (request) => {
    const { topic, group } = GetConsumerStatusRequestHeader.decode(request.extFields);
    const messageQueueTable = (await host.consumer(group)?.consumerStatus?.(topic)) ?? [];
    return createResponse(request, ResponseCode.SUCCESS, { body: encodeGetConsumerStatusBody({ messageQueueTable, consumerTable: new Map() }) });
  });
  registry.registerProcessor(RequestCode.CONSUME_MESSAGE_DIRECTLY, (request) => consumeMessageDirectly(host, request));
}

function groupNotHere(request: RemotingCommand, group: string): RemotingCommand {
  return createResponse(request, ResponseCode.SYSTEM_ERROR, { remark: `The Consumer Group <${group}> not exist in this consumer` });
}

/** The consumer's own info, plus the NameServers, consume type and client version. A jstack is not sent: there are no JVM threads to dump. */
async function runningInfo(host: BrokerRequestHost, request: RemotingCommand): Promise<RemotingCommand> {
  const { consumerGroup } = GetConsumerRunningInfoRequestHeader.decode(request.extFields);
  const consumer = host.consumer(consumerGroup);
  if (consumer?.runningInfo === undefined) return groupNotHere(request, consumerGroup);
  const info = await consumer.runningInfo();
  info.properties.set(RunningInfoProperty.nameServerAddr, host.nameServers.join(';'));
  info.properties.set(RunningInfoProperty.consumeType, consumer.consumerData().consumeType ?? 'CONSUME_PASSIVELY');
  info.properties.set(RunningInfoProperty.clientVersion, CURRENT_VERSION_NAME);
  return createResponse(request, ResponseCode.SUCCESS, { body: encodeConsumerRunningInfo(info) });
}

async function consumeMessageDirectly(host: BrokerRequestHost, request: RemotingCommand): Promise<RemotingCommand> {
  const { consumerGroup, brokerName } = ConsumeMessageDirectlyResultRequestHeader.decode(request.extFields);
  const consumer = host.consumer(consumerGroup);
  if (consumer?.consumeMessageDirectly === undefined) return groupNotHere(request, consumerGroup);
  const [message] = decodeStoredRecords(request.body ?? Buffer.alloc(0));
  if (message === undefined || message.bodyError !== undefined) {
    return createResponse(request, ResponseCode.SYSTEM_ERROR, { remark: `the message to consume does not decode${message?.bodyError ? `: ${message.bodyError.message}` : ''}` });
  }
  const result = await consumer.consumeMessageDirectly(message, brokerName ?? '');
  return createResponse(request, ResponseCode.SUCCESS, { body: encodeConsumeMessageDirectlyResult(result) });
}
