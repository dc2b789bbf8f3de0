// Requests the broker sends to its clients over their own connections (Broker2Client). Each is
// oneway: a client that is gone or slow costs nothing but a log line.
import { NotifyConsumerIdsChangedRequestHeader } from '../../../remoting/protocol/headers/client.js';
import { createRequest } from '../../../remoting/protocol/command.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { Connection } from '../../../remoting/net/index.js';

/** NOTIFY_CONSUMER_IDS_CHANGED: the group's members changed, rebalance now. */
export function notifyConsumerIdsChanged(connection: Connection, consumerGroup: string): Promise<void> {
  const request = createRequest(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, {
    extFields: NotifyConsumerIdsChangedRequestHeader.encode({ consumerGroup }),
  });
  return connection.invokeOneway(request);
}
