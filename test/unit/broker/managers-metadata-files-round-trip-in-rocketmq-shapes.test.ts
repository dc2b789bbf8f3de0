import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../src/common/logger.js';
import { resolveBrokerConfig } from '../../../src/broker/broker-config.js';
import { ConfigFile, MetadataFileError } from '../../../src/broker/managers/config-file.js';
import { ConsumerOffsetManager } from '../../../src/broker/managers/consumer-offset-manager.js';
import { SubscriptionGroupManager } from '../../../src/broker/managers/subscription-group-manager.js';
import { TopicConfigManager } from '../../../src/broker/managers/topic-config-manager.js';

const logger = createLogger('test');
const config = resolveBrokerConfig({ brokerClusterName: 'C1', brokerName: 'b1' });

async function inTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-broker-meta-'));
  try {
    await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('topics.json: TopicConfigSerializeWrapper with dataVersion, reloaded as written', () =>
  inTempDir(async (dir) => {
    const path = join(dir, 'config', 'topics.json');
    const first = new TopicConfigManager({ config, logger, file: new ConfigFile(path), now: () => 1_700_000_000_000 });
    first.createTopicInSendMessageMethod('NewTopic', 'TBW102', 4);
    await first.persist();
    const json = JSON.parse(readFileSync(path, 'utf8')) as {
      dataVersion: unknown;
      topicConfigTable: Record<string, unknown>;
    };
    assert.deepEqual(json.dataVersion, { counter: 1, timestamp: 1_700_000_000_000 });
    assert.deepEqual(json.topicConfigTable.NewTopic, {
      order: false,
      perm: 6,
      readQueueNums: 4,
      topicFilterType: 'SINGLE_TAG',
      topicName: 'NewTopic',
      topicSysFlag: 0,
      writeQueueNums: 4,
    });
    assert.ok(json.topicConfigTable.TBW102 && json.topicConfigTable.SCHEDULE_TOPIC_XXXX);

    const second = new TopicConfigManager({ config, logger, file: new ConfigFile(path) });
    second.load();
    assert.deepEqual(second.select('NewTopic'), first.select('NewTopic'));
    assert.deepEqual(second.dataVersion, first.dataVersion);
  }));

test('a topics.json written by RocketMQ (pretty fastjson) loads and overrides built-ins', () =>
  inTempDir(async (dir) => {
    const path = join(dir, 'topics.json');
    writeFileSync(
      path,
      `{\n\t"dataVersion":{\n\t\t"counter":7,\n\t\t"timestamp":1690000000000\n\t},\n\t"topicConfigTable":{\n` +
        `\t\t"TopicTest":{\n\t\t\t"order":false,\n\t\t\t"perm":6,\n\t\t\t"readQueueNums":4,\n\t\t\t"topicFilterType":"SINGLE_TAG",\n\t\t\t"topicName":"TopicTest",\n\t\t\t"topicSysFlag":0,\n\t\t\t"writeQueueNums":4\n\t\t},\n` +
        `\t\t"TBW102":{\n\t\t\t"order":false,\n\t\t\t"perm":7,\n\t\t\t"readQueueNums":2,\n\t\t\t"topicFilterType":"SINGLE_TAG",\n\t\t\t"topicName":"TBW102",\n\t\t\t"topicSysFlag":0,\n\t\t\t"writeQueueNums":2\n\t\t}\n\t}\n}`,
    );
    const m = new TopicConfigManager({ config, logger, file: new ConfigFile(path) });
    m.load();
    assert.equal(m.select('TopicTest')?.writeQueueNums, 4);
    assert.equal(m.select('TBW102')?.writeQueueNums, 2);
    assert.deepEqual(m.dataVersion, { counter: 7, timestamp: 1690000000000 });
    assert.equal(m.select('SELF_TEST_TOPIC')?.perm, 6, 'built-ins not in the file stay');
  }));

test('consumerOffset.json: {"offsetTable":{"topic@group":{queueId:offset}}} with unquoted int keys', () =>
  inTempDir(async (dir) => {
    const path = join(dir, 'consumerOffset.json');
    const first = new ConsumerOffsetManager({ logger, file: new ConfigFile(path) });
    first.commitOffset('G1', 'TopicTest', 1, 7);
    first.commitOffset('G1', 'TopicTest', 0, 12);
    first.commitOffset('G2', '%RETRY%G2', 0, 3);
    await first.persist();
    assert.equal(readFileSync(path, 'utf8'), '{"offsetTable":{"%RETRY%G2@G2":{0:3},"TopicTest@G1":{0:12,1:7}}}');

    const second = new ConsumerOffsetManager({ logger, file: new ConfigFile(path) });
    second.load();
    assert.equal(second.queryOffset('G1', 'TopicTest', 0), 12);
    assert.equal(second.queryOffset('G1', 'TopicTest', 1), 7);
    assert.equal(second.queryOffset('G1', 'TopicTest', 2), -1);
    assert.equal(second.queryOffset('G2', '%RETRY%G2', 0), 3);
    assert.deepEqual([...second.topicsOfGroup('G1')], ['TopicTest']);
    assert.deepEqual([...second.groupsOfTopic('TopicTest')], ['G1']);
    assert.deepEqual([...second.queryOffsets('G1', 'TopicTest')].sort(), [[0, 12], [1, 7]]);
  }));

test('subscriptionGroup.json: SubscriptionGroupWrapper with RocketMQ defaults', () =>
  inTempDir(async (dir) => {
    const path = join(dir, 'subscriptionGroup.json');
    const first = new SubscriptionGroupManager({ autoCreateSubscriptionGroup: true, logger, file: new ConfigFile(path), now: () => 5 });
    first.findSubscriptionGroupConfig('G1');
    await first.persist();
    const json = JSON.parse(readFileSync(path, 'utf8')) as { dataVersion: unknown; subscriptionGroupTable: Record<string, unknown> };
    assert.deepEqual(json.dataVersion, { counter: 1, timestamp: 5 });
    assert.deepEqual(json.subscriptionGroupTable.G1, {
      brokerId: 0,
      consumeBroadcastEnable: true,
      consumeEnable: true,
      consumeFromMinEnable: true,
      groupName: 'G1',
      notifyConsumerIdsChangedEnable: true,
      retryMaxTimes: 16,
      retryQueueNums: 1,
      whichBrokerWhenConsumeSlowly: 1,
    });
    const second = new SubscriptionGroupManager({ autoCreateSubscriptionGroup: false, logger, file: new ConfigFile(path) });
    second.load();
    assert.equal(second.findSubscriptionGroupConfig('G1')?.retryMaxTimes, 16);
    assert.deepEqual(second.dataVersion, { counter: 1, timestamp: 5 });
  }));

test('a broken file falls back to its .bak; both broken refuses to load', () =>
  inTempDir(async (dir) => {
    const path = join(dir, 'consumerOffset.json');
    const m = new ConsumerOffsetManager({ logger, file: new ConfigFile(path) });
    m.commitOffset('G', 'T', 0, 1);
    await m.persist();
    m.commitOffset('G', 'T', 0, 2);
    await m.persist();
    assert.equal(readFileSync(`${path}.bak`, 'utf8'), '{"offsetTable":{"T@G":{0:1}}}');
    assert.equal(existsSync(`${path}.tmp`), false);

    writeFileSync(path, '{"offsetTable":{"T@G":{0:');
    const fromBackup = new ConsumerOffsetManager({ logger, file: new ConfigFile(path) });
    fromBackup.load();
    assert.equal(fromBackup.queryOffset('G', 'T', 0), 1);
    assert.equal(readFileSync(path, 'utf8'), '{"offsetTable":{"T@G":{0:1}}}', 'the good version is put back');

    writeFileSync(path, 'garbage');
    writeFileSync(`${path}.bak`, 'garbage');
    assert.throws(() => new ConsumerOffsetManager({ logger, file: new ConfigFile(path) }).load(), MetadataFileError);
  }));

test('writes requested while one runs coalesce into the newest text', () =>
  inTempDir(async (dir) => {
    const file = new ConfigFile(join(dir, 'x.json'));
    await Promise.all([file.write('{"n":1}'), file.write('{"n":2}'), file.write('{"n":3}')]);
    assert.equal(readFileSync(join(dir, 'x.json'), 'utf8'), '{"n":3}');
    assert.equal(file.load((t) => JSON.parse(t) as unknown)?.fromBackup, false);
  }));
