// rocketmq-ts adapter for the shared peer harness (../shared/bench), run with
// EXTRA_DIR=<repo>/bench/peers. Uses this repository's BUILT client SDK (<repo>/build/src/index.js;
// run `npm run build` first) against the NameServer and brokers of servers/rocketmq-ts.sh.
//   produce    Producer.send: resolves on the broker's SEND_OK, i.e. after the put is in the
//              commit log (ASYNC_FLUSH: page cache; SYNC_FLUSH: after the group-commit fdatasync).
//              With autobatch=1 (the default) the producer's autoBatch is on (RocketMQ 5's
//              setAutoBatch): sends issued in one event-loop turn travel as one SEND_BATCH_MESSAGE
//              of at most 32 KiB, each send still resolved with its own message's result; the
//              counterpart of ioredis' enableAutoPipelining in the redis adapter.
//   consume    a lite pull consumer with a fresh group per subscription, assigned every queue of
//              the topic, FIRST_OFFSET, pulls of up to `pull` messages (the broker caps each at its
//              maxTransferCountOnMessageInMemory / maxTransferBytesOnMessageInMemory; the consumer
//              keeps a second pull in flight while the queue holds more), poll() handing each
//              batch to onMessage in queue order.
//   topics     created on the chosen cluster's broker with `queues` read/write queues (default 1:
//              RocketMQ orders per queue, so one queue keeps the harness's sequence check
//              meaningful; with more, sends spread round robin and the out-of-order count shows
//              the interleaving of queues).
// Options: flush=async|sync (cluster BenchAsync or BenchSync), autobatch=1|0 (1), queues (1), pull (messages asked
// per pull, 1024; the peers' adapters read 1000 per call), namesrv (default $RMQ_TS_NAMESRV_ADDR or
// 127.0.0.1:19876). SDK logs at warn and up on stderr (RMQ_LOG_LEVEL overrides). RMQ_TS_BUILD names
// another build folder (default build).
/* global AbortController */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';

const repoUrl = new URL('../../../', import.meta.url);
// RMQ_TS_BUILD: another build folder of the repository (absolute, or relative to the repository).
const buildUrl = new URL(`${process.env.RMQ_TS_BUILD ?? 'build'}/`, repoUrl);
const { createAdmin, createLitePullConsumer, createProducer } = await import(new URL('src/index.js', buildUrl).href);

const clusterOf = { async: 'BenchAsync', sync: 'BenchSync' };
const readyTimeoutMs = 30_000;
const readyPollMs = 50;
const pollTimeoutMs = 100;

async function until(what, check) {
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`rocketmq-ts: ${what} within ${readyTimeoutMs} ms`);
    await sleep(readyPollMs);
  }
}

function describeDurability(config, queues, pullBatchSize, autoBatch) {
  const flush = config.get('flushDiskType');
  const layout = `${queues} queue${queues === 1 ? '' : 's'} per topic; producer autoBatch ${autoBatch ? 'on (sends of one turn share a batch request)' : 'off'}`;
  const consume = `consume: lite pull of ${pullBatchSize}, broker caps ${config.get('maxTransferCountOnMessageInMemory')} msgs / ${config.get('maxTransferBytesOnMessageInMemory')} bytes per pull`;
  if (flush === 'SYNC_FLUSH') {
    return `SYNC_FLUSH: ack after the commit log fdatasync (group commit: puts arriving during one fdatasync share the next); ${layout}; ${consume}`;
  }
  return `ASYNC_FLUSH: ack after the write to the page cache, commit log fdatasync every ${config.get('flushIntervalCommitLog')} ms; ${layout}; ${consume}`;
}

export async function connect(opts = {}) {
  const flush = opts.flush ?? 'async';
  const clusterName = clusterOf[flush];
  if (clusterName === undefined) throw new Error(`rocketmq-ts: flush=${flush}: expected async or sync`);
  const queues = Number(opts.queues ?? 1);
  const pullBatchSize = Number(opts.pull ?? 1024);
  const autoBatch = (opts.autobatch ?? '1') !== '0';
  const nameServer = opts.namesrv ?? process.env.RMQ_TS_NAMESRV_ADDR ?? '127.0.0.1:19876';
  const logger = pino({ name: 'rocketmq-ts-adapter', level: process.env.RMQ_LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const clientIp = '127.0.0.1';

  const admin = createAdmin({ nameServer, clientIp, logger });
  await admin.start();
  const brokerAddr = await until(`no broker of cluster ${clusterName} registered at ${nameServer}`, async () => {
    const info = await admin.clusterInfo();
    const brokerName = info.clusterAddrTable.get(clusterName)?.[0];
    return brokerName === undefined ? undefined : info.brokerAddrTable.get(brokerName)?.brokerAddrs.get(0);
  });
  const config = await admin.brokerConfig(brokerAddr);
  const producer = createProducer({ nameServer, clientIp, logger, group: `bench_producer_${flush}_${process.pid}`, autoBatch });
  await producer.start();
  const version = JSON.parse(readFileSync(new URL('package.json', repoUrl), 'utf8')).version;
  const consumers = new Set();
  let subscriptions = 0;

  return {
    version: `rocketmq-ts ${version} (Node ${process.versions.node})`,
    durability: describeDurability(config, queues, pullBatchSize, autoBatch),
    async createTopic(topic) {
      await this.deleteTopic(topic);
      await admin.createTopic(topic, { clusterName }, { readQueueNums: queues, writeQueueNums: queues });
      // Sends need the route; the broker registers the new topic with the NameServer by itself.
      await until(`topic ${topic} not routed`, async () => {
        const route = await admin.topicRoute(topic);
        return route.queueDatas.some((q) => q.writeQueueNums === queues) ? route : undefined;
      });
    },
    async deleteTopic(topic) {
      const routed = await admin.topicRoute(topic).then(() => true, () => false);
      if (routed) await admin.deleteTopic(topic, clusterName);
    },
    send(topic, body) {
      return producer.send({ topic, body });
    },
    async subscribe(topic, onMessage) {
      const consumer = createLitePullConsumer({
        nameServer,
        clientIp,
        logger,
        group: `bench_consumer_${flush}_${process.pid}_${++subscriptions}`,
        consumeFromWhere: 'FIRST_OFFSET',
        autoCommit: false,
        pullBatchSize,
      });
      consumers.add(consumer);
      await consumer.start();
      consumer.assign(await consumer.fetchMessageQueues(topic));
      const stopping = new AbortController();
      const loop = (async () => {
        while (!stopping.signal.aborted) {
          const messages = await consumer.poll(pollTimeoutMs, { signal: stopping.signal });
          for (const m of messages) onMessage(m.body);
        }
      })();
      return {
        async stop() {
          stopping.abort();
          await loop;
          consumers.delete(consumer);
          await consumer.shutdown();
        },
      };
    },
    async close() {
      for (const consumer of consumers) await consumer.shutdown();
      await producer.shutdown();
      await admin.shutdown();
    },
  };
}
