// Admin: VIEW_BROKER_STATS_DATA (mqadmin statsAll, the dashboard's charts): one item of the
// broker's traffic counters (stats/broker-stats.ts) over the last minute, hour and day. An item
// no value has been added to yet, or an unknown set name, is answered as RocketMQ does: with
// SYSTEM_ERROR and "The stats <name> <key> not exist".
import { ResponseCode } from '../../../common/response-code.js';
import type { ProcessorRegistry } from '../../../remoting/net/index.js';
import type { RemotingCommand } from '../../../remoting/protocol/command.js';
import { encodeBrokerStatsData } from '../../../remoting/protocol/bodies/broker-stats-data.js';
import { ViewBrokerStatsDataRequestHeader } from '../../../remoting/protocol/headers/broker-admin.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { BrokerStats } from '../../stats/broker-stats.js';
import { failure, success } from '../shared/responses.js';

export interface AdminBrokerStatsDataContext {
  stats: Pick<BrokerStats, 'table'>;
}

export function registerAdminBrokerStatsDataProcessors(server: ProcessorRegistry, ctx: AdminBrokerStatsDataContext): void {
  server.registerProcessor(RequestCode.VIEW_BROKER_STATS_DATA, (request) => viewBrokerStatsData(ctx, request));
}

function viewBrokerStatsData(ctx: AdminBrokerStatsDataContext, request: RemotingCommand): RemotingCommand {
  const { statsName, statsKey } = ViewBrokerStatsDataRequestHeader.decode(request.extFields);
  const item = ctx.stats.table.item(statsName, statsKey);
  if (item === undefined) return failure(request, ResponseCode.SYSTEM_ERROR, `The stats <${statsName}> <${statsKey}> not exist`);
  const body = encodeBrokerStatsData({ statsMinute: item.inMinute(), statsHour: item.inHour(), statsDay: item.inDay() });
  return success(request, { body });
}

