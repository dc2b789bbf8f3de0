// The NameServer's route state (RouteInfoManager), with no sockets and no timers: the caller
// passes the clock and decides when to scan for expired brokers. Tables:
//   topicQueueTable   topic -> brokerName -> QueueData
//   brokerAddrTable   brokerName -> BrokerData {cluster, brokerName, brokerAddrs: brokerId -> addr}
//   clusterAddrTable  clusterName -> brokerNames
//   brokerLiveTable   brokerAddr -> last registration time, data version, HA address, connection
//   filterServerTable brokerAddr -> filter server addresses
// Removing a broker address cascades: the addr leaves its BrokerData; an empty BrokerData takes
// its brokerName out of the cluster and out of every topic; a topic left with no QueueData goes.
import { Perm } from '../remoting/protocol/index.js';
import {
  masterBrokerId,
  sameDataVersion,
  type BrokerData,
  type ClusterInfo,
  type DataVersion,
  type QueueData,
  type RegisteredTopic,
  type TopicRoute,
} from './route-types.js';

export interface BrokerRegistration<C extends object = object> {
  clusterName: string;
  brokerAddr: string;
  brokerName: string;
  brokerId: number;
  haServerAddr: string;
  /** The broker's topic configuration; absent when a (pre-3.0.11) broker sent no body. */
  topicConfig?: { dataVersion: DataVersion; topics: RegisteredTopic[] };
  /** Undefined leaves the filter server table alone; an empty list clears the broker's entry. */
  filterServerList?: string[];
  /** The connection the registration came over; its close removes the broker at once. */
  connection?: C;
}

/** Filled for a slave whose master is registered and alive. */
export interface RegistrationResult {
  masterAddr?: string;
  haServerAddr?: string;
}

export interface RemovedBroker<C extends object = object> {
  brokerAddr: string;
  clusterName: string;
  brokerName: string;
  brokerId: number;
  connection: C | undefined;
}

interface LiveBroker<C extends object> {
  lastUpdateTimestamp: number;
  dataVersion: DataVersion;
  haServerAddr: string;
  connection: C | undefined;
  clusterName: string;
  brokerName: string;
  brokerId: number;
}

const emptyDataVersion: DataVersion = { timestamp: 0, counter: 0 };

/** `C` is the type of the connection handle kept per broker (a socket connection in the server). */
export class RouteRegistry<C extends object = object> {
  private readonly topicQueueTable = new Map<string, Map<string, QueueData>>();
  private readonly brokerAddrTable = new Map<string, BrokerData>();
  private readonly clusterAddrTable = new Map<string, Set<string>>();
  private readonly brokerLiveTable = new Map<string, LiveBroker<C>>();
  private readonly filterServerTable = new Map<string, string[]>();

  constructor(private readonly now: () => number = Date.now) {}

  registerBroker(registration: BrokerRegistration<C>): RegistrationResult {
    const { clusterName, brokerAddr, brokerName, brokerId, topicConfig } = registration;
    let brokerNames = this.clusterAddrTable.get(clusterName);
    if (brokerNames === undefined) {
      brokerNames = new Set();
      this.clusterAddrTable.set(clusterName, brokerNames);
    }
    brokerNames.add(brokerName);

    let registerFirst = false;
    let brokerData = this.brokerAddrTable.get(brokerName);
    if (brokerData === undefined) {
      registerFirst = true;
      brokerData = { cluster: clusterName, brokerName, brokerAddrs: new Map() };
      this.brokerAddrTable.set(brokerName, brokerData);
    }
    // One ip:port has one role: a slave switched to master first leaves its old id.
    for (const [id, addr] of brokerData.brokerAddrs) {
      if (addr === brokerAddr && id !== brokerId) brokerData.brokerAddrs.delete(id);
    }
    const previousAddr = brokerData.brokerAddrs.get(brokerId);
    brokerData.brokerAddrs.set(brokerId, brokerAddr);
    registerFirst ||= previousAddr === undefined;

    if (topicConfig !== undefined && brokerId === masterBrokerId) {
      if (registerFirst || this.isBrokerTopicConfigChanged(brokerAddr, topicConfig.dataVersion)) {
        for (const topic of topicConfig.topics) this.updateQueueData(brokerName, topic);
      }
    }

    this.brokerLiveTable.set(brokerAddr, {
      lastUpdateTimestamp: this.now(),
      dataVersion: topicConfig?.dataVersion ?? emptyDataVersion,
      haServerAddr: registration.haServerAddr,
      connection: registration.connection,
      clusterName,
      brokerName,
      brokerId,
    });

    if (registration.filterServerList !== undefined) {
      if (registration.filterServerList.length === 0) this.filterServerTable.delete(brokerAddr);
      else this.filterServerTable.set(brokerAddr, [...registration.filterServerList]);
    }

    const result: RegistrationResult = {};
    if (brokerId !== masterBrokerId) {
      const masterAddr = brokerData.brokerAddrs.get(masterBrokerId);
      const master = masterAddr === undefined ? undefined : this.brokerLiveTable.get(masterAddr);
      if (masterAddr !== undefined && master !== undefined) {
        result.masterAddr = masterAddr;
        result.haServerAddr = master.haServerAddr;
      }
    }
    return result;
  }

  /** UNREGISTER_BROKER: the address leaves the tables, with the cascade described above. */
  unregisterBroker(brokerAddr: string): RemovedBroker<C> | undefined {
    return this.removeBrokerAddr(brokerAddr);
  }

  /** True when the broker is unknown or reports another DataVersion than its last registration. */
  isBrokerTopicConfigChanged(brokerAddr: string, dataVersion: DataVersion): boolean {
    const live = this.brokerLiveTable.get(brokerAddr);
    return live === undefined || !sameDataVersion(live.dataVersion, dataVersion);
  }

  /** The DataVersion of the broker's last registration. */
  brokerDataVersion(brokerAddr: string): DataVersion | undefined {
    const live = this.brokerLiveTable.get(brokerAddr);
    return live === undefined ? undefined : { ...live.dataVersion };
  }

  /** A QUERY_DATA_VERSION with an unchanged version counts as a heartbeat. */
  touchBroker(brokerAddr: string): void {
    const live = this.brokerLiveTable.get(brokerAddr);
    if (live !== undefined) live.lastUpdateTimestamp = this.now();
  }

  /** Its QueueDatas and the BrokerDatas of those brokerNames; undefined when either is missing. */
  topicRoute(topic: string): TopicRoute | undefined {
    const queues = this.topicQueueTable.get(topic);
    if (queues === undefined || queues.size === 0) return undefined;
    const route: TopicRoute = { queueDatas: [], brokerDatas: [], filterServerTable: new Map() };
    for (const queueData of queues.values()) route.queueDatas.push({ ...queueData });
    for (const brokerName of queues.keys()) {
      const brokerData = this.brokerAddrTable.get(brokerName);
      if (brokerData === undefined) continue;
      route.brokerDatas.push(copyBrokerData(brokerData));
      for (const addr of brokerData.brokerAddrs.values()) {
        const filterServers = this.filterServerTable.get(addr);
        if (filterServers !== undefined) route.filterServerTable.set(addr, [...filterServers]);
      }
    }
    return route.brokerDatas.length === 0 ? undefined : route;
  }

  clusterInfo(): ClusterInfo {
    const brokerAddrTable = new Map<string, BrokerData>();
    for (const [name, data] of this.brokerAddrTable) brokerAddrTable.set(name, copyBrokerData(data));
    const clusterAddrTable = new Map<string, string[]>();
    for (const [cluster, names] of this.clusterAddrTable) clusterAddrTable.set(cluster, [...names]);
    return { brokerAddrTable, clusterAddrTable };
  }

  allTopics(): string[] {
    return [...this.topicQueueTable.keys()];
  }

  /**
   * GET_SYSTEM_TOPIC_LIST_FROM_NS: every cluster name and broker name (brokers serve a topic of
   * each name), with the address of one registered broker (its lowest id), as RocketMQ answers.
   */
  systemTopics(): { topicList: string[]; brokerAddr?: string } {
    const names = new Set<string>();
    for (const [cluster, brokerNames] of this.clusterAddrTable) {
      names.add(cluster);
      for (const name of brokerNames) names.add(name);
    }
    for (const broker of this.brokerAddrTable.values()) {
      const lowestId = Math.min(...broker.brokerAddrs.keys());
      if (Number.isFinite(lowestId)) return { topicList: [...names], brokerAddr: broker.brokerAddrs.get(lowestId)! };
    }
    return { topicList: [...names] };
  }

  /**
   * Topics whose queue data (the first one, as RocketMQ looks) has every bit of `present` in its
   * topicSysFlag and none of `absent`: the unit-topic lists of GET_UNIT_TOPIC_LIST and its kin.
   */
  topicsWithSysFlag(present: number, absent = 0): string[] {
    const topics: string[] = [];
    for (const [topic, queues] of this.topicQueueTable) {
      const first = queues.values().next();
      if (first.done) continue;
      const flag = first.value.topicSysFlag;
      if ((flag & present) === present && (flag & absent) === 0) topics.push(topic);
    }
    return topics;
  }

  /** Topics with a queue on any broker group of the cluster. */
  topicsByCluster(clusterName: string): string[] {
    const brokerNames = this.clusterAddrTable.get(clusterName);
    if (brokerNames === undefined) return [];
    const topics: string[] = [];
    for (const [topic, queues] of this.topicQueueTable) {
      if ([...queues.keys()].some((name) => brokerNames.has(name))) topics.push(topic);
    }
    return topics;
  }

  /** Without a cluster the topic goes entirely; with one, only that cluster's queues (5.x). */
  deleteTopic(topic: string, clusterName?: string): void {
    if (clusterName === undefined || clusterName === '') {
      this.topicQueueTable.delete(topic);
      return;
    }
    const queues = this.topicQueueTable.get(topic);
    const brokerNames = this.clusterAddrTable.get(clusterName);
    if (queues === undefined || brokerNames === undefined) return;
    for (const name of brokerNames) queues.delete(name);
    if (queues.size === 0) this.topicQueueTable.delete(topic);
  }

  /** Clears the write bit of every topic's queues on the broker group; returns the topic count. */
  wipeWritePermOfBroker(brokerName: string): number {
    return this.updatePermOfBroker(brokerName, (perm) => perm & ~Perm.write);
  }

  /** Makes every topic of the broker group readable and writable again; returns the topic count. */
  addWritePermOfBroker(brokerName: string): number {
    return this.updatePermOfBroker(brokerName, () => Perm.read | Perm.write);
  }

  /** Removes brokers whose last registration is older than `expiredTimeMs`. */
  removeExpiredBrokers(expiredTimeMs: number): RemovedBroker<C>[] {
    const now = this.now();
    const expired = [...this.brokerLiveTable]
      .filter(([, live]) => live.lastUpdateTimestamp + expiredTimeMs < now)
      .map(([addr]) => addr);
    return expired.flatMap((addr) => this.removeBrokerAddr(addr) ?? []);
  }

  /** Removes every broker that registered over this connection (it has closed). */
  removeBrokersOfConnection(connection: C): RemovedBroker<C>[] {
    const addrs = [...this.brokerLiveTable].filter(([, live]) => live.connection === connection).map(([addr]) => addr);
    return addrs.flatMap((addr) => this.removeBrokerAddr(addr) ?? []);
  }

  private updateQueueData(brokerName: string, topic: RegisteredTopic): void {
    let queues = this.topicQueueTable.get(topic.topicName);
    if (queues === undefined) {
      queues = new Map();
      this.topicQueueTable.set(topic.topicName, queues);
    }
    queues.set(brokerName, {
      brokerName,
      readQueueNums: topic.readQueueNums,
      writeQueueNums: topic.writeQueueNums,
      perm: topic.perm,
      topicSysFlag: topic.topicSysFlag,
    });
  }

  private updatePermOfBroker(brokerName: string, update: (perm: number) => number): number {
    let topicCount = 0;
    for (const queues of this.topicQueueTable.values()) {
      const queueData = queues.get(brokerName);
      if (queueData === undefined) continue;
      queueData.perm = update(queueData.perm);
      topicCount++;
    }
    return topicCount;
  }

  private removeBrokerAddr(brokerAddr: string): RemovedBroker<C> | undefined {
    const live = this.brokerLiveTable.get(brokerAddr);
    this.brokerLiveTable.delete(brokerAddr);
    this.filterServerTable.delete(brokerAddr);

    let found: { brokerData: BrokerData; brokerId: number } | undefined;
    const emptied: string[] = [];
    for (const [brokerName, brokerData] of this.brokerAddrTable) {
      for (const [id, addr] of brokerData.brokerAddrs) {
        if (addr !== brokerAddr) continue;
        brokerData.brokerAddrs.delete(id);
        found = { brokerData, brokerId: id };
      }
      if (brokerData.brokerAddrs.size === 0) emptied.push(brokerName);
    }
    for (const brokerName of emptied) this.removeBrokerName(brokerName);

    if (live !== undefined) {
      const { clusterName, brokerName, brokerId, connection } = live;
      return { brokerAddr, clusterName, brokerName, brokerId, connection };
    }
    if (found === undefined) return undefined;
    const { cluster, brokerName } = found.brokerData;
    return { brokerAddr, clusterName: cluster, brokerName, brokerId: found.brokerId, connection: undefined };
  }

  private removeBrokerName(brokerName: string): void {
    this.brokerAddrTable.delete(brokerName);
    for (const [cluster, names] of this.clusterAddrTable) {
      names.delete(brokerName);
      if (names.size === 0) this.clusterAddrTable.delete(cluster);
    }
    for (const [topic, queues] of this.topicQueueTable) {
      queues.delete(brokerName);
      if (queues.size === 0) this.topicQueueTable.delete(topic);
    }
  }
}

function copyBrokerData(data: BrokerData): BrokerData {
  return { cluster: data.cluster, brokerName: data.brokerName, brokerAddrs: new Map(data.brokerAddrs) };
}
