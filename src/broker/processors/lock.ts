// Queue locks of orderly consumers: LOCK_BATCH_MQ answers the queues the client now holds,
// UNLOCK_BATCH_MQ releases the client's own (behaviours.md §8).
import type { ProcessorRegistry } from '../../remoting/net/index.js';
import {
  decodeLockBatchRequestBody,
  decodeUnlockBatchRequestBody,
  encodeLockBatchResponseBody,
} from '../../remoting/protocol/bodies/lock-batch.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import type { RebalanceLockManager } from '../managers/rebalance-lock-manager.js';
import { success } from './shared/responses.js';

export interface LockContext {
  locks: Pick<RebalanceLockManager, 'tryLockBatch' | 'unlockBatch'>;
}

export function registerLockProcessors(server: ProcessorRegistry, ctx: LockContext): void {
  server.registerProcessor(RequestCode.LOCK_BATCH_MQ, (request) => {
    const body = decodeLockBatchRequestBody(request.body ?? Buffer.alloc(0));
    const lockOKMQSet = ctx.locks.tryLockBatch(body.consumerGroup, body.mqSet, body.clientId);
    return success(request, { body: encodeLockBatchResponseBody({ lockOKMQSet }) });
  });
  server.registerProcessor(RequestCode.UNLOCK_BATCH_MQ, (request) => {
    const body = decodeUnlockBatchRequestBody(request.body ?? Buffer.alloc(0));
    ctx.locks.unlockBatch(body.consumerGroup, body.mqSet, body.clientId);
    return success(request);
  });
}
