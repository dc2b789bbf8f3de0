// At most `limit` holders at once (the consume thread pool of RocketMQ's consume services,
// consumeThreadMax): acquire() resolves when a slot is free, in arrival order.
import { InvalidArgumentError } from '../../common/errors.js';

export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new InvalidArgumentError(`a limiter needs a limit >= 1, not ${limit}`);
  }

  acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Gives a slot back; the longest waiter gets it. */
  release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.active--;
  }
}
