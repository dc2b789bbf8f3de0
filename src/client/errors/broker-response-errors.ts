// One error class per failure a server reports with a response code (codes.md §4). Each carries
// the server that answered (`brokerAddr`: a broker or a NameServer), the request and response
// codes and the server's remark. Which class and which retry class a code gets is decided by
// the table in response-error-table.ts, not here.
import { RocketMQError, type RetryClass } from '../../common/errors.js';
import { responseCodeName } from '../../common/response-code.js';
import { requestCodeName } from '../../remoting/protocol/request-code.js';

/** Where a failed response came from and what it said. */
export interface ResponseErrorDetails {
  /** "host:port" of the server that answered. */
  readonly brokerAddr: string;
  readonly requestCode: number;
  readonly responseCode: number;
  readonly remark: string | undefined;
}

/** A server refused a request. Also the class of codes without a class of their own. */
export class BrokerResponseError extends RocketMQError implements ResponseErrorDetails {
  override readonly name: string = 'BrokerResponseError';
  readonly brokerAddr: string;
  readonly requestCode: number;
  readonly responseCode: number;
  readonly remark: string | undefined;

  constructor(details: ResponseErrorDetails, retry: RetryClass) {
    const remark = details.remark ? `: ${details.remark}` : '';
    super(
      `${requestCodeName(details.requestCode)} to ${details.brokerAddr} failed with ` +
        `${responseCodeName(details.responseCode)} (${details.responseCode})${remark}`,
      { retry },
    );
    this.brokerAddr = details.brokerAddr;
    this.requestCode = details.requestCode;
    this.responseCode = details.responseCode;
    this.remark = details.remark;
  }
}

/** 1 SYSTEM_ERROR: the server failed; the remark says why. */
export class SystemError extends BrokerResponseError {
  override readonly name = 'SystemError';
}

/** 2 SYSTEM_BUSY: flow control or overload ([REJECTREQUEST], [PCBUSY_CLEAN_QUEUE], ...). */
export class SystemBusyError extends BrokerResponseError {
  override readonly name = 'SystemBusyError';
}

/** 3 REQUEST_CODE_NOT_SUPPORTED: the server does not know this request. */
export class RequestCodeNotSupportedError extends BrokerResponseError {
  override readonly name = 'RequestCodeNotSupportedError';
}

/** 4 TRANSACTION_FAILED. */
export class TransactionFailedError extends BrokerResponseError {
  override readonly name = 'TransactionFailedError';
}

/** 10 FLUSH_DISK_TIMEOUT where it is a failure (for a send it is a stored status). */
export class FlushDiskTimeoutError extends BrokerResponseError {
  override readonly name = 'FlushDiskTimeoutError';
}

/** 11 SLAVE_NOT_AVAILABLE where it is a failure (e.g. END_TRANSACTION sent to a slave). */
export class SlaveNotAvailableError extends BrokerResponseError {
  override readonly name = 'SlaveNotAvailableError';
}

/** 12 FLUSH_SLAVE_TIMEOUT where it is a failure. */
export class FlushSlaveTimeoutError extends BrokerResponseError {
  override readonly name = 'FlushSlaveTimeoutError';
}

/** 13 MESSAGE_ILLEGAL: topic, properties or body over the broker's limits. */
export class MessageIllegalError extends BrokerResponseError {
  override readonly name = 'MessageIllegalError';
}

/** 14 SERVICE_NOT_AVAILABLE: the store is not writable (disk full, slave, shutting down). */
export class ServiceNotAvailableError extends BrokerResponseError {
  override readonly name = 'ServiceNotAvailableError';
}

/** 15 VERSION_NOT_SUPPORTED. */
export class VersionNotSupportedError extends BrokerResponseError {
  override readonly name = 'VersionNotSupportedError';
}

/** 16 NO_PERMISSION: broker or topic permission forbids the request. */
export class NoPermissionError extends BrokerResponseError {
  override readonly name = 'NoPermissionError';
}

/** 17 TOPIC_NOT_EXIST: from a NameServer (no route) or a broker (topic unknown, no auto-creation). */
export class TopicNotExistError extends BrokerResponseError {
  override readonly name = 'TopicNotExistError';
}

/** 18 TOPIC_EXIST_ALREADY. */
export class TopicExistAlreadyError extends BrokerResponseError {
  override readonly name = 'TopicExistAlreadyError';
}

/** 22 QUERY_NOT_FOUND: an offset or message query found nothing. */
export class QueryNotFoundError extends BrokerResponseError {
  override readonly name = 'QueryNotFoundError';
}

/** 23 SUBSCRIPTION_PARSE_FAILED. */
export class SubscriptionParseFailedError extends BrokerResponseError {
  override readonly name = 'SubscriptionParseFailedError';
}

/** 24 SUBSCRIPTION_NOT_EXIST: the broker has not seen this group's subscription yet. */
export class SubscriptionNotExistError extends BrokerResponseError {
  override readonly name = 'SubscriptionNotExistError';
}

/** 25 SUBSCRIPTION_NOT_LATEST: the broker holds an older subscription version. */
export class SubscriptionNotLatestError extends BrokerResponseError {
  override readonly name = 'SubscriptionNotLatestError';
}

/** 26 SUBSCRIPTION_GROUP_NOT_EXIST: group unknown and auto-creation disabled. */
export class SubscriptionGroupNotExistError extends BrokerResponseError {
  override readonly name = 'SubscriptionGroupNotExistError';
}

/** 27 FILTER_DATA_NOT_EXIST. */
export class FilterDataNotExistError extends BrokerResponseError {
  override readonly name = 'FilterDataNotExistError';
}

/** 28 FILTER_DATA_NOT_LATEST. */
export class FilterDataNotLatestError extends BrokerResponseError {
  override readonly name = 'FilterDataNotLatestError';
}

/** 29 INVALID_PARAMETER (5.x). */
export class InvalidParameterError extends BrokerResponseError {
  override readonly name = 'InvalidParameterError';
}

/** 204 NO_BUYER_ID. */
export class NoBuyerIdError extends BrokerResponseError {
  override readonly name = 'NoBuyerIdError';
}

/** 205 NOT_IN_CURRENT_UNIT. */
export class NotInCurrentUnitError extends BrokerResponseError {
  override readonly name = 'NotInCurrentUnitError';
}

/** 206 CONSUMER_NOT_ONLINE: no client of this group is connected to the broker. */
export class ConsumerNotOnlineError extends BrokerResponseError {
  override readonly name = 'ConsumerNotOnlineError';
}

/** 207 CONSUME_MSG_TIMEOUT. */
export class ConsumeMessageTimeoutError extends BrokerResponseError {
  override readonly name = 'ConsumeMessageTimeoutError';
}

/** 208 NO_MESSAGE. */
export class NoMessageError extends BrokerResponseError {
  override readonly name = 'NoMessageError';
}

/** 215 FLOW_CONTROL. */
export class FlowControlError extends BrokerResponseError {
  override readonly name = 'FlowControlError';
}
