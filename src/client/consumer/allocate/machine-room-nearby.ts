// MACHINE_ROOM_NEARBY (AllocateMachineRoomNearby): a wrapper that keeps traffic inside machine
// rooms. Queues of a room that has live consumers are split by the inner strategy among that
// room's consumers only; queues of rooms without consumers are split among all consumers.
// Rooms come from a user-supplied resolver; rooms are visited in Java string order.
import { InvalidArgumentError } from '../../../common/errors.js';
import { compareJavaStrings, mqJavaString, type MessageQueue } from '../../../common/message/message-queue.js';
import { currentClientIndex, type AllocateStrategy } from './strategy.js';

export interface MachineRoomResolver {
  /** The room of the broker serving the queue; never empty. */
  brokerDeployIn(mq: MessageQueue): string;
  /** The room of a consumer client; never empty. */
  consumerDeployIn(clientId: string): string;
}

export class AllocateMachineRoomNearby implements AllocateStrategy {
  readonly name: string;

  constructor(
    private readonly inner: AllocateStrategy,
    private readonly resolver: MachineRoomResolver,
  ) {
    this.name = `MACHINE_ROOM_NEARBY-${inner.name}`;
  }

  allocate(consumerGroup: string, currentClientId: string, mqAll: readonly MessageQueue[], cidAll: readonly string[]): MessageQueue[] {
    if (currentClientIndex(consumerGroup, currentClientId, mqAll, cidAll) < 0) return [];
    const queuesByRoom = groupBy(mqAll, (mq) => this.room(this.resolver.brokerDeployIn(mq), mqJavaString(mq)));
    const clientsByRoom = groupBy(cidAll, (cid) => this.room(this.resolver.consumerDeployIn(cid), `consumer ${cid}`));
    const currentRoom = this.resolver.consumerDeployIn(currentClientId);

    const result: MessageQueue[] = [];
    const sameRoomQueues = queuesByRoom.get(currentRoom);
    if (sameRoomQueues !== undefined) {
      result.push(...this.inner.allocate(consumerGroup, currentClientId, sameRoomQueues, clientsByRoom.get(currentRoom)!));
    }
    const rooms = [...queuesByRoom.keys()].sort(compareJavaStrings);
    for (const room of rooms) {
      if (clientsByRoom.has(room)) continue;
      result.push(...this.inner.allocate(consumerGroup, currentClientId, queuesByRoom.get(room)!, cidAll));
    }
    return result;
  }

  private room(room: string, of: string): string {
    if (!room) throw new InvalidArgumentError(`no machine room for ${of}`);
    return room;
  }
}

/** Groups in input order, so each group stays sorted when the input is. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}
