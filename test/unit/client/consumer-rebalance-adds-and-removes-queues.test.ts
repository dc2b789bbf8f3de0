// Rebalance: the diff of held and allocated queues (removed / added / kept, idle queues
// restarted), and whole rounds against a fake host: CLUSTERING allocates the sorted inputs with
// the strategy, BROADCASTING takes every queue, unknown routes or members (or a member list
// without this client) change nothing and ask for a retry, unsubscribed topics are stopped, a
// queue that cannot start is retried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageQueue } from '../../../src/common/message/message-queue.js';
import { rebalanceDiff } from '../../../src/client/consumer/rebalance/rebalance-diff.js';
import { rebalanceOnce, type RebalanceHost } from '../../../src/client/consumer/rebalance/rebalancer.js';
import { RebalanceScheduler } from '../../../src/client/consumer/rebalance/rebalance-scheduler.js';
import { createAllocateStrategy } from '../../../src/client/consumer/allocate/registry.js';
import { buildSubscriptionData } from '../../../src/client/consumer/subscription.js';
import type { RebalanceEvent } from '../../../src/client/consumer/consumer-api.js';

const q = (queueId: number, topic = 'T', brokerName = 'broker-a'): MessageQueue => ({ topic, brokerName, queueId });
const ids = (queues: MessageQueue[]): string[] => queues.map((x) => `${x.topic}:${x.brokerName}:${x.queueId}`);

test('diff: queues no longer allocated are removed, new ones added, the rest kept', () => {
  const held = [q(0), q(1), q(2), q(0, 'Other')].map((queue) => ({ queue, pullExpired: false }));
  const diff = rebalanceDiff('T', held, [q(2), q(3), q(4)], true);
  assert.deepEqual(ids(diff.removed), ids([q(0), q(1)]));
  assert.deepEqual(ids(diff.added), ids([q(3), q(4)]));
  assert.deepEqual(ids(diff.kept), ids([q(2)]), 'other topics are not touched');
});

test('diff: an idle queue is restarted by push consumers only', () => {
  const held = [{ queue: q(0), pullExpired: true }];
  const push = rebalanceDiff('T', held, [q(0)], true);
  assert.deepEqual([ids(push.removed), ids(push.added)], [ids([q(0)]), ids([q(0)])]);
  const pull = rebalanceDiff('T', held, [q(0)], false);
  assert.deepEqual([pull.removed, pull.added, ids(pull.kept)], [[], [], ids([q(0)])]);
});

class FakeHost implements RebalanceHost {
  readonly group = 'G';
  readonly strategy = createAllocateStrategy('AVG');
  readonly dropIdleQueues = true;
  readonly held = new Map<string, MessageQueue>();
  readonly events: RebalanceEvent[] = [];
  readonly subs = new Map([['T', buildSubscriptionData('T', '*')]]);
  routes = new Map<string, MessageQueue[]>([['T', [q(3), q(1), q(0), q(2), q(1, 'T', 'broker-b'), q(0, 'T', 'broker-b')]]]);
  members = ['cid-b', 'cid-a'];
  refuseStart = new Set<number>();
  selfMissing = 0;

  constructor(
    readonly clientId: string,
    readonly messageModel: 'CLUSTERING' | 'BROADCASTING' = 'CLUSTERING',
  ) {}

  subscriptions() {
    return this.subs;
  }
  topicQueues(topic: string) {
    return this.routes.get(topic);
  }
  async consumerIds() {
    return this.members;
  }
  *heldQueues() {
    for (const queue of this.held.values()) yield { queue, pullExpired: false };
  }
  async stopQueue(queue: MessageQueue) {
    this.held.delete(ids([queue])[0]!);
    return true;
  }
  async startQueue(queue: MessageQueue) {
    if (this.refuseStart.has(queue.queueId)) return false;
    this.held.set(ids([queue])[0]!, queue);
    return true;
  }
  onRebalanced(event: RebalanceEvent) {
    this.events.push(event);
  }
  onSelfMissing() {
    this.selfMissing++;
  }
  onTopicFailed(_topic: string, error: Error) {
    throw error;
  }
}

test('clustering: each member takes its AVG share of the sorted queues', async () => {
  const a = new FakeHost('cid-a');
  const b = new FakeHost('cid-b');
  assert.equal(await rebalanceOnce(a), false);
  assert.equal(await rebalanceOnce(b), false);
  assert.deepEqual(ids([...a.held.values()]), ids([q(0), q(1), q(2)]), 'sorted by broker then queue id: broker-a 0..2');
  assert.deepEqual(ids([...b.held.values()]), ids([q(3), q(0, 'T', 'broker-b'), q(1, 'T', 'broker-b')]));
  assert.deepEqual(ids(a.events[0]!.added), ids([q(0), q(1), q(2)]));

  a.members = ['cid-a'];
  assert.equal(await rebalanceOnce(a), false);
  assert.equal(a.held.size, 6, 'alone, a takes everything');
  assert.deepEqual(ids(a.events[1]!.added), ids([q(3), q(0, 'T', 'broker-b'), q(1, 'T', 'broker-b')]));
  assert.deepEqual(a.events[1]!.removed, []);
  assert.equal(a.events[1]!.assigned.length, 6);
  assert.equal(await rebalanceOnce(a), false);
  assert.equal(a.events.length, 2, 'no change, no event');
});

test('broadcasting takes every queue without asking for members', async () => {
  const host = new FakeHost('cid-a', 'BROADCASTING');
  host.members = [];
  assert.equal(await rebalanceOnce(host), false);
  assert.equal(host.held.size, 6);
});

test('unknown route, no members, or a member list without this client: nothing changes, retry soon', async () => {
  const host = new FakeHost('cid-a');
  await rebalanceOnce(host);
  const before = ids([...host.held.values()]);
  host.members = ['cid-b', 'cid-c'];
  assert.equal(await rebalanceOnce(host), true);
  assert.equal(host.selfMissing, 1, 'a heartbeat is asked for');
  host.members = [];
  assert.equal(await rebalanceOnce(host), true);
  host.members = ['cid-a'];
  host.routes.delete('T');
  assert.equal(await rebalanceOnce(host), true);
  assert.deepEqual(ids([...host.held.values()]), before, 'the held queues stay');
});

test('queues of topics no longer subscribed are stopped; a queue that cannot start is retried', async () => {
  const host = new FakeHost('cid-a');
  host.members = ['cid-a'];
  host.refuseStart.add(2);
  assert.equal(await rebalanceOnce(host), true, 'queue 2 refused: try again soon');
  assert.equal(host.held.size, 5, 'all but broker-a queue 2');
  host.refuseStart.clear();
  assert.equal(await rebalanceOnce(host), false);
  assert.equal(host.held.size, 6);
  host.subs.clear();
  await rebalanceOnce(host);
  assert.equal(host.held.size, 0);
});

test('scheduler: a request during a round runs exactly one more round after it', async () => {
  let rounds = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const scheduler = new RebalanceScheduler(
    async () => {
      rounds++;
      if (rounds === 1) await gate;
      return false;
    },
    60_000,
    (error) => {
      throw error;
    },
  );
  scheduler.start();
  const second = scheduler.request();
  const third = scheduler.request();
  release();
  await Promise.all([second, third]);
  assert.equal(rounds, 2, 'two requests during the first round: one more round');
  await scheduler.stop();
  await scheduler.request();
  assert.equal(rounds, 2, 'stopped: no more rounds');
});
