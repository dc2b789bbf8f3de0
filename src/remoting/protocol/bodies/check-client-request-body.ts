// CheckClientRequestBody (CHECK_CLIENT_CONFIG): a Java push consumer with a non-TAG subscription
// asks each broker, before it starts, whether that broker can filter by it:
//   {"clientId":"10.0.0.1@4242","group":"G","subscriptionData":{"expressionType":"SQL92",...}}
import { subscriptionDataFromJson, type SubscriptionData } from './heartbeat-data.js';
import { optionalString, parseBodyObject } from './json-fields.js';

export interface CheckClientRequestBody {
  clientId?: string;
  group?: string;
  subscriptionData?: SubscriptionData;
}

export function decodeCheckClientRequestBody(body: Buffer | string): CheckClientRequestBody {
  const what = 'CheckClientRequestBody';
  const o = parseBodyObject(body, what);
  const subscription = o.subscriptionData;
  return {
    clientId: optionalString(o, 'clientId', what),
    group: optionalString(o, 'group', what),
    subscriptionData: subscription === undefined || subscription === null ? undefined : subscriptionDataFromJson(subscription, `${what}.subscriptionData`),
  };
}
