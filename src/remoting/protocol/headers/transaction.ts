// Custom headers of the transaction requests (codes.md §1.1: 37, 39).
import { defineHeader, optional, required, type HeaderOf } from './define-header.js';

/** commitOrRollback values (MessageSysFlag TRANSACTION_*). */
export const TransactionResolution = { notType: 0, commit: 8, rollback: 12 } as const;

/** EndTransactionRequestHeader (37, client -> broker, oneway). */
export const EndTransactionRequestHeader = defineHeader('EndTransactionRequestHeader', {
  producerGroup: required.string,
  tranStateTableOffset: required.long,
  commitLogOffset: required.long,
  commitOrRollback: required.int,
  fromTransactionCheck: optional.boolean,
  msgId: required.string,
  transactionId: optional.string,
});
export type EndTransactionRequestHeader = HeaderOf<typeof EndTransactionRequestHeader>;

/** CheckTransactionStateRequestHeader (39, broker -> client, oneway; body = the half message). */
export const CheckTransactionStateRequestHeader = defineHeader('CheckTransactionStateRequestHeader', {
  tranStateTableOffset: required.long,
  commitLogOffset: required.long,
  msgId: optional.string,
  transactionId: optional.string,
  offsetMsgId: optional.string,
});
export type CheckTransactionStateRequestHeader = HeaderOf<typeof CheckTransactionStateRequestHeader>;
