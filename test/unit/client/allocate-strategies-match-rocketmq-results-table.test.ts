// Every row of test/fixtures/allocate/rocketmq-results.txt was produced by running Apache
// RocketMQ's own strategy classes; ours must give every client the same queues, in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAllocateStrategy } from '../../../src/client/consumer/allocate/registry.js';
import type { AllocateStrategy } from '../../../src/client/consumer/allocate/strategy.js';
import { readRocketMQTable, sharesOf } from '../../fixtures/allocate/inputs.js';

const strategies: Record<string, AllocateStrategy> = {
  AVG: createAllocateStrategy('AVG'),
  AVG_BY_CIRCLE: createAllocateStrategy('AVG_BY_CIRCLE'),
  CONSISTENT_HASH: createAllocateStrategy('CONSISTENT_HASH'),
  MACHINE_ROOM: createAllocateStrategy({ name: 'MACHINE_ROOM', consumerIdcs: ['room1', 'room3'] }),
};

const rows = readRocketMQTable();

test('the table covers 1..5 consumers x 1..10 queues for AVG and AVG_BY_CIRCLE, and CONSISTENT_HASH and MACHINE_ROOM grids', () => {
  const count = (name: string): number => rows.filter((row) => row.strategy === name).length;
  assert.deepEqual(
    { AVG: count('AVG'), AVG_BY_CIRCLE: count('AVG_BY_CIRCLE'), CONSISTENT_HASH: count('CONSISTENT_HASH'), MACHINE_ROOM: count('MACHINE_ROOM') },
    { AVG: 50, AVG_BY_CIRCLE: 50, CONSISTENT_HASH: 20, MACHINE_ROOM: 24 },
  );
});

for (const name of Object.keys(strategies)) {
  test(`${name} gives every consumer the queues RocketMQ gives it`, () => {
    for (const row of rows.filter((r) => r.strategy === name)) {
      assert.deepEqual(
        sharesOf(strategies[name]!, row.inputs),
        row.expected,
        `line ${row.line}: ${row.strategy} ${row.layout} with ${row.clientCount} clients`,
      );
    }
  });
}
