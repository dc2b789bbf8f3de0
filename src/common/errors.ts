// One error class per kind of failure, with structured fields. Response codes map to
// errors (and to what a caller may do about them) by the table in response-errors.ts.

/** What a caller may do after a failure. */
export type RetryClass = 'never' | 'backoff' | 'refreshRoute' | 'switchBroker';

export class RocketMQError extends Error {
  override readonly name: string = 'RocketMQError';
  readonly retry: RetryClass;
  constructor(message: string, options: { retry?: RetryClass; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retry = options.retry ?? 'never';
  }
}

/** Bad input from a caller or a peer; never retried. */
export class InvalidArgumentError extends RocketMQError {
  override readonly name = 'InvalidArgumentError';
  constructor(message: string) {
    super(message, { retry: 'never' });
  }
}

/** A configuration key or value that cannot be used. */
export class ConfigError extends RocketMQError {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly key?: string,
  ) {
    super(message, { retry: 'never' });
  }
}
