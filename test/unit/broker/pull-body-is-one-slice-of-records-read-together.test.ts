// A pull answer's body: records the store read with one call (adjacent slices of one buffer) go
// out as one slice of that buffer, sharing its memory; records from separate reads are copied
// into one buffer, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinRecords } from '../../../src/broker/processors/pull/pull.js';

test('adjacent slices of one read become one slice without a copy', () => {
  const block = Buffer.from('aaaabbbbbbcc');
  const records = [block.subarray(0, 4), block.subarray(4, 10), block.subarray(10, 12)];
  const body = joinRecords(records);
  assert.equal(body.toString(), 'aaaabbbbbbcc');
  block[5] = 0x42;
  assert.equal(body[5], 0x42, 'the body shares the read buffer');
});

test('a slice from the middle of a read keeps its own bounds', () => {
  const block = Buffer.from('xxaaaabbyy');
  assert.equal(joinRecords([block.subarray(2, 6), block.subarray(6, 8)]).toString(), 'aaaabb');
});

test('records of separate reads, or with a gap, are concatenated in order', () => {
  const block = Buffer.from('aaaa--bbbb');
  const gap = joinRecords([block.subarray(0, 4), block.subarray(6, 10)]);
  assert.equal(gap.toString(), 'aaaabbbb');
  block[0] = 0x41;
  assert.equal(gap.toString(), 'aaaabbbb', 'a concatenation is a copy');
  assert.equal(joinRecords([Buffer.from('one'), Buffer.from('two')]).toString(), 'onetwo');
  assert.equal(joinRecords([]).length, 0);
});
