// Public client API of rocketmq-ts.
export { RocketMQError, InvalidArgumentError, ConfigError, type RetryClass } from './common/errors.js';
export { ResponseCode, responseCodeName } from './common/response-code.js';
