// Helpers the admin families share: the slave refusal of metadata changes.
import { ResponseCode } from '../../../common/response-code.js';
import type { RemotingCommand } from '../../../remoting/protocol/command.js';
import type { BrokerConfig } from '../../broker-config.js';
import { failure } from '../shared/responses.js';

export const slaveRefusalRemark = "Can't modify topic or subscription group from slave broker, please execute it from master broker.";

/** SYSTEM_ERROR when this broker is a slave: topics and groups change on the master only. */
export function refusedOnSlave(request: RemotingCommand, config: Pick<BrokerConfig, 'brokerRole'>): RemotingCommand | undefined {
  return config.brokerRole === 'SLAVE' ? failure(request, ResponseCode.SYSTEM_ERROR, slaveRefusalRemark) : undefined;
}
