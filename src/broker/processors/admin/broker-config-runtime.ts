// Admin: the broker itself. GET_BROKER_RUNTIME_INFO (mqadmin clusterList / brokerStatus: a
// KVTable of store and broker counters), GET_BROKER_CONFIG (every config key as properties text;
// header version = the config's DataVersion as JSON) and UPDATE_BROKER_CONFIG (properties text).
//
// UPDATE_BROKER_CONFIG changes the broker's config object in place, so it accepts only the keys
// that are read from it at each use (runtimeUpdatableBrokerConfigKeys), with the checks of
// runtime-config-update.ts. As in RocketMQ the change lasts until the broker stops (broker.conf
// is not rewritten).
import { statfsSync } from 'node:fs';
import { formatProperties } from '../../../common/config/config-describe.js';
import { applyConfigUpdate, runtimeConfigUpdate, type RuntimeConfigUpdate } from '../../../common/config/runtime-config-update.js';
import type { Logger } from '../../../common/logger.js';
import type { ProcessorRegistry } from '../../../remoting/net/index.js';
import { CURRENT_VERSION } from '../../../remoting/protocol/command.js';
import { encodeDataVersion } from '../../../remoting/protocol/bodies/data-version.js';
import { encodeKVTable } from '../../../remoting/protocol/bodies/kv-table.js';
import { GetBrokerConfigResponseHeader } from '../../../remoting/protocol/headers/broker-admin.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { MessageStoreApi, StoreRuntimeInfo } from '../../../store/api.js';
import { brokerConfigSchema, validateBrokerConfig, type BrokerConfig } from '../../broker-config.js';
import { DataVersionCounter } from '../../managers/data-version.js';
import { failure, success } from '../shared/responses.js';

/** MQVersion name of CURRENT_VERSION (409), as brokerVersionDesc shows it. */
export const brokerVersionDesc = 'V4_9_8';

/** Keys the processors and the broker read from the config object at each use, so a change takes effect at once. */
export const runtimeUpdatableBrokerConfigKeys: ReadonlySet<string> = new Set<keyof BrokerConfig>([
  'notifyConsumerIdsChangedEnable',
  'traceOn',
  'regionId',
]);

export interface AdminBrokerConfigContext {
  /** The broker's config object; UPDATE_BROKER_CONFIG changes it in place. */
  config: BrokerConfig;
  store: Pick<MessageStoreApi, 'runtimeInfo' | 'earliestMessageTimeInStore'>;
  logger: Logger;
  now?: () => number;
}

export function registerAdminBrokerConfigRuntimeProcessors(server: ProcessorRegistry, ctx: AdminBrokerConfigContext): void {
  const now = ctx.now ?? Date.now;
  const configVersion = new DataVersionCounter(now);
  server.registerProcessor(RequestCode.GET_BROKER_RUNTIME_INFO, (request) => {
    const table = brokerRuntimeInfo(ctx.store.runtimeInfo(), ctx.store.earliestMessageTimeInStore(), ctx.config.storePathRootDir, now());
    return success(request, { body: encodeKVTable({ table }) });
  });
  server.registerProcessor(RequestCode.GET_BROKER_CONFIG, (request) =>
    success(request, {
      body: Buffer.from(brokerConfigText(ctx.config), 'utf8'),
      extFields: GetBrokerConfigResponseHeader.encode({ version: encodeDataVersion(configVersion.snapshot()).toString('utf8') }),
    }),
  );
  server.registerProcessor(RequestCode.UPDATE_BROKER_CONFIG, (request) => {
    const update = brokerConfigUpdate(ctx.config, request.body?.toString('utf8') ?? '');
    if (!update.ok) return failure(request, update.code, update.remark);
    if (update.values.size === 0) return success(request);
    applyConfigUpdate(ctx.config, update.values);
    configVersion.next();
    ctx.logger.info({ changed: Object.fromEntries(update.values) }, 'broker config updated');
    return success(request);
  });
}

/** Every key as `key=value` lines (Configuration.getAllConfigsFormatString). */
export function brokerConfigText(config: BrokerConfig): string {
  return `${formatProperties(brokerConfigSchema, config)}\n`;
}

/** The checked values of an UPDATE_BROKER_CONFIG body, or why it is refused (as a whole). */
export function brokerConfigUpdate(current: BrokerConfig, text: string): RuntimeConfigUpdate {
  return runtimeConfigUpdate(
    {
      schema: brokerConfigSchema,
      updatable: runtimeUpdatableBrokerConfigKeys,
      server: 'broker',
      file: 'broker.conf',
      request: 'UPDATE_BROKER_CONFIG',
      validate: (values) => validateBrokerConfig({ ...current, ...Object.fromEntries(values) } as BrokerConfig),
    },
    text,
  );
}

/** Java's Double.toString for the values mqadmin parses as doubles: an integer keeps ".0". */
function javaDouble(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

/** Three rates (10 s, 1 min, 10 min) separated by spaces: mqadmin clusterList splits them. */
function rates(r: readonly [number, number, number]): string {
  return r.map(javaDouble).join(' ');
}

/** MixAll.humanReadableByteCount(bytes, false): "512 B", "1.5 KiB", "49.1 GiB". */
export function humanReadableBytes(bytes: number): string {
  const unit = 1024;
  if (bytes < unit) return `${bytes} B`;
  const exp = Math.min(Math.floor(Math.log(bytes) / Math.log(unit)), 6);
  return `${(bytes / unit ** exp).toFixed(1)} ${'KMGTPE'[exp - 1]}iB`;
}

/** "[ 1 days, 2 hours, 3 minutes, 4 seconds ]" since `bootTimestamp`. */
export function formatRuntime(bootTimestamp: number, now: number): string {
  const s = Math.max(0, Math.floor((now - bootTimestamp) / 1000));
  return `[ ${Math.floor(s / 86_400)} days, ${Math.floor((s % 86_400) / 3_600)} hours, ${Math.floor((s % 3_600) / 60)} minutes, ${s % 60} seconds ]`;
}

interface DiskSpace {
  totalBytes: number;
  freeBytes: number;
}

function diskSpace(path: string): DiskSpace | undefined {
  try {
    const s = statfsSync(path);
    return { totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  } catch {
    return undefined;
  }
}

/**
 * The GET_BROKER_RUNTIME_INFO table: the keys mqadmin clusterList and brokerStatus read.
 * Thread-pool queues, page-cache lock and dispatch lag are 0 here (requests are not queued to
 * pools; dispatch runs in the turn of the write). Day snapshots (msg*TotalYesterdayMorning,
 * msg*TotalTodayMorning) are not kept and read 0, as in RocketMQ before its first midnight.
 */
export function brokerRuntimeInfo(info: StoreRuntimeInfo, earliestMessageTime: number, storePathRootDir: string, now: number): Map<string, string> {
  const disk = diskSpace(storePathRootDir);
  const getTotalTps = info.getFoundTps.map((found, i) => found + info.getMissTps[i]!) as [number, number, number];
  const entries: Array<[string, string | number]> = [
    ['brokerVersionDesc', brokerVersionDesc],
    ['brokerVersion', CURRENT_VERSION],
    ['msgPutTotalYesterdayMorning', 0],
    ['msgPutTotalTodayMorning', 0],
    ['msgPutTotalTodayNow', info.putMessageTimesTotal],
    ['msgGetTotalYesterdayMorning', 0],
    ['msgGetTotalTodayMorning', 0],
    ['msgGetTotalTodayNow', info.getMessageTransferedMsgCount],
    ['sendThreadPoolQueueSize', 0],
    ['pullThreadPoolQueueSize', 0],
    ['queryThreadPoolQueueSize', 0],
    ['EndTransactionQueueSize', 0],
    ['sendThreadPoolQueueHeadWaitTimeMills', 0],
    ['pullThreadPoolQueueHeadWaitTimeMills', 0],
    ['queryThreadPoolQueueHeadWaitTimeMills', 0],
    ['dispatchBehindBytes', 0],
    ['pageCacheLockTimeMills', 0],
    ['earliestMessageTimeStamp', earliestMessageTime],
    ['startAcceptSendRequestTimeStamp', 0],
    ['bootTimestamp', info.bootTimestamp],
    ['runtime', formatRuntime(info.bootTimestamp, now)],
    ['putMessageTimesTotal', info.putMessageTimesTotal],
    ['putMessageSizeTotal', info.putMessageSizeTotal],
    ['putMessageAverageSize', javaDouble(info.putMessageTimesTotal > 0 ? info.putMessageSizeTotal / info.putMessageTimesTotal : 0)],
    ['getMessageTimesTotalFound', info.getMessageTimesTotalFound],
    ['getMessageTimesTotalMiss', info.getMessageTimesTotalMiss],
    ['getMessageTransferedMsgCount', info.getMessageTransferedMsgCount],
    ['putTps', rates(info.putTps)],
    ['getFoundTps', rates(info.getFoundTps)],
    ['getMissTps', rates(info.getMissTps)],
    ['getTotalTps', rates(getTotalTps)],
    ['getTransferedTps', rates(info.getTransferedTps)],
    ['commitLogDiskRatio', javaDouble(info.commitLogDiskRatio)],
    ['commitLogMinOffset', info.commitLogMinOffset],
    ['commitLogMaxOffset', info.commitLogMaxOffset],
  ];
  if (disk !== undefined) {
    const used = disk.totalBytes > 0 ? (disk.totalBytes - disk.freeBytes) / disk.totalBytes : 0;
    entries.push(['consumeQueueDiskRatio', javaDouble(used)]);
    entries.push(['commitLogDirCapacity', `Total : ${humanReadableBytes(disk.totalBytes)}, Free : ${humanReadableBytes(disk.freeBytes)}.`]);
  }
  return new Map(entries.map(([key, value]) => [key, String(value)]));
}
