// brokerName -> (brokerId -> "host:port") for every broker seen in a route (RocketMQ's
// MQClientInstance.brokerAddrTable). brokerId 0 is the master.
import type { BrokerData } from '../../remoting/protocol/bodies/topic-route-data.js';
import { masterBrokerId } from './topic-publish-info.js';

export interface BrokerAddress {
  brokerName: string;
  brokerId: number;
  addr: string;
}

export interface FoundBrokerAddress {
  addr: string;
  brokerId: number;
  slave: boolean;
}

export class BrokerAddressTable {
  private readonly table = new Map<string, Map<number, string>>();

  /** Records the addresses of each broker group in a route (replacing what was known of it). */
  update(brokerDatas: readonly BrokerData[]): void {
    for (const bd of brokerDatas) this.table.set(bd.brokerName, new Map(bd.brokerAddrs));
  }

  /** The master's address (RocketMQ's findBrokerAddressInPublish). */
  masterAddress(brokerName: string): string | undefined {
    return this.table.get(brokerName)?.get(masterBrokerId);
  }

  /**
   * The address of `brokerId` in the group; when it is unknown and `onlyThisBroker` is false,
   * any address of the group (RocketMQ's findBrokerAddressInSubscribe).
   */
  find(brokerName: string, brokerId: number, onlyThisBroker: boolean): FoundBrokerAddress | undefined {
    const group = this.table.get(brokerName);
    if (group === undefined) return undefined;
    const exact = group.get(brokerId);
    if (exact !== undefined) return { addr: exact, brokerId, slave: brokerId !== masterBrokerId };
    if (onlyThisBroker) return undefined;
    for (const [id, addr] of group) return { addr, brokerId: id, slave: id !== masterBrokerId };
    return undefined;
  }

  /** The broker name an address belongs to. */
  brokerNameOf(addr: string): string | undefined {
    for (const [name, group] of this.table) {
      for (const a of group.values()) if (a === addr) return name;
    }
    return undefined;
  }

  *all(): IterableIterator<BrokerAddress> {
    for (const [brokerName, group] of this.table) {
      for (const [brokerId, addr] of group) yield { brokerName, brokerId, addr };
    }
  }

  /** Forgets addresses no current route names (RocketMQ's cleanOfflineBroker). */
  retainOnly(live: ReadonlySet<string>): BrokerAddress[] {
    const removed: BrokerAddress[] = [];
    for (const [brokerName, group] of this.table) {
      for (const [brokerId, addr] of group) {
        if (live.has(addr)) continue;
        group.delete(brokerId);
        removed.push({ brokerName, brokerId, addr });
      }
      if (group.size === 0) this.table.delete(brokerName);
    }
    return removed;
  }
}
