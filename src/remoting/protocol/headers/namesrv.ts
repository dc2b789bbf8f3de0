// Custom headers of the NameServer requests (codes.md §1.4, 105; package
// org.apache.rocketmq.common.protocol.header.namesrv in 4.9.x).
import { defineHeader, optional, required, type HeaderOf } from './define-header.js';

/** RegisterBrokerRequestHeader (103). bodyCrc32 0 = do not check; 5.x adds the last two. */
export const RegisterBrokerRequestHeader = defineHeader('RegisterBrokerRequestHeader', {
  brokerName: required.string,
  brokerAddr: required.string,
  clusterName: required.string,
  haServerAddr: required.string,
  brokerId: required.long,
  compressed: optional.boolean,
  bodyCrc32: optional.int,
  heartbeatTimeoutMillis: optional.long,
  enableActingMaster: optional.boolean,
});
export type RegisterBrokerRequestHeader = HeaderOf<typeof RegisterBrokerRequestHeader>;

/** RegisterBrokerResponseHeader: filled only for a slave whose master is registered. */
export const RegisterBrokerResponseHeader = defineHeader('RegisterBrokerResponseHeader', {
  haServerAddr: optional.string,
  masterAddr: optional.string,
});
export type RegisterBrokerResponseHeader = HeaderOf<typeof RegisterBrokerResponseHeader>;

/** UnRegisterBrokerRequestHeader (104). */
export const UnRegisterBrokerRequestHeader = defineHeader('UnRegisterBrokerRequestHeader', {
  brokerName: required.string,
  brokerAddr: required.string,
  clusterName: required.string,
  brokerId: required.long,
});
export type UnRegisterBrokerRequestHeader = HeaderOf<typeof UnRegisterBrokerRequestHeader>;

/** GetRouteInfoRequestHeader (105). acceptStandardJsonOnly: 4.9.x, asks for quoted map keys. */
export const GetRouteInfoRequestHeader = defineHeader('GetRouteInfoRequestHeader', {
  topic: required.string,
  acceptStandardJsonOnly: optional.boolean,
});
export type GetRouteInfoRequestHeader = HeaderOf<typeof GetRouteInfoRequestHeader>;

/** PutKVConfigRequestHeader (100). */
export const PutKVConfigRequestHeader = defineHeader('PutKVConfigRequestHeader', {
  namespace: required.string,
  key: required.string,
  value: required.string,
});
export type PutKVConfigRequestHeader = HeaderOf<typeof PutKVConfigRequestHeader>;

/** GetKVConfigRequestHeader (101). */
export const GetKVConfigRequestHeader = defineHeader('GetKVConfigRequestHeader', {
  namespace: required.string,
  key: required.string,
});
export type GetKVConfigRequestHeader = HeaderOf<typeof GetKVConfigRequestHeader>;

/** GetKVConfigResponseHeader. */
export const GetKVConfigResponseHeader = defineHeader('GetKVConfigResponseHeader', {
  value: optional.string,
});
export type GetKVConfigResponseHeader = HeaderOf<typeof GetKVConfigResponseHeader>;

/** DeleteKVConfigRequestHeader (102). */
export const DeleteKVConfigRequestHeader = defineHeader('DeleteKVConfigRequestHeader', {
  namespace: required.string,
  key: required.string,
});
export type DeleteKVConfigRequestHeader = HeaderOf<typeof DeleteKVConfigRequestHeader>;

/** GetKVListByNamespaceRequestHeader (219). */
export const GetKVListByNamespaceRequestHeader = defineHeader('GetKVListByNamespaceRequestHeader', {
  namespace: required.string,
});
export type GetKVListByNamespaceRequestHeader = HeaderOf<typeof GetKVListByNamespaceRequestHeader>;

/** GetTopicsByClusterRequestHeader (224). */
export const GetTopicsByClusterRequestHeader = defineHeader('GetTopicsByClusterRequestHeader', {
  cluster: required.string,
});
export type GetTopicsByClusterRequestHeader = HeaderOf<typeof GetTopicsByClusterRequestHeader>;

/** DeleteTopicFromNamesrvRequestHeader (216). */
export const DeleteTopicFromNamesrvRequestHeader = defineHeader('DeleteTopicFromNamesrvRequestHeader', {
  topic: required.string,
  clusterName: optional.string,
});
export type DeleteTopicFromNamesrvRequestHeader = HeaderOf<typeof DeleteTopicFromNamesrvRequestHeader>;

/** WipeWritePermOfBrokerRequestHeader (205). */
export const WipeWritePermOfBrokerRequestHeader = defineHeader('WipeWritePermOfBrokerRequestHeader', {
  brokerName: required.string,
});
export type WipeWritePermOfBrokerRequestHeader = HeaderOf<typeof WipeWritePermOfBrokerRequestHeader>;

/** WipeWritePermOfBrokerResponseHeader. */
export const WipeWritePermOfBrokerResponseHeader = defineHeader('WipeWritePermOfBrokerResponseHeader', {
  wipeTopicCount: required.int,
});
export type WipeWritePermOfBrokerResponseHeader = HeaderOf<typeof WipeWritePermOfBrokerResponseHeader>;

/** AddWritePermOfBrokerRequestHeader (327). */
export const AddWritePermOfBrokerRequestHeader = defineHeader('AddWritePermOfBrokerRequestHeader', {
  brokerName: required.string,
});
export type AddWritePermOfBrokerRequestHeader = HeaderOf<typeof AddWritePermOfBrokerRequestHeader>;

/** AddWritePermOfBrokerResponseHeader. */
export const AddWritePermOfBrokerResponseHeader = defineHeader('AddWritePermOfBrokerResponseHeader', {
  addTopicCount: required.int,
});
export type AddWritePermOfBrokerResponseHeader = HeaderOf<typeof AddWritePermOfBrokerResponseHeader>;

/** QueryDataVersionRequestHeader (322); the body carries the broker's DataVersion. */
export const QueryDataVersionRequestHeader = defineHeader('QueryDataVersionRequestHeader', {
  brokerName: required.string,
  brokerAddr: required.string,
  clusterName: required.string,
  brokerId: required.long,
});
export type QueryDataVersionRequestHeader = HeaderOf<typeof QueryDataVersionRequestHeader>;

/** QueryDataVersionResponseHeader. */
export const QueryDataVersionResponseHeader = defineHeader('QueryDataVersionResponseHeader', {
  changed: required.boolean,
});
export type QueryDataVersionResponseHeader = HeaderOf<typeof QueryDataVersionResponseHeader>;
