// The broker's topics (TopicConfigManager): the built-in ones of behaviours.md §1, those read
// from config/topics.json, and those created on send (from the TBW102 template), on send-back
// and heartbeat (retry and DLQ topics) or by an admin. Every change bumps the DataVersion,
// is persisted, and is reported to the change listeners (registration re-registers at once, so
// the NameServers serve the new topic's route).
import type { Logger } from '../../common/logger.js';
import type { DataVersion } from '../../remoting/protocol/bodies/data-version.js';
import {
  Perm,
  decodeTopicConfigSerializeWrapper,
  encodeTopicConfigSerializeWrapper,
  topicConfigDefaults,
  type TopicConfig,
  type TopicConfigSerializeWrapper,
} from '../../remoting/protocol/bodies/topic-config.js';
import type { BrokerConfig } from '../broker-config.js';
import type { ConfigFile } from './config-file.js';
import { DataVersionCounter } from './data-version.js';
import { SystemTopic, replyTopic } from './topic-names.js';

/** Delay levels of SCHEDULE_TOPIC_XXXX: one queue per level (messageDelayLevel has 18). */
export const scheduleTopicQueueNums = 18;
/** BenchmarkTest's queues. */
export const benchmarkTopicQueueNums = 1024;

export type TopicChange = { kind: 'created' | 'updated' | 'deleted'; topic: string };
export type TopicChangeListener = (change: TopicChange) => void;

export type TopicConfigManagerConfig = Pick<
  BrokerConfig,
  | 'brokerClusterName'
  | 'brokerName'
  | 'autoCreateTopicEnable'
  | 'defaultTopicQueueNums'
  | 'clusterTopicEnable'
  | 'brokerTopicEnable'
  | 'traceTopicEnable'
  | 'msgTraceTopicName'
>;

export interface TopicConfigManagerOptions {
  config: TopicConfigManagerConfig;
  /** config/topics.json; without one the topics live in memory only. */
  file?: ConfigFile;
  logger: Logger;
  now?: () => number;
}

const readWrite = Perm.read | Perm.write;

export function newTopicConfig(topicName: string, queueNums: number, perm: number, topicSysFlag = 0): TopicConfig {
  return {
    topicName,
    readQueueNums: queueNums,
    writeQueueNums: queueNums,
    perm,
    topicFilterType: topicConfigDefaults.topicFilterType,
    topicSysFlag,
    order: false,
  };
}

export function isInheritable(perm: number): boolean {
  return (perm & Perm.inherit) !== 0;
}

export class TopicConfigManager {
  private readonly versions: DataVersionCounter;
  private readonly table = new Map<string, TopicConfig>();
  private readonly listeners = new Set<TopicChangeListener>();
  private readonly config: TopicConfigManagerConfig;
  private readonly file: ConfigFile | undefined;
  private readonly logger: Logger;

  constructor(options: TopicConfigManagerOptions) {
    this.config = options.config;
    this.file = options.file;
    this.logger = options.logger;
    this.versions = new DataVersionCounter(options.now ?? Date.now);
    for (const topic of this.builtInTopics()) this.table.set(topic.topicName, topic);
  }

  /** Reads config/topics.json; its entries replace the built-in ones of the same name. */
  load(): void {
    const loaded = this.file?.load(decodeTopicConfigSerializeWrapper);
    if (loaded === undefined) return;
    if (loaded.fromBackup) this.logger.warn({ path: this.file?.path }, 'topics file unreadable, loaded its backup');
    for (const [name, topic] of loaded.value.topicConfigTable) this.table.set(name, topic);
    this.versions.assign(loaded.value.dataVersion);
  }

  /** Writes config/topics.json (atomically); resolves when it is durable. */
  async persist(): Promise<void> {
    await this.file?.write(this.encode().toString('utf8'));
  }

  /** The topics.json / GET_ALL_TOPIC_CONFIG body. */
  encode(): Buffer {
    return encodeTopicConfigSerializeWrapper(this.buildSerializeWrapper());
  }

  /** A snapshot of every topic and the DataVersion, for registration and GET_ALL_TOPIC_CONFIG. */
  buildSerializeWrapper(): TopicConfigSerializeWrapper {
    return { topicConfigTable: new Map(this.table), dataVersion: this.versions.snapshot() };
  }

  select(topic: string): Readonly<TopicConfig> | undefined {
    return this.table.get(topic);
  }

  get topics(): ReadonlyMap<string, Readonly<TopicConfig>> {
    return this.table;
  }

  /** Bumped by every change. */
  get dataVersion(): DataVersion {
    return this.versions.snapshot();
  }

  /** Listens to topic changes; returns the function that stops listening. */
  onChange(listener: TopicChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * createTopicInSendMessageMethod: a producer sends to an unknown `topic` naming `defaultTopic`
   * (TBW102) as template. The template must exist and be inheritable (TBW102 never is when
   * autoCreateTopicEnable is off); the new topic gets min(clientDefaultTopicQueueNums,
   * template write queues) read and write queues and the template's perm without INHERIT.
   * Undefined when the template does not allow it.
   */
  createTopicInSendMessageMethod(
    topic: string,
    defaultTopic: string,
    clientDefaultTopicQueueNums: number,
    topicSysFlag = 0,
  ): Readonly<TopicConfig> | undefined {
    const existing = this.table.get(topic);
    if (existing !== undefined) return existing;
    const template = this.table.get(defaultTopic);
    if (template === undefined) {
      this.logger.warn({ topic, defaultTopic }, 'cannot create topic: the default topic does not exist');
      return undefined;
    }
    const templatePerm =
      defaultTopic === SystemTopic.autoCreate && !this.config.autoCreateTopicEnable ? readWrite : template.perm;
    if (!isInheritable(templatePerm)) {
      this.logger.warn({ topic, defaultTopic, perm: templatePerm }, 'cannot create topic: the default topic is not inheritable');
      return undefined;
    }
    const queueNums = Math.max(0, Math.min(clientDefaultTopicQueueNums, template.writeQueueNums));
    const created = newTopicConfig(topic, queueNums, templatePerm & ~Perm.inherit, topicSysFlag);
    created.topicFilterType = template.topicFilterType;
    this.put(created, 'created');
    return created;
  }

  /**
   * createTopicInSendMessageBackMethod: retry and DLQ topics (and other system topics made on
   * demand) are created with the given queues and perm, whatever the template says.
   */
  createTopicInSendMessageBackMethod(topic: string, queueNums: number, perm: number, topicSysFlag = 0): Readonly<TopicConfig> {
    const existing = this.table.get(topic);
    if (existing !== undefined) return existing;
    const created = newTopicConfig(topic, queueNums, perm, topicSysFlag);
    this.put(created, 'created');
    return created;
  }

  /** UPDATE_AND_CREATE_TOPIC: creates or replaces a topic. */
  updateTopicConfig(topic: TopicConfig): void {
    this.put({ ...topic }, this.table.has(topic.topicName) ? 'updated' : 'created');
  }

  /** DELETE_TOPIC_IN_BROKER; false when there was no such topic. */
  deleteTopicConfig(topic: string): boolean {
    if (!this.table.delete(topic)) return false;
    this.changed({ kind: 'deleted', topic });
    return true;
  }

  private put(topic: TopicConfig, kind: TopicChange['kind']): void {
    this.table.set(topic.topicName, topic);
    this.logger.info({ topic }, kind === 'created' ? 'topic created' : 'topic updated');
    this.changed({ kind, topic: topic.topicName });
  }

  private changed(change: TopicChange): void {
    this.versions.next();
    this.persist().catch((err: unknown) => this.logger.error({ err, path: this.file?.path }, 'topics not persisted'));
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        this.logger.error({ err, change }, 'topic change listener failed');
      }
    }
  }

  private builtInTopics(): TopicConfig[] {
    const c = this.config;
    const topics = [
      newTopicConfig(SystemTopic.selfTest, 1, readWrite),
      newTopicConfig(SystemTopic.benchmark, benchmarkTopicQueueNums, readWrite),
      newTopicConfig(c.brokerClusterName, topicConfigDefaults.readQueueNums, Perm.inherit | (c.clusterTopicEnable ? readWrite : 0)),
      newTopicConfig(c.brokerName, 1, Perm.inherit | (c.brokerTopicEnable ? readWrite : 0)),
      newTopicConfig(SystemTopic.offsetMovedEvent, 1, readWrite),
      newTopicConfig(SystemTopic.schedule, scheduleTopicQueueNums, readWrite),
      newTopicConfig(replyTopic(c.brokerClusterName), 1, readWrite),
    ];
    if (c.autoCreateTopicEnable) topics.push(newTopicConfig(SystemTopic.autoCreate, c.defaultTopicQueueNums, Perm.inherit | readWrite));
    if (c.traceTopicEnable) topics.push(newTopicConfig(c.msgTraceTopicName, 1, readWrite));
    return topics;
  }
}
