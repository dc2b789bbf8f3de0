// GET_NAMESRV_CONFIG (mqadmin getNamesrvConfig: every config key as properties text) and
// UPDATE_NAMESRV_CONFIG (mqadmin updateNamesrvConfig: properties text), with the checks of
// runtime-config-update.ts. The keys read from the config object at each use can change while
// the NameServer runs; the change lasts until it stops (namesrv.conf is not rewritten).
import { formatProperties } from '../../common/config/config-describe.js';
import { applyConfigUpdate, runtimeConfigUpdate } from '../../common/config/runtime-config-update.js';
import type { Logger } from '../../common/logger.js';
import { ResponseCode } from '../../common/response-code.js';
import { createResponse, RequestCode } from '../../remoting/protocol/index.js';
import { namesrvConfigSchema, type NamesrvConfig } from '../namesrv-config.js';
import { success, type ProcessorEntry } from './shared.js';

/** Keys the processors and the expiry scan read from the config object at each use. */
export const runtimeUpdatableNamesrvConfigKeys: ReadonlySet<string> = new Set<keyof NamesrvConfig>([
  'orderMessageEnable',
  'returnOrderTopicConfigToBroker',
  'brokerChannelExpiredTime',
]);

export function namesrvConfigProcessors(ctx: { config: NamesrvConfig; logger: Logger }): ProcessorEntry[] {
  return [
    [RequestCode.GET_NAMESRV_CONFIG, (request) => success(request, { body: Buffer.from(`${formatProperties(namesrvConfigSchema, ctx.config)}\n`, 'utf8') })],
    [
      RequestCode.UPDATE_NAMESRV_CONFIG,
      (request) => {
        const update = runtimeConfigUpdate(
          {
            schema: namesrvConfigSchema,
            updatable: runtimeUpdatableNamesrvConfigKeys,
            server: 'NameServer',
            file: 'namesrv.conf',
            request: 'UPDATE_NAMESRV_CONFIG',
          },
          request.body?.toString('utf8') ?? '',
        );
        if (!update.ok) return createResponse(request, update.code, { remark: update.remark });
        if (update.values.size > 0) {
          applyConfigUpdate(ctx.config, update.values);
          ctx.logger.info({ changed: Object.fromEntries(update.values) }, 'NameServer config updated');
        }
        return createResponse(request, ResponseCode.SUCCESS);
      },
    ],
  ];
}
