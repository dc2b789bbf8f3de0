// Which NameServer a client talks to. Like RocketMQ's client it starts at a random one and keeps
// using it while it answers; when a call fails at the transport level (refused, timed out,
// connection lost) the next one in the list is tried at once, and becomes the current one.
// A NameServer's own answer (e.g. TOPIC_NOT_EXIST) is final and is not retried elsewhere.
import { isTransportError } from './transport-errors.js';

export interface NameServerSwitch {
  from: string;
  to: string;
  error: Error;
}

export class NameServerSelector {
  private index: number;

  constructor(
    readonly addresses: readonly string[],
    random: () => number = Math.random,
    private readonly onSwitch?: (event: NameServerSwitch) => void,
  ) {
    this.index = Math.floor(random() * addresses.length) % addresses.length;
  }

  get current(): string {
    return this.addresses[this.index]!;
  }

  /**
   * Runs `call` against the current NameServer, and against each other one in turn while the
   * failure is a transport failure. Rejects with the last failure when all have failed.
   */
  async invoke<T>(call: (addr: string) => Promise<T>): Promise<T> {
    let lastError: unknown;
    for (let tried = 0; tried < this.addresses.length; tried++) {
      const addr = this.current;
      try {
        return await call(addr);
      } catch (error) {
        if (!isTransportError(error)) throw error;
        lastError = error;
        if (this.addresses.length > 1) {
          this.index = (this.index + 1) % this.addresses.length;
          this.onSwitch?.({ from: addr, to: this.current, error: error as Error });
        }
      }
    }
    throw lastError;
  }
}
