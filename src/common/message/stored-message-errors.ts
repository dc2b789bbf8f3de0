import { RocketMQError } from '../errors.js';

/** A message the store refuses (the broker answers MESSAGE_ILLEGAL). */
export class MessageIllegalError extends RocketMQError {
  override readonly name: string = 'MessageIllegalError';
  constructor(
    message: string,
    /** The field at fault: body, topic, properties or the whole record. */
    readonly field: 'body' | 'topic' | 'properties' | 'record',
  ) {
    super(message, { retry: 'never' });
  }
}

/** A body or record over the store's size limit (MESSAGE_ILLEGAL). */
export class MessageTooLargeError extends MessageIllegalError {
  override readonly name = 'MessageTooLargeError';
  constructor(
    message: string,
    field: 'body' | 'record',
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super(message, field);
  }
}

/** Bytes that are not a well-formed stored message record. */
export class StoredMessageFormatError extends RocketMQError {
  override readonly name = 'StoredMessageFormatError';
  constructor(
    message: string,
    /** Offset of the record in the decoded buffer. */
    readonly at: number,
  ) {
    super(message, { retry: 'never' });
  }
}
