// Consumer group configs (SubscriptionGroupManager), persisted in config/subscriptionGroup.json.
// A group is created with the defaults on first sight (heartbeat, pull, send-back) when
// autoCreateSubscriptionGroup is on; otherwise an unknown group is not found and the caller
// answers SUBSCRIPTION_GROUP_NOT_EXIST.
import type { Logger } from '../../common/logger.js';
import type { DataVersion } from '../../remoting/protocol/bodies/data-version.js';
import {
  decodeSubscriptionGroupWrapper,
  encodeSubscriptionGroupWrapper,
  subscriptionGroupDefaults,
  type SubscriptionGroupConfig,
} from '../../remoting/protocol/bodies/subscription-group.js';
import type { ConfigFile } from './config-file.js';
import { DataVersionCounter } from './data-version.js';

/** Groups RocketMQ's broker always knows (tools, the self test, the ONS HTTP proxy and APIs). */
export const builtInGroups: readonly string[] = [
  'TOOLS_CONSUMER',
  'FILTERSRV_CONSUMER',
  'SELF_TEST_C_GROUP',
  'CID_ONS-HTTP-PROXY',
  'CID_ONSAPI_PULL',
  'CID_ONSAPI_PERMISSION',
  'CID_ONSAPI_OWNER',
];

/** Internal groups (MixAll.CID_RMQ_SYS_PREFIX) are created even when auto-creation is off. */
export const systemGroupPrefix = 'CID_RMQ_SYS_';

export function newSubscriptionGroupConfig(groupName: string): SubscriptionGroupConfig {
  return { groupName, ...subscriptionGroupDefaults };
}

export interface SubscriptionGroupManagerOptions {
  autoCreateSubscriptionGroup: boolean;
  /** config/subscriptionGroup.json; without one the groups live in memory only. */
  file?: ConfigFile;
  logger: Logger;
  now?: () => number;
}

export class SubscriptionGroupManager {
  private readonly table = new Map<string, SubscriptionGroupConfig>();
  private readonly versions: DataVersionCounter;
  private readonly autoCreate: boolean;
  private readonly file: ConfigFile | undefined;
  private readonly logger: Logger;

  constructor(options: SubscriptionGroupManagerOptions) {
    this.autoCreate = options.autoCreateSubscriptionGroup;
    this.file = options.file;
    this.logger = options.logger;
    this.versions = new DataVersionCounter(options.now ?? Date.now);
    for (const name of builtInGroups) this.table.set(name, newSubscriptionGroupConfig(name));
  }

  load(): void {
    const loaded = this.file?.load(decodeSubscriptionGroupWrapper);
    if (loaded === undefined) return;
    if (loaded.fromBackup) this.logger.warn({ path: this.file?.path }, 'subscription group file unreadable, loaded its backup');
    for (const [name, group] of loaded.value.subscriptionGroupTable) this.table.set(name, group);
    this.versions.assign(loaded.value.dataVersion);
  }

  async persist(): Promise<void> {
    await this.file?.write(this.encode().toString('utf8'));
  }

  /** The subscriptionGroup.json / GET_ALL_SUBSCRIPTIONGROUP_CONFIG body. */
  encode(): Buffer {
    return encodeSubscriptionGroupWrapper({ subscriptionGroupTable: this.table, dataVersion: this.versions.snapshot() });
  }

  get dataVersion(): DataVersion {
    return this.versions.snapshot();
  }

  get groups(): ReadonlyMap<string, Readonly<SubscriptionGroupConfig>> {
    return this.table;
  }

  /** The group's config, created with the defaults when allowed; undefined when unknown and not created. */
  findSubscriptionGroupConfig(group: string): Readonly<SubscriptionGroupConfig> | undefined {
    const existing = this.table.get(group);
    if (existing !== undefined) return existing;
    if (!this.autoCreate && !group.startsWith(systemGroupPrefix)) return undefined;
    const created = newSubscriptionGroupConfig(group);
    this.logger.info({ group }, 'subscription group created');
    this.put(created);
    return created;
  }

  /** UPDATE_AND_CREATE_SUBSCRIPTIONGROUP. */
  updateSubscriptionGroupConfig(config: SubscriptionGroupConfig): void {
    this.logger.info({ config }, this.table.has(config.groupName) ? 'subscription group updated' : 'subscription group created');
    this.put({ ...config });
  }

  /** DELETE_SUBSCRIPTIONGROUP; false when there was no such group. */
  deleteSubscriptionGroupConfig(group: string): boolean {
    if (!this.table.delete(group)) return false;
    this.logger.info({ group }, 'subscription group deleted');
    this.changed();
    return true;
  }

  private put(config: SubscriptionGroupConfig): void {
    this.table.set(config.groupName, config);
    this.changed();
  }

  private changed(): void {
    this.versions.next();
    this.persist().catch((err: unknown) => this.logger.error({ err, path: this.file?.path }, 'subscription groups not persisted'));
  }
}
