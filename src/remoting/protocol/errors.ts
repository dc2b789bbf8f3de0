// Errors of the remoting protocol layer.
//
// ProtocolError: the byte stream cannot be trusted any more (bad length, bad header); the
// connection that produced it must be closed. HeaderFieldError: the frame was fine but one
// custom header field (extFields) is missing or malformed; the request is answered with
// SYSTEM_ERROR and the error text as remark, as RocketMQ's Java server does, and the
// connection stays open.
import { RocketMQError } from '../../common/errors.js';

export type ProtocolErrorReason =
  /** Frame (length prefix included) above the decoder's frameSizeMax. */
  | 'frameTooLarge'
  /** A TLS record where a frame should start: a peer speaking TLS, which we do not. */
  | 'tlsNotSupported'
  /** Length prefix negative or too small to hold the header-length word. */
  | 'badFrameLength'
  /** Header length beyond the frame, or binary header bytes left over. */
  | 'badHeaderLength'
  /** Serialize-type byte other than 0 (JSON) or 1 (ROCKETMQ). */
  | 'badSerializeType'
  /** JSON header that does not parse, or is not an object. */
  | 'badJson'
  /** ROCKETMQ binary header shorter than its own lengths announce. */
  | 'truncatedHeader'
  /** A header field of the wrong type, out of range, or a number that is not exact. */
  | 'badHeaderField'
  /** A command we were asked to encode that the chosen serialization cannot carry. */
  | 'unencodable';

export class ProtocolError extends RocketMQError {
  override readonly name = 'ProtocolError';
  constructor(
    readonly reason: ProtocolErrorReason,
    message: string,
  ) {
    super(`${reason}: ${message}`, { retry: 'never' });
  }
}

/** A custom header field (extFields entry) missing or malformed. */
export class HeaderFieldError extends RocketMQError {
  override readonly name = 'HeaderFieldError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message, { retry: 'never' });
  }

  /** Java's RemotingCommandException text for a missing @CFNotNull field. */
  static missing(field: string): HeaderFieldError {
    return new HeaderFieldError(field, `the custom field <${field}> is null`);
  }
}

/** A body (JSON or binary) that cannot be read as the expected structure. */
export class BodyFormatError extends RocketMQError {
  override readonly name = 'BodyFormatError';
  constructor(message: string) {
    super(message, { retry: 'never' });
  }
}
