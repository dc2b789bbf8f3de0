// Public client API of rocketmq-ts.
export { RocketMQError, InvalidArgumentError, ConfigError, type RetryClass } from './common/errors.js';
export { ResponseCode, responseCodeName } from './common/response-code.js';
export type * from './client/api.js';
export { ProducerClient, createProducer } from './client/producer/producer.js';
export { AdminClient, createAdmin } from './client/admin/admin-client.js';
export * from './client/errors/index.js';
export { retry, backoffDelayMs, backoffPolicyDefault, type RetryOptions, type RetryClock } from './client/retry.js';
export {
  RemotingConnectError,
  RemotingConnectionClosedError,
  RemotingSendError,
  RemotingTimeoutError,
} from './remoting/net/errors.js';
export type * from './client/consumer/consumer-api.js';
export { PushConsumerClient, createPushConsumer } from './client/consumer/push/push-consumer.js';
export { LitePullConsumerClient, createLitePullConsumer } from './client/consumer/lite/lite-pull-consumer.js';
