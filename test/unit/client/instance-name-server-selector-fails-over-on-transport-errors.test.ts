import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NameServerSelector, type NameServerSwitch } from '../../../src/client/instance/name-server-selector.js';
import { TopicNotExistError } from '../../../src/client/errors/index.js';
import { RemotingConnectError, RemotingTimeoutError } from '../../../src/remoting/net/errors.js';

test('a transport failure moves to the next NameServer, which then stays current', async () => {
  const switches: NameServerSwitch[] = [];
  const selector = new NameServerSelector(['n1:1', 'n2:1', 'n3:1'], () => 0, (s) => switches.push(s));
  assert.equal(selector.current, 'n1:1');
  const calls: string[] = [];
  const answer = await selector.invoke(async (addr) => {
    calls.push(addr);
    if (addr === 'n1:1') throw new RemotingConnectError(addr, 105);
    if (addr === 'n2:1') throw new RemotingTimeoutError(addr, 105, 3000);
    return `answer from ${addr}`;
  });
  assert.equal(answer, 'answer from n3:1');
  assert.deepEqual(calls, ['n1:1', 'n2:1', 'n3:1']);
  assert.equal(selector.current, 'n3:1');
  assert.deepEqual(switches.map((s) => `${s.from}->${s.to}`), ['n1:1->n2:1', 'n2:1->n3:1']);
  assert.equal(await selector.invoke(async (addr) => addr), 'n3:1');
});

test("a NameServer's own answer is final; all NameServers down rejects with the last failure", async () => {
  const selector = new NameServerSelector(['n1:1', 'n2:1'], () => 0.99);
  assert.equal(selector.current, 'n2:1', 'the start is random');
  const notExist = new TopicNotExistError({ brokerAddr: 'n2:1', requestCode: 105, responseCode: 17, remark: 'no route' }, 'refreshRoute');
  let calls = 0;
  await assert.rejects(
    selector.invoke(async () => {
      calls++;
      throw notExist;
    }),
    (e) => e === notExist,
  );
  assert.equal(calls, 1);
  const last = new RemotingConnectError('n1:1', 105);
  await assert.rejects(
    selector.invoke(async (addr) => {
      throw addr === 'n1:1' ? last : new RemotingConnectError(addr, 105);
    }),
    (e) => e === last,
  );
});
