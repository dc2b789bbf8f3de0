// Committed consumer offsets (ConsumerOffsetManager): "<topic>@<group>" -> queueId -> offset,
// kept in memory and written to config/consumerOffset.json every flushConsumerOffsetInterval
// and at shutdown, in fastjson's shape with unquoted queue-id keys:
//   {"offsetTable":{"TopicTest@G1":{0:12,1:7}}}
import type { Logger } from '../../common/logger.js';
import {
  decodeConsumerOffsetSerializeWrapper,
  encodeConsumerOffsetSerializeWrapper,
} from '../../remoting/protocol/bodies/consumer-offset-wrapper.js';
import type { ConfigFile } from './config-file.js';

const keySeparator = '@';

/** Topics cannot contain '@', so the first '@' splits the key (groups could, in theory). */
export function offsetKey(topic: string, group: string): string {
  return `${topic}${keySeparator}${group}`;
}

function splitKey(key: string): { topic: string; group: string } | undefined {
  const at = key.indexOf(keySeparator);
  return at <= 0 ? undefined : { topic: key.slice(0, at), group: key.slice(at + 1) };
}

export interface ConsumerOffsetManagerOptions {
  /** config/consumerOffset.json; without one the offsets live in memory only. */
  file?: ConfigFile;
  logger: Logger;
}

export class ConsumerOffsetManager {
  private readonly table = new Map<string, Map<number, number>>();
  private readonly file: ConfigFile | undefined;
  private readonly logger: Logger;

  constructor(options: ConsumerOffsetManagerOptions) {
    this.file = options.file;
    this.logger = options.logger;
  }

  load(): void {
    const loaded = this.file?.load(decodeConsumerOffsetSerializeWrapper);
    if (loaded === undefined) return;
    if (loaded.fromBackup) this.logger.warn({ path: this.file?.path }, 'consumer offset file unreadable, loaded its backup');
    for (const [key, offsets] of loaded.value.offsetTable) this.table.set(key, offsets);
  }

  async persist(): Promise<void> {
    await this.file?.write(this.encode().toString('utf8'));
  }

  /** The consumerOffset.json / GET_ALL_CONSUMER_OFFSET body. */
  encode(): Buffer {
    return encodeConsumerOffsetSerializeWrapper({ offsetTable: this.table });
  }

  commitOffset(group: string, topic: string, queueId: number, offset: number): void {
    const key = offsetKey(topic, group);
    let offsets = this.table.get(key);
    if (offsets === undefined) {
      offsets = new Map();
      this.table.set(key, offsets);
    }
    const previous = offsets.get(queueId);
    offsets.set(queueId, offset);
    if (previous !== undefined && offset < previous) {
      this.logger.debug({ group, topic, queueId, offset, previous }, 'consumer offset moved back');
    }
  }

  /** The committed offset, or -1 when there is none (RocketMQ's answer). */
  queryOffset(group: string, topic: string, queueId: number): number {
    return this.table.get(offsetKey(topic, group))?.get(queueId) ?? -1;
  }

  /** queueId -> offset of a group on a topic (empty when none). */
  queryOffsets(group: string, topic: string): ReadonlyMap<number, number> {
    return this.table.get(offsetKey(topic, group)) ?? new Map();
  }

  /** Topics the group has committed offsets for (whichTopicByConsumer). */
  topicsOfGroup(group: string): Set<string> {
    const topics = new Set<string>();
    for (const key of this.table.keys()) {
      const parts = splitKey(key);
      if (parts !== undefined && parts.group === group) topics.add(parts.topic);
    }
    return topics;
  }

  /** CLONE_GROUP_OFFSET: destGroup gets a copy of srcGroup's offsets on the topic (if it has any). */
  cloneOffset(srcGroup: string, destGroup: string, topic: string): void {
    const offsets = this.table.get(offsetKey(topic, srcGroup));
    if (offsets !== undefined) this.table.set(offsetKey(topic, destGroup), new Map(offsets));
  }

  /** DELETE_SUBSCRIPTIONGROUP with removeOffset: forgets every offset of the group. */
  removeOffset(group: string): void {
    for (const key of [...this.table.keys()]) {
      if (splitKey(key)?.group === group) this.table.delete(key);
    }
  }

  /** DELETE_TOPIC_IN_BROKER: forgets every group's offsets on the topic. */
  removeTopic(topic: string): void {
    for (const key of [...this.table.keys()]) {
      if (splitKey(key)?.topic === topic) this.table.delete(key);
    }
  }

  /** Groups that have committed offsets on the topic (whichGroupByTopic). */
  groupsOfTopic(topic: string): Set<string> {
    const groups = new Set<string>();
    for (const key of this.table.keys()) {
      const parts = splitKey(key);
      if (parts !== undefined && parts.topic === topic) groups.add(parts.group);
    }
    return groups;
  }
}
