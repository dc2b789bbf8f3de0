// Sends three messages to TopicTest and prints how each was stored.
import { createProducer } from 'rocketmq-ts';

const producer = createProducer({ nameServer: process.env.NAMESRV_ADDR ?? '127.0.0.1:9876', group: 'ExampleProducers' });
await producer.start();
for (const id of [1, 2, 3]) {
  const result = await producer.send({ topic: 'TopicTest', tags: 'TagA', keys: [`order-${id}`], body: JSON.stringify({ id }) });
  console.log(result.status, result.msgId, `queue ${result.messageQueue.queueId} offset ${result.queueOffset}`);
}
await producer.shutdown();
