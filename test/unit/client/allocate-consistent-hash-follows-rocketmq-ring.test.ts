// CONSISTENT_HASH: MD5 of the UTF-8 key, first 4 bytes big-endian unsigned; points "<cid>-<i>";
// a queue (hashed as MessageQueue.toString()) goes to the first point at or after it, wrapping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AllocateConsistentHash } from '../../../src/client/consumer/allocate/consistent-hash.js';
import { md5Hash } from '../../../src/client/consumer/allocate/consistent-hash-ring.js';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { mqJavaString, type MessageQueue } from '../../../src/common/message/message-queue.js';

const queues = (count: number): MessageQueue[] =>
  Array.from({ length: count }, (_, queueId) => ({ topic: 'topic_test', brokerName: 'brokerName', queueId }));
const cids = ['CID-0', 'CID-1', 'CID-2'];

test('md5Hash is the first four bytes of MD5 over UTF-8, unsigned big-endian (values from Python hashlib)', () => {
  assert.equal(md5Hash('10.0.0.1@DEFAULT-0'), 0x53ca6552);
  assert.equal(md5Hash('CID-0-9'), 0xe2d2daa1); // top bit set: unsigned, not a negative int
  assert.equal(md5Hash('客户端-0'), 0x29e4b67d);
  assert.equal(md5Hash('MessageQueue [topic=TopicTest, brokerName=broker-a, queueId=0]'), 0x767d59fc);
});

test('queues are hashed as RocketMQ\'s MessageQueue.toString()', () => {
  assert.equal(mqJavaString({ topic: 'T', brokerName: 'b', queueId: 7 }), 'MessageQueue [topic=T, brokerName=b, queueId=7]');
});

test('3 virtual nodes, CID-0..2, 6 queues: 0,3,5 / 1,2 / 4, as RocketMQ computes and as a plain ring scan finds', () => {
  const strategy = new AllocateConsistentHash({ virtualNodeCount: 3 });
  const shares = cids.map((cid) => strategy.allocate('G', cid, queues(6), cids).map((mq) => mq.queueId));
  assert.deepEqual(shares, [[0, 3, 5], [1, 2], [4]]); // printed by RocketMQ's AllocateMessageQueueConsistentHash(3)

  // The same from first principles: node:crypto MD5 and a linear scan of the ring.
  const hash = (key: string): number => createHash('md5').update(Buffer.from(key, 'utf8')).digest().readUInt32BE(0);
  const points = cids.flatMap((cid) => [0, 1, 2].map((i) => ({ at: hash(`${cid}-${i}`), cid })));
  const lowest = points.reduce((a, b) => (b.at < a.at ? b : a));
  const ownerOf = (mq: MessageQueue): string => {
    const h = hash(mqJavaString(mq));
    const atOrAfter = points.filter((p) => p.at >= h);
    return atOrAfter.length === 0 ? lowest.cid : atOrAfter.reduce((a, b) => (b.at < a.at ? b : a)).cid;
  };
  assert.deepEqual(shares, cids.map((cid) => queues(6).filter((mq) => ownerOf(mq) === cid).map((mq) => mq.queueId)));
});

test('a later client wins a point collision and a repeated client id continues its point numbering, as in Java\'s TreeMap ring', () => {
  // Hash = sum of char codes mod 5: many collisions. RocketMQ with this HashFunction and 4 points
  // per client over ids c1, c2, c3, c1 gives c1 queues 1-4, c2 none, c3 queue 0.
  const tiny = (key: string): number => [...key].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % 5;
  const strategy = new AllocateConsistentHash({ virtualNodeCount: 4, hash: tiny });
  const mqAll = Array.from({ length: 5 }, (_, queueId) => ({ topic: 'TopicTest', brokerName: 'b', queueId }));
  const cidAll = ['c1', 'c2', 'c3', 'c1'];
  const ids = (cid: string): number[] => strategy.allocate('G', cid, mqAll, cidAll).map((mq) => mq.queueId);
  assert.deepEqual([ids('c1'), ids('c2'), ids('c3')], [[1, 2, 3, 4], [], [0]]);
});

test('zero virtual nodes allocate nothing; a negative or fractional count is refused', () => {
  assert.deepEqual(new AllocateConsistentHash({ virtualNodeCount: 0 }).allocate('G', 'CID-0', queues(4), cids), []);
  assert.throws(() => new AllocateConsistentHash({ virtualNodeCount: -1 }), InvalidArgumentError);
  assert.throws(() => new AllocateConsistentHash({ virtualNodeCount: 1.5 }), InvalidArgumentError);
  assert.equal(new AllocateConsistentHash().virtualNodeCount, 10);
});
