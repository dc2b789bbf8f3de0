// Prints the TagA messages of TopicTest as they arrive, until Ctrl-C.
import { createPushConsumer } from 'rocketmq-ts';

const consumer = createPushConsumer({
  nameServer: process.env.NAMESRV_ADDR ?? '127.0.0.1:9876',
  group: 'ExampleConsumers',
  consumeFromWhere: 'FIRST_OFFSET',
})
  .subscribe('TopicTest', 'TagA')
  .onMessage((msg) => {
    console.log(msg.msgId, msg.tags, msg.keys.join(' '), msg.body.toString());
    // Return 'RECONSUME_LATER' (or throw) to get the message again later, through %RETRY%ExampleConsumers.
  });
await consumer.start();
process.once('SIGINT', () => void consumer.shutdown());
