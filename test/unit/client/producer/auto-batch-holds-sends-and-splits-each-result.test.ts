// The accumulator alone, its batch sender a recording function the test answers: when held
// sends go out (end of turn, maxDelayMs, maxBytes, release, flush), which go alone, how one
// batch answer becomes each send's own result, and when a batch's body is reused.
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { UniqueIdGenerator } from '../../../../src/common/message/message-id.js';
import type { BatchSendResult, Message, SendResult } from '../../../../src/client/api.js';
import { AutoBatcher, type AutoBatchSettings, type OutgoingBatchBody } from '../../../../src/client/producer/auto-batch.js';
import { batchEntryBytes, batchEntryOf, splitBatch } from '../../../../src/client/producer/batch-encoding.js';
import { encodeMessage, type EncodedMessage } from '../../../../src/client/producer/message-encoding.js';

const ids = new UniqueIdGenerator('10.0.0.1');
const encoding = { compressBodyOverBytes: 1 << 20, compressLevel: 5, messageSizeMaxBytes: 4 << 20 };
const encoded = (m: Partial<Message> = {}): EncodedMessage => encodeMessage({ topic: 'T', body: 'x', ...m }, ids, encoding, true);
const entryBytes = (m: EncodedMessage): number => batchEntryBytes(batchEntryOf(m));

interface SentBatch {
  topic: string;
  waitStoreMsgOk: boolean;
  body: Buffer;
  /** What the batcher sees of the requests made; the recorder counts one. */
  outgoing: OutgoingBatchBody;
  msgIds: string[];
  answer(result: Partial<BatchSendResult>): void;
  fail(error: Error): void;
}

function recordingBatcher(settings: Partial<AutoBatchSettings> = {}): { batcher: AutoBatcher; sent: SentBatch[] } {
  const sent: SentBatch[] = [];
  const batcher = new AutoBatcher({ maxDelayMs: 0, maxBytes: 32 * 1024, totalMaxBytes: 32 << 20, ...settings }, (topic, waitStoreMsgOk, body, msgIds) => {
    let resolve!: (result: BatchSendResult) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<BatchSendResult>((ok, fail) => {
      resolve = ok;
      reject = fail;
    });
    body.requests++;
    sent.push({
      topic,
      waitStoreMsgOk,
      body: body.bytes,
      outgoing: body,
      msgIds,
      answer: (result) =>
        resolve({
          status: 'SEND_OK',
          msgIds,
          offsetMsgIds: msgIds.map((_, i) => `OFFSET${i}`),
          messageQueue: { topic, brokerName: 'b', queueId: 0 },
          queueOffset: 100,
          ...result,
        }),
      fail: reject,
    });
    return promise;
  });
  return { batcher, sent };
}

test('sends of one turn go at the end of the turn as one body per topic and WAIT flag, in call order', async () => {
  const { batcher, sent } = recordingBatcher();
  const messages = [encoded({ body: 'a' }), encoded({ topic: 'U', body: 'u' }), encoded({ body: 'b', waitStoreMsgOk: false }), encoded({ body: 'c' })];
  const results = messages.map((m) => batcher.tryHold(m));
  assert.ok(results.every((r) => r !== undefined));
  assert.equal(sent.length, 0, 'held during the turn');
  await nextTurn();
  assert.deepEqual(
    sent.map((s) => [s.topic, s.waitStoreMsgOk, s.msgIds]),
    [
      ['T', true, [messages[0]!.msgId, messages[3]!.msgId]],
      ['U', true, [messages[1]!.msgId]],
      ['T', false, [messages[2]!.msgId]],
    ],
    'batches in the order they were started',
  );
  assert.deepEqual(sent[0]!.body, splitBatch([messages[0]!, messages[3]!], 1 << 20)[0]!.body, 'the body sendBatch would send');
});

test('each send gets its own msgId, offsetMsgId and queue offset; a broker answering one id gives it to all', async () => {
  const { batcher, sent } = recordingBatcher();
  const messages = [encoded(), encoded(), encoded()];
  const pending = messages.map((m) => batcher.tryHold(m)!);
  await nextTurn();
  sent[0]!.answer({ regionId: 'R', traceOn: true });
  const results = await Promise.all(pending);
  assert.deepEqual(
    results,
    messages.map(
      (m, i): SendResult => ({
        status: 'SEND_OK',
        msgId: m.msgId,
        offsetMsgId: `OFFSET${i}`,
        messageQueue: { topic: 'T', brokerName: 'b', queueId: 0 },
        queueOffset: 100 + i,
        regionId: 'R',
        traceOn: true,
      }),
    ),
  );

  const again = [batcher.tryHold(encoded())!, batcher.tryHold(encoded())!];
  await nextTurn();
  sent[1]!.answer({ offsetMsgIds: ['ONE'], status: 'FLUSH_DISK_TIMEOUT' });
  const second = await Promise.all(again);
  assert.deepEqual(second.map((r) => [r.offsetMsgId, r.status]), [['ONE', 'FLUSH_DISK_TIMEOUT'], ['ONE', 'FLUSH_DISK_TIMEOUT']]);
});

test('a failed batch rejects every send in it with its error', async () => {
  const { batcher, sent } = recordingBatcher();
  const pending = [batcher.tryHold(encoded())!, batcher.tryHold(encoded())!];
  await nextTurn();
  const error = new Error('topic not exist');
  sent[0]!.fail(error);
  for (const outcome of await Promise.allSettled(pending)) assert.deepEqual(outcome, { status: 'rejected', reason: error });
});

test('a batch goes at once when it reaches maxBytes; an entry over maxBytes goes alone', async () => {
  const one = encoded({ body: Buffer.alloc(100) });
  const { batcher, sent } = recordingBatcher({ maxBytes: entryBytes(one) * 3 });
  void batcher.tryHold(encoded({ body: Buffer.alloc(100) }));
  void batcher.tryHold(encoded({ body: Buffer.alloc(100) }));
  assert.equal(sent.length, 0);
  void batcher.tryHold(encoded({ body: Buffer.alloc(100) }));
  assert.equal(sent.length, 1, 'sent in the same turn');
  assert.equal(sent[0]!.msgIds.length, 3);
  assert.equal(batcher.tryHold(encoded({ body: Buffer.alloc(2 * entryBytes(one) + 101) })), undefined, 'one byte over maxBytes');
  void batcher.tryHold(encoded({ body: Buffer.alloc(100) }));
  await nextTurn();
  assert.deepEqual(sent.map((s) => s.msgIds.length), [3, 1]);
});

test('maxDelayMs holds a batch for that long, across turns', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { batcher, sent } = recordingBatcher({ maxDelayMs: 10 });
  void batcher.tryHold(encoded());
  await nextTurn();
  void batcher.tryHold(encoded());
  t.mock.timers.tick(9);
  assert.equal(sent.length, 0, 'still held after 9 ms');
  t.mock.timers.tick(1);
  assert.deepEqual(sent.map((s) => s.msgIds.length), [2]);
  mock.timers.reset();
});

test('past totalMaxBytes held or unanswered, sends go alone until batches are answered', async () => {
  const m = encoded();
  const { batcher, sent } = recordingBatcher({ totalMaxBytes: entryBytes(m) * 2 });
  void batcher.tryHold(m);
  void batcher.tryHold(encoded());
  assert.equal(batcher.tryHold(encoded()), undefined, 'two entries held');
  await nextTurn();
  assert.equal(batcher.tryHold(encoded()), undefined, 'two entries sent, not answered');
  sent[0]!.answer({});
  await nextTurn();
  assert.notEqual(batcher.tryHold(encoded()), undefined, 'answered: room again');
});

test('release sends what is held for one topic, both WAIT flags, and leaves other topics held', () => {
  const { batcher, sent } = recordingBatcher();
  void batcher.tryHold(encoded());
  void batcher.tryHold(encoded({ waitStoreMsgOk: false }));
  void batcher.tryHold(encoded({ topic: 'U' }));
  batcher.release('T');
  assert.deepEqual(sent.map((s) => [s.topic, s.waitStoreMsgOk]), [['T', true], ['T', false]]);
  batcher.release('V');
  assert.equal(sent.length, 2);
});

test('flush sends everything held and resolves when every batch is answered', async () => {
  const { batcher, sent } = recordingBatcher({ maxDelayMs: 30_000 });
  const pending = [batcher.tryHold(encoded())!, batcher.tryHold(encoded({ topic: 'U' }))!];
  let flushed = false;
  const flushing = batcher.flush().then(() => (flushed = true));
  assert.equal(sent.length, 2, 'sent at once, not after maxDelayMs');
  sent[0]!.answer({});
  await pending[0];
  assert.equal(flushed, false, 'one batch still unanswered');
  sent[1]!.answer({});
  await flushing;
  assert.equal((await pending[1]!).messageQueue.topic, 'U');
});

test('a body answered after its only request is reused by a later batch; a retried or failed one is not', async () => {
  const { batcher, sent } = recordingBatcher();
  const first = batcher.tryHold(encoded({ body: 'first' }))!;
  await nextTurn();
  sent[0]!.answer({});
  await first;
  const messages = [encoded({ body: 'second' }), encoded({ body: 'and third' })];
  const second = messages.map((m) => batcher.tryHold(m)!);
  await nextTurn();
  assert.equal(sent[1]!.body.buffer, sent[0]!.body.buffer, 'the first body came back and carries the second batch');
  assert.deepEqual(sent[1]!.body, splitBatch(messages, 1 << 20)[0]!.body, 'written afresh, exactly its own length');

  sent[1]!.outgoing.requests++;
  sent[1]!.answer({});
  await Promise.all(second);
  const third = batcher.tryHold(encoded())!;
  await nextTurn();
  assert.notEqual(sent[2]!.body.buffer, sent[1]!.body.buffer, 'a retried body may still be queued on a connection');

  sent[2]!.fail(new Error('timed out'));
  await assert.rejects(third);
  void batcher.tryHold(encoded());
  await nextTurn();
  assert.notEqual(sent[3]!.body.buffer, sent[2]!.body.buffer, 'a failed body may still be queued on a connection');
});
