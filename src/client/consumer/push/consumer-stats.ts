// A push consumer's pull and consume rates per topic (RocketMQ's ConsumerStatsManager), reported
// as the statusTable of its running info (mqadmin consumerStatus, the dashboard's consumer
// detail). Counted as the Java consumer counts them: a pull that found messages adds its round
// trip and message count; a handler call adds its duration and its messages as consumed or
// failed. Rates are per second over the last minute; consumeRT falls back to the last hour when
// the minute saw no handler call; consumeFailedMsgs counts the last hour's failures.
import { StatsTable, topicGroupStatsKey } from '../../../common/stats/stats-table.js';
import type { ConsumeStatus } from '../../../remoting/protocol/bodies/consumer-running-info.js';

const names = ['PULL_RT', 'PULL_TPS', 'CONSUME_RT', 'CONSUME_OK_TPS', 'CONSUME_FAILED_TPS'] as const;

export class ConsumerStats {
  private readonly table: StatsTable<(typeof names)[number]>;

  constructor(
    private readonly group: string,
    now?: () => number,
  ) {
    this.table = new StatsTable(names, now);
  }

  /** A pull of `topic` that found `messages` messages after `rtMs`. */
  onPullFound(topic: string, rtMs: number, messages: number): void {
    const key = this.keyOf(topic);
    this.table.add('PULL_RT', key, rtMs, 1);
    this.table.add('PULL_TPS', key, messages, 1);
  }

  /** A handler call on `messages` messages of `topic` that took `rtMs`; they are consumed or failed. */
  onHandled(topic: string, rtMs: number, messages: number, succeeded: boolean): void {
    const key = this.keyOf(topic);
    this.table.add('CONSUME_RT', key, rtMs, 1);
    this.table.add(succeeded ? 'CONSUME_OK_TPS' : 'CONSUME_FAILED_TPS', key, messages, 1);
  }

  status(topic: string): ConsumeStatus {
    const key = this.keyOf(topic);
    const minute = (name: (typeof names)[number]) => this.table.item(name, key)?.inMinute();
    const consumeRT = this.table.item('CONSUME_RT', key);
    const consumeRTMinute = consumeRT?.inMinute();
    const consumeRTWindow = consumeRTMinute?.sum === 0 ? consumeRT?.inHour() : consumeRTMinute;
    return {
      pullRT: minute('PULL_RT')?.avgpt ?? 0,
      pullTPS: minute('PULL_TPS')?.tps ?? 0,
      consumeRT: consumeRTWindow?.avgpt ?? 0,
      consumeOKTPS: minute('CONSUME_OK_TPS')?.tps ?? 0,
      consumeFailedTPS: minute('CONSUME_FAILED_TPS')?.tps ?? 0,
      consumeFailedMsgs: this.table.item('CONSUME_FAILED_TPS', key)?.inHour().sum ?? 0,
    };
  }

  start(): void {
    this.table.start();
  }

  stop(): void {
    this.table.stop();
  }

  private keyOf(topic: string): string {
    return topicGroupStatsKey(topic, this.group);
  }
}
