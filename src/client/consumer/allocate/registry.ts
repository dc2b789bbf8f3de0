// Allocation strategies by RocketMQ name, for consumer options and config files:
//   'AVG' (default) | 'AVG_BY_CIRCLE' | 'CONSISTENT_HASH'  by name alone;
//   { name: 'CONSISTENT_HASH', virtualNodeCount }  { name: 'CONFIG', messageQueues }
//   { name: 'MACHINE_ROOM', consumerIdcs }  { name: 'MACHINE_ROOM_NEARBY', inner, resolver }
// or any object implementing AllocateStrategy, used as it is.
import { ConfigError } from '../../../common/errors.js';
import type { MessageQueue } from '../../../common/message/message-queue.js';
import { AllocateAveragely } from './averagely.js';
import { AllocateAveragelyByCircle } from './averagely-by-circle.js';
import { AllocateByConfig } from './by-config.js';
import { AllocateByMachineRoom } from './by-machine-room.js';
import { AllocateConsistentHash, type ConsistentHashOptions } from './consistent-hash.js';
import { AllocateMachineRoomNearby, type MachineRoomResolver } from './machine-room-nearby.js';
import type { AllocateStrategy } from './strategy.js';

export type AllocateStrategySpec =
  | { name: 'AVG' }
  | { name: 'AVG_BY_CIRCLE' }
  | ({ name: 'CONSISTENT_HASH' } & ConsistentHashOptions)
  | { name: 'CONFIG'; messageQueues: readonly MessageQueue[] }
  | { name: 'MACHINE_ROOM'; consumerIdcs: Iterable<string> }
  | { name: 'MACHINE_ROOM_NEARBY'; inner: AllocateStrategyChoice; resolver: MachineRoomResolver };

export type AllocateStrategyName = AllocateStrategySpec['name'];
/** The names that need no settings. */
export type AllocateStrategySimpleName = 'AVG' | 'AVG_BY_CIRCLE' | 'CONSISTENT_HASH';
/** What a consumer's allocation option accepts. */
export type AllocateStrategyChoice = AllocateStrategySimpleName | AllocateStrategySpec | AllocateStrategy;

export const allocateStrategyNames: readonly AllocateStrategyName[] = [
  'AVG',
  'AVG_BY_CIRCLE',
  'CONSISTENT_HASH',
  'CONFIG',
  'MACHINE_ROOM',
  'MACHINE_ROOM_NEARBY',
];
export const allocateStrategyDefault: AllocateStrategySimpleName = 'AVG';

const configKey = 'allocateStrategy';

export function createAllocateStrategy(choice: AllocateStrategyChoice = allocateStrategyDefault): AllocateStrategy {
  if (typeof choice === 'string') return fromSpec({ name: choice } as AllocateStrategySpec);
  if (isStrategy(choice)) return choice;
  return fromSpec(choice);
}

function fromSpec(spec: AllocateStrategySpec): AllocateStrategy {
  switch (spec.name) {
    case 'AVG':
      return new AllocateAveragely();
    case 'AVG_BY_CIRCLE':
      return new AllocateAveragelyByCircle();
    case 'CONSISTENT_HASH':
      return new AllocateConsistentHash(spec);
    case 'CONFIG':
      if (!Array.isArray(spec.messageQueues)) throw new ConfigError('CONFIG needs messageQueues, a list of queues', configKey);
      return new AllocateByConfig(spec.messageQueues);
    case 'MACHINE_ROOM':
      if (spec.consumerIdcs == null || typeof spec.consumerIdcs === 'string') {
        throw new ConfigError('MACHINE_ROOM needs consumerIdcs, a list of IDC names', configKey);
      }
      return new AllocateByMachineRoom(spec.consumerIdcs);
    case 'MACHINE_ROOM_NEARBY':
      if (spec.inner == null || spec.resolver == null) {
        throw new ConfigError('MACHINE_ROOM_NEARBY needs an inner strategy and a machine room resolver', configKey);
      }
      return new AllocateMachineRoomNearby(createAllocateStrategy(spec.inner), spec.resolver);
    default:
      throw new ConfigError(
        `unknown allocation strategy ${JSON.stringify((spec as { name: unknown }).name)}; ` +
          `known: ${allocateStrategyNames.join(', ')}`,
        configKey,
      );
  }
}

function isStrategy(choice: AllocateStrategySpec | AllocateStrategy): choice is AllocateStrategy {
  return typeof (choice as Partial<AllocateStrategy>).allocate === 'function';
}
