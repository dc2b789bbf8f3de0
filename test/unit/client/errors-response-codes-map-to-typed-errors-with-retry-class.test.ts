import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RocketMQError } from '../../../src/common/errors.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { createRequest, createResponse, RequestCode } from '../../../src/remoting/protocol/index.js';
import {
  BrokerResponseError,
  MessageIllegalError,
  NoPermissionError,
  ServiceNotAvailableError,
  SystemBusyError,
  SystemError,
  TopicNotExistError,
  errorFromResponse,
  responseErrorRule,
  responseErrorTable,
} from '../../../src/client/errors/index.js';

function answer(code: number, remark?: string) {
  return createResponse(createRequest(RequestCode.SEND_MESSAGE_V2), code, remark === undefined ? {} : { remark });
}

test('the codes RocketMQ producers resend on another broker are retryable away from the broker', () => {
  for (const code of [1, 14, 16, 17, 204, 205]) {
    const rule = responseErrorRule(code);
    assert.ok(rule.retry === 'switchBroker' || rule.retry === 'refreshRoute', `code ${code} has retry ${rule.retry}`);
  }
  assert.equal(responseErrorRule(ResponseCode.TOPIC_NOT_EXIST).retry, 'refreshRoute');
  assert.equal(responseErrorRule(ResponseCode.SYSTEM_BUSY).retry, 'backoff');
  assert.equal(responseErrorRule(ResponseCode.MESSAGE_ILLEGAL).retry, 'never');
});

test('each code gets its own error class carrying where and what failed', () => {
  const cases = [
    [ResponseCode.SYSTEM_ERROR, SystemError],
    [ResponseCode.SYSTEM_BUSY, SystemBusyError],
    [ResponseCode.MESSAGE_ILLEGAL, MessageIllegalError],
    [ResponseCode.SERVICE_NOT_AVAILABLE, ServiceNotAvailableError],
    [ResponseCode.NO_PERMISSION, NoPermissionError],
    [ResponseCode.TOPIC_NOT_EXIST, TopicNotExistError],
  ] as const;
  for (const [code, errorClass] of cases) {
    const error = errorFromResponse('10.0.0.5:10911', RequestCode.SEND_MESSAGE_V2, answer(code, 'why'));
    assert.ok(error instanceof errorClass, `code ${code} gives ${error.name}`);
    assert.ok(error instanceof BrokerResponseError && error instanceof RocketMQError);
    assert.equal(error.name, errorClass.name);
    assert.equal(error.brokerAddr, '10.0.0.5:10911');
    assert.equal(error.requestCode, RequestCode.SEND_MESSAGE_V2);
    assert.equal(error.responseCode, code);
    assert.equal(error.remark, 'why');
    assert.equal(error.retry, responseErrorTable.get(code)!.retry);
    assert.match(error.message, /SEND_MESSAGE_V2 to 10\.0\.0\.5:10911 failed with [A-Z_]+ \(\d+\): why/);
  }
});

test('a code without a class of its own falls back to BrokerResponseError, never retried', () => {
  const error = errorFromResponse('n:9876', RequestCode.GET_KV_CONFIG, answer(4242));
  assert.equal(error.constructor, BrokerResponseError);
  assert.equal(error.retry, 'never');
  assert.equal(error.remark, undefined);
  assert.match(error.message, /UNKNOWN\(4242\)/);
});

test('every class in the table is distinct and named after itself', () => {
  const names = new Set<string>();
  for (const [code, rule] of responseErrorTable) {
    const error = new rule.errorClass({ brokerAddr: 'a:1', requestCode: 10, responseCode: code, remark: undefined }, rule.retry);
    assert.equal(error.name, rule.errorClass.name);
    assert.ok(!names.has(error.name), `${error.name} used twice`);
    names.add(error.name);
  }
});
