// Admin: the store clean-ups mqadmin starts by hand.
//   DELETE_EXPIRED_COMMITLOG (deleteExpiredCommitLog)  a retention pass now that deletes expired
//                                                      commit log segments whatever the hour
//   CLEAN_EXPIRED_CONSUMEQUEUE (cleanExpiredCQ)        a retention pass now: consume queue and
//                                                      index files wholly below the commit log's
//                                                      first offset go
//   CLEAN_UNUSED_TOPIC (cleanUnusedTopic)              the consume queues of topics the broker
//                                                      has no config for any more (the delay and
//                                                      transaction op topics kept)
// Each answers SUCCESS once done, as RocketMQ does.
import type { Logger } from '../../../common/logger.js';
import type { ProcessorRegistry } from '../../../remoting/net/index.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { MessageStoreApi } from '../../../store/api.js';
import type { TopicConfigManager } from '../../managers/topic-config-manager.js';
import { SystemTopic } from '../../managers/topic-names.js';
import { success } from '../shared/responses.js';

export interface AdminStoreCleanupContext {
  topics: Pick<TopicConfigManager, 'select'>;
  store: Pick<MessageStoreApi, 'runRetention' | 'queueTopics' | 'deleteTopics'>;
  logger: Logger;
}

const keptTopics: ReadonlySet<string> = new Set([SystemTopic.schedule, SystemTopic.transOpHalf]);

export function registerAdminStoreCleanupProcessors(server: ProcessorRegistry, ctx: AdminStoreCleanupContext): void {
  server.registerProcessor(RequestCode.DELETE_EXPIRED_COMMITLOG, (request) => {
    const pass = ctx.store.runRetention(true);
    ctx.logger.info({ deletedSegments: pass.deletedSegments }, 'DELETE_EXPIRED_COMMITLOG: retention pass run');
    return success(request);
  });
  server.registerProcessor(RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, (request) => {
    const pass = ctx.store.runRetention(false);
    ctx.logger.info({ deletedQueueSegments: pass.deletedQueueSegments, deletedIndexFiles: pass.deletedIndexFiles }, 'CLEAN_EXPIRED_CONSUMEQUEUE: retention pass run');
    return success(request);
  });
  server.registerProcessor(RequestCode.CLEAN_UNUSED_TOPIC, (request) => {
    const unused = ctx.store.queueTopics().filter((topic) => !keptTopics.has(topic) && ctx.topics.select(topic) === undefined);
    ctx.store.deleteTopics(unused);
    ctx.logger.info({ topics: unused }, 'CLEAN_UNUSED_TOPIC: consume queues of unconfigured topics deleted');
    return success(request);
  });
}
