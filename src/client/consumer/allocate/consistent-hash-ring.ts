// The hash ring behind CONSISTENT_HASH, with the facts of RocketMQ's ConsistentHashRouter:
// - each client gets `virtualNodeCount` points on the ring, keyed "<clientId>-<i>" for
//   i = 0..count-1 (a client id listed twice continues at the next unused i);
// - a point's position is md5Hash(key); a later point landing on a taken position replaces it
//   (Java's TreeMap.put), so clients later in the list win collisions;
// - a key routes to the first point at or after its own hash, wrapping to the smallest.
import { createHash } from 'node:crypto';

export type HashFunction = (key: string) => number;

/** RocketMQ's default hash: the first 4 bytes of MD5(UTF-8 key), big-endian, unsigned. */
export function md5Hash(key: string): number {
  return createHash('md5').update(key, 'utf8').digest().readUInt32BE(0);
}

export class ConsistentHashRing {
  /** Point positions, ascending, and the client owning each. */
  private readonly positions: number[];
  private readonly owners: string[];

  constructor(
    clientIds: readonly string[],
    virtualNodeCount: number,
    private readonly hash: HashFunction = md5Hash,
  ) {
    const ownerAt = new Map<number, string>();
    const pointsOf = new Map<string, number>();
    for (const clientId of clientIds) {
      const existing = pointsOf.get(clientId) ?? 0;
      for (let i = 0; i < virtualNodeCount; i++) {
        const position = hash(`${clientId}-${i + existing}`);
        const replaced = ownerAt.get(position);
        if (replaced !== undefined) pointsOf.set(replaced, (pointsOf.get(replaced) ?? 0) - 1);
        ownerAt.set(position, clientId);
        pointsOf.set(clientId, (pointsOf.get(clientId) ?? 0) + 1);
      }
    }
    this.positions = [...ownerAt.keys()].sort((a, b) => a - b);
    this.owners = this.positions.map((position) => ownerAt.get(position)!);
  }

  /** The client owning `key`, or undefined when the ring has no points. */
  route(key: string): string | undefined {
    if (this.positions.length === 0) return undefined;
    const target = this.hash(key);
    let low = 0;
    let high = this.positions.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.positions[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return this.owners[low === this.positions.length ? 0 : low];
  }
}
