import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, InvalidArgumentError } from '../../../src/common/errors.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { clientInstanceOf } from '../../../src/client/instance/instance-registry.js';
import { ClientStateError, TopicNotExistError } from '../../../src/client/errors/index.js';
import { freshTopic, startNameServer } from '../namesrv/namesrv-fixtures.js';

test('clients with one client id share an instance; the last shutdown closes it', async () => {
  await using ns = await startNameServer();
  const nameServer = ns.address;
  const p1 = createProducer({ nameServer, group: freshTopic('G') });
  const p2 = createProducer({ nameServer, group: freshTopic('G') });
  const other = createProducer({ nameServer, group: freshTopic('G'), instanceName: freshTopic('I') });
  await p1.start();
  await p2.start();
  await other.start();
  try {
    assert.equal(p1.clientId, p2.clientId);
    assert.notEqual(p1.clientId, other.clientId);
    const shared = clientInstanceOf(p1.clientId);
    assert.ok(shared !== undefined);

    const sameGroup = createProducer({ nameServer, group: p1.group });
    await assert.rejects(sameGroup.start(), InvalidArgumentError, 'one group per instance');
    const otherNameServers = createProducer({ nameServer: '127.0.0.1:1', group: freshTopic('G'), instanceName: other.clientId.split('@')[1] });
    await assert.rejects(otherNameServers.start(), ConfigError, 'an instance name is bound to its NameServers');

    await p1.shutdown();
    assert.equal(clientInstanceOf(p2.clientId), shared, 'still in use by p2');
    await p2.shutdown();
    assert.equal(clientInstanceOf(p2.clientId), undefined);
    assert.equal(shared.isClosed, true);
    await assert.rejects(p2.send({ topic: 'T', body: 'x' }), ClientStateError);

    const p3 = createProducer({ nameServer, group: freshTopic('G') });
    await p3.start();
    assert.notEqual(clientInstanceOf(p3.clientId), shared, 'a fresh instance after the last release');
    await p3.shutdown();
  } finally {
    await p1.shutdown();
    await p2.shutdown();
    await other.shutdown();
  }
});

test('a send to a topic no NameServer knows, with no template topic either, fails with TopicNotExistError', async () => {
  await using ns = await startNameServer();
  await using producer = createProducer({ nameServer: ns.address, group: freshTopic('G'), instanceName: freshTopic('I') });
  await producer.start();
  const topic = freshTopic();
  await assert.rejects(producer.send({ topic, body: 'x' }), (e: unknown) => {
    assert.ok(e instanceof TopicNotExistError);
    assert.equal(e.brokerAddr, ns.address);
    assert.match(e.remark ?? '', new RegExp(topic));
    return true;
  });
  await assert.rejects(producer.send({ topic: 'bad topic', body: 'x' }), InvalidArgumentError);
});
