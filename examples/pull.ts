// Reads TopicTest from its first message for five seconds with a lite pull consumer, then commits.
import { createLitePullConsumer } from 'rocketmq-ts';

const puller = createLitePullConsumer({
  nameServer: process.env.NAMESRV_ADDR ?? '127.0.0.1:9876',
  group: 'ExampleAudit',
  consumeFromWhere: 'FIRST_OFFSET',
  autoCommit: false,
});
await puller.start();
puller.assign(await puller.fetchMessageQueues('TopicTest'));
for await (const msg of puller.messages({ signal: AbortSignal.timeout(5000) })) {
  console.log(`${msg.messageQueue.queueId}:${msg.queueOffset}`, msg.body.toString());
}
await puller.commitSync();
await puller.shutdown();
