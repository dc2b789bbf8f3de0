// Every heartbeatBrokerInterval (30 s, first after 1 s) the client forgets brokers no route names
// any more, then sends HEART_BEAT with its producer and consumer groups to every broker it knows
// (RocketMQ's cleanOfflineBroker + sendHeartbeatToAllBrokerWithLock). Without consumers only
// masters get it; with nothing registered nothing is sent.
import type { HeartbeatData } from '../../../remoting/protocol/bodies/heartbeat-data.js';
import type { BrokerAddress } from '../broker-address-table.js';
import { masterBrokerId } from '../topic-publish-info.js';
import { PeriodicTask } from './periodic-task.js';

export interface HeartbeatContext {
  /** Undefined when no producer or consumer is registered. */
  heartbeatData(): HeartbeatData | undefined;
  brokerAddresses(): Iterable<BrokerAddress>;
  /** Sends one HEART_BEAT; resolves with the broker's remoting version. */
  sendHeartbeat(addr: string, data: HeartbeatData): Promise<number>;
  cleanOfflineBrokers(): void;
  onHeartbeat(broker: BrokerAddress, outcome: { version: number } | { error: unknown }): void;
}

/** One heartbeat round; resolves when every broker has answered or failed. */
export async function sendHeartbeatToAllBrokers(ctx: HeartbeatContext): Promise<void> {
  const data = ctx.heartbeatData();
  if (data === undefined) return;
  const consumerless = data.consumerDataSet.length === 0;
  const targets = [...ctx.brokerAddresses()].filter((b) => !consumerless || b.brokerId === masterBrokerId);
  await Promise.all(
    targets.map(async (broker) => {
      try {
        ctx.onHeartbeat(broker, { version: await ctx.sendHeartbeat(broker.addr, data) });
      } catch (error) {
        ctx.onHeartbeat(broker, { error });
      }
    }),
  );
}

export function heartbeatTask(ctx: HeartbeatContext, initialDelayMs: number, intervalMs: number, onError: (error: unknown) => void): PeriodicTask {
  return new PeriodicTask(
    'heartbeat',
    async () => {
      ctx.cleanOfflineBrokers();
      await sendHeartbeatToAllBrokers(ctx);
    },
    { initialDelayMs, intervalMs, onError },
  );
}
