// Response code -> error class and retry class, as data (STYLE.md "Errors, limits, retries").
// The retry class says what a caller may do next:
//   never         the request is wrong or the answer is final; retrying cannot help
//   backoff       the server is busy or not ready yet; the same request may succeed later
//   refreshRoute  our route is stale; fetch it again, then retry
//   switchBroker  this broker cannot take it now; another broker may
// RocketMQ's producer resends on another broker for 1, 14, 16, 17, 204 and 205
// (DefaultMQProducer.retryResponseCodes), which is why those are switchBroker or refreshRoute.
// A code missing from the table becomes a BrokerResponseError with retry 'never'.
import type { RetryClass } from '../../common/errors.js';
import { ResponseCode } from '../../common/response-code.js';
import type { RemotingCommand } from '../../remoting/protocol/command.js';
import * as E from './broker-response-errors.js';

type ResponseErrorClass = new (details: E.ResponseErrorDetails, retry: RetryClass) => E.BrokerResponseError;

export interface ResponseErrorRule {
  readonly errorClass: ResponseErrorClass;
  readonly retry: RetryClass;
}

const C = ResponseCode;

export const responseErrorTable: ReadonlyMap<number, ResponseErrorRule> = new Map<number, ResponseErrorRule>([
  [C.SYSTEM_ERROR, { errorClass: E.SystemError, retry: 'switchBroker' }],
  [C.SYSTEM_BUSY, { errorClass: E.SystemBusyError, retry: 'backoff' }],
  [C.REQUEST_CODE_NOT_SUPPORTED, { errorClass: E.RequestCodeNotSupportedError, retry: 'never' }],
  [C.TRANSACTION_FAILED, { errorClass: E.TransactionFailedError, retry: 'never' }],
  [C.FLUSH_DISK_TIMEOUT, { errorClass: E.FlushDiskTimeoutError, retry: 'backoff' }],
  [C.SLAVE_NOT_AVAILABLE, { errorClass: E.SlaveNotAvailableError, retry: 'switchBroker' }],
  [C.FLUSH_SLAVE_TIMEOUT, { errorClass: E.FlushSlaveTimeoutError, retry: 'backoff' }],
  [C.MESSAGE_ILLEGAL, { errorClass: E.MessageIllegalError, retry: 'never' }],
  [C.SERVICE_NOT_AVAILABLE, { errorClass: E.ServiceNotAvailableError, retry: 'switchBroker' }],
  [C.VERSION_NOT_SUPPORTED, { errorClass: E.VersionNotSupportedError, retry: 'never' }],
  [C.NO_PERMISSION, { errorClass: E.NoPermissionError, retry: 'switchBroker' }],
  [C.TOPIC_NOT_EXIST, { errorClass: E.TopicNotExistError, retry: 'refreshRoute' }],
  [C.TOPIC_EXIST_ALREADY, { errorClass: E.TopicExistAlreadyError, retry: 'never' }],
  [C.QUERY_NOT_FOUND, { errorClass: E.QueryNotFoundError, retry: 'never' }],
  [C.SUBSCRIPTION_PARSE_FAILED, { errorClass: E.SubscriptionParseFailedError, retry: 'never' }],
  [C.SUBSCRIPTION_NOT_EXIST, { errorClass: E.SubscriptionNotExistError, retry: 'backoff' }],
  [C.SUBSCRIPTION_NOT_LATEST, { errorClass: E.SubscriptionNotLatestError, retry: 'backoff' }],
  [C.SUBSCRIPTION_GROUP_NOT_EXIST, { errorClass: E.SubscriptionGroupNotExistError, retry: 'never' }],
  [C.FILTER_DATA_NOT_EXIST, { errorClass: E.FilterDataNotExistError, retry: 'backoff' }],
  [C.FILTER_DATA_NOT_LATEST, { errorClass: E.FilterDataNotLatestError, retry: 'backoff' }],
  [C.INVALID_PARAMETER, { errorClass: E.InvalidParameterError, retry: 'never' }],
  [C.NO_BUYER_ID, { errorClass: E.NoBuyerIdError, retry: 'switchBroker' }],
  [C.NOT_IN_CURRENT_UNIT, { errorClass: E.NotInCurrentUnitError, retry: 'switchBroker' }],
  [C.CONSUMER_NOT_ONLINE, { errorClass: E.ConsumerNotOnlineError, retry: 'never' }],
  [C.CONSUME_MSG_TIMEOUT, { errorClass: E.ConsumeMessageTimeoutError, retry: 'backoff' }],
  [C.NO_MESSAGE, { errorClass: E.NoMessageError, retry: 'never' }],
  [C.FLOW_CONTROL, { errorClass: E.FlowControlError, retry: 'backoff' }],
]);

const fallbackRule: ResponseErrorRule = { errorClass: E.BrokerResponseError, retry: 'never' };

/** The rule for a response code (the fallback rule for codes not in the table). */
export function responseErrorRule(responseCode: number): ResponseErrorRule {
  return responseErrorTable.get(responseCode) ?? fallbackRule;
}

/** The typed error for a response a caller treats as a failure. */
export function errorFromResponse(brokerAddr: string, requestCode: number, response: RemotingCommand): E.BrokerResponseError {
  const rule = responseErrorRule(response.code);
  return new rule.errorClass({ brokerAddr, requestCode, responseCode: response.code, remark: response.remark }, rule.retry);
}
