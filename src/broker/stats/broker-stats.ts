// The broker's traffic counters (RocketMQ's BrokerStatsManager), read by VIEW_BROKER_STATS_DATA:
// mqadmin statsAll and the dashboard ask for TOPIC_PUT_NUMS by topic and GROUP_GET_NUMS by
// "topic@group". Keys as RocketMQ builds them; BROKER_* are keyed by the cluster name.
import { StatsTable, topicGroupStatsKey } from '../../common/stats/stats-table.js';

export const BrokerStatsName = {
  TOPIC_PUT_NUMS: 'TOPIC_PUT_NUMS',
  TOPIC_PUT_SIZE: 'TOPIC_PUT_SIZE',
  GROUP_GET_NUMS: 'GROUP_GET_NUMS',
  GROUP_GET_SIZE: 'GROUP_GET_SIZE',
  SNDBCK_PUT_NUMS: 'SNDBCK_PUT_NUMS',
  BROKER_PUT_NUMS: 'BROKER_PUT_NUMS',
  BROKER_GET_NUMS: 'BROKER_GET_NUMS',
} as const;
export type BrokerStatsName = (typeof BrokerStatsName)[keyof typeof BrokerStatsName];

export class BrokerStats {
  readonly table: StatsTable<BrokerStatsName>;

  constructor(
    private readonly clusterName: string,
    now?: () => number,
  ) {
    this.table = new StatsTable(Object.values(BrokerStatsName), now);
  }

  /** A stored send: `messages` records (a batch counts as one call) of `bytes` in all. */
  onPut(topic: string, messages: number, bytes: number): void {
    this.table.add(BrokerStatsName.TOPIC_PUT_NUMS, topic, messages, 1);
    this.table.add(BrokerStatsName.TOPIC_PUT_SIZE, topic, bytes, 1);
    this.table.add(BrokerStatsName.BROKER_PUT_NUMS, this.clusterName, messages, 1);
  }

  /** A pull that found `messages` messages of `bytes` in all. */
  onGet(group: string, topic: string, messages: number, bytes: number): void {
    const key = topicGroupStatsKey(topic, group);
    this.table.add(BrokerStatsName.GROUP_GET_NUMS, key, messages, 1);
    this.table.add(BrokerStatsName.GROUP_GET_SIZE, key, bytes, 1);
    this.table.add(BrokerStatsName.BROKER_GET_NUMS, this.clusterName, messages, 1);
  }

  /** A message a consumer of `group` sent back (CONSUMER_SEND_MSG_BACK) from `topic`. */
  onSendBack(group: string, topic: string): void {
    this.table.add(BrokerStatsName.SNDBCK_PUT_NUMS, topicGroupStatsKey(topic, group), 1, 1);
  }

  onTopicDeleted(topic: string): void {
    this.table.removeKeys((key) => key === topic || key.startsWith(`${topic}@`));
  }

  onGroupDeleted(group: string): void {
    this.table.removeKeys((key) => key.endsWith(`@${group}`));
  }

  start(): void {
    this.table.start();
  }

  stop(): void {
    this.table.stop();
  }
}
