// Admin: topics. UPDATE_AND_CREATE_TOPIC (mqadmin updateTopic / updateTopicPerm),
// DELETE_TOPIC_IN_BROKER (deleteTopic), GET_ALL_TOPIC_CONFIG (topics.json; slaves sync from it)
// and GET_SYSTEM_TOPIC_LIST_FROM_BROKER. Creating or deleting a topic changes the topic
// DataVersion, which re-registers the broker with the NameServers at once.
import { ResponseCode } from '../../../common/response-code.js';
import type { ProcessorRegistry } from '../../../remoting/net/index.js';
import type { RemotingCommand } from '../../../remoting/protocol/command.js';
import { encodeTopicList } from '../../../remoting/protocol/bodies/topic-list.js';
import type { TopicConfig } from '../../../remoting/protocol/bodies/topic-config.js';
import { CreateTopicRequestHeader, DeleteTopicRequestHeader } from '../../../remoting/protocol/headers/broker-admin.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { MessageStoreApi } from '../../../store/api.js';
import type { BrokerConfig } from '../../broker-config.js';
import type { ConsumerOffsetManager } from '../../managers/consumer-offset-manager.js';
import type { TopicConfigManager } from '../../managers/topic-config-manager.js';
import { isSystemTopic, SystemTopic, topicNameProblem } from '../../managers/topic-names.js';
import type { BrokerStats } from '../../stats/broker-stats.js';
import { failure, success } from '../shared/responses.js';
import { refusedOnSlave } from './shared.js';

/** Most read or write queues a topic may have on one broker (ours; RocketMQ sets no bound). */
export const topicQueueNumsMax = 16_384;
/** PermName bits: priority 8, read 4, write 2, inherit 1. */
const permBitsAll = 0xf;
const topicFilterTypes: ReadonlySet<string> = new Set(['SINGLE_TAG', 'MULTI_TAG']);

export interface AdminTopicContext {
  config: Pick<BrokerConfig, 'brokerRole'>;
  topics: Pick<TopicConfigManager, 'updateTopicConfig' | 'deleteTopicConfig' | 'encode'>;
  offsets: Pick<ConsumerOffsetManager, 'removeTopic'>;
  store: Pick<MessageStoreApi, 'deleteTopics'>;
  stats: Pick<BrokerStats, 'onTopicDeleted'>;
}

export function registerAdminTopicProcessors(server: ProcessorRegistry, ctx: AdminTopicContext): void {
  server.registerProcessor(RequestCode.UPDATE_AND_CREATE_TOPIC, (request) => updateAndCreateTopic(ctx, request));
  server.registerProcessor(RequestCode.DELETE_TOPIC_IN_BROKER, (request) => deleteTopic(ctx, request));
  server.registerProcessor(RequestCode.GET_ALL_TOPIC_CONFIG, (request) => success(request, { body: ctx.topics.encode() }));
  server.registerProcessor(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER, (request) =>
    success(request, { body: encodeTopicList({ topicList: Object.values(SystemTopic) }) }),
  );
}

/** Why a topic may not be created, changed or deleted by an admin (TopicValidator's remarks), or undefined. */
export function adminTopicProblem(topic: string): string | undefined {
  return topicNameProblem(topic) ?? (isSystemTopic(topic) ? `The topic[${topic}] is conflict with system topic.` : undefined);
}

/** Why a requested topic config cannot be used, or undefined. */
export function topicConfigProblem(header: CreateTopicRequestHeader): string | undefined {
  for (const key of ['readQueueNums', 'writeQueueNums'] as const) {
    const n = header[key];
    if (n < 0 || n > topicQueueNumsMax) return `${key} ${n} is outside 0..${topicQueueNumsMax}`;
  }
  if (header.perm < 0 || (header.perm & ~permBitsAll) !== 0) return `perm ${header.perm} is not a combination of the PermName bits 8, 4, 2, 1`;
  if (!topicFilterTypes.has(header.topicFilterType)) return `topicFilterType ${JSON.stringify(header.topicFilterType)} is neither SINGLE_TAG nor MULTI_TAG`;
  return undefined;
}

function updateAndCreateTopic(ctx: AdminTopicContext, request: RemotingCommand): RemotingCommand {
  const refused = refusedOnSlave(request, ctx.config);
  if (refused) return refused;
  const header = CreateTopicRequestHeader.decode(request.extFields);
  const problem = adminTopicProblem(header.topic) ?? topicConfigProblem(header);
  if (problem !== undefined) return failure(request, ResponseCode.SYSTEM_ERROR, problem);
  // As RocketMQ: the header's `order` is not kept here (ordered topics are a NameServer KV setting).
  const topic: TopicConfig = {
    topicName: header.topic,
    readQueueNums: header.readQueueNums,
    writeQueueNums: header.writeQueueNums,
    perm: header.perm,
    topicFilterType: header.topicFilterType,
    topicSysFlag: header.topicSysFlag ?? 0,
    order: false,
  };
  ctx.topics.updateTopicConfig(topic);
  return success(request);
}

/** The topic's config, its consume queues (its records age out of the commit log), its consumer offsets and its stats go. */
function deleteTopic(ctx: AdminTopicContext, request: RemotingCommand): RemotingCommand {
  const refused = refusedOnSlave(request, ctx.config);
  if (refused) return refused;
  const { topic } = DeleteTopicRequestHeader.decode(request.extFields);
  const problem = adminTopicProblem(topic);
  if (problem !== undefined) return failure(request, ResponseCode.SYSTEM_ERROR, problem);
  ctx.topics.deleteTopicConfig(topic);
  ctx.store.deleteTopics([topic]);
  ctx.offsets.removeTopic(topic);
  ctx.stats.onTopicDeleted(topic);
  return success(request);
}
