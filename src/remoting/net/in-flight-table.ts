// Requests of one connection waiting for their response, keyed by opaque (remoting.md §5).
// Timeouts are found by one sweep timer per table instead of a timer per request: a request
// costs a Map entry and the sweep count at which it expires (no clock read per request), and
// the timer runs only while something is pending. Sweeps are at least timeoutSweepIntervalMs
// apart, so a request times out between timeoutMs and timeoutMs + 2 * timeoutSweepIntervalMs
// after it was sent (Java scans its response table once a second).
import type { RemotingCommand } from '../protocol/command.js';

export const timeoutSweepIntervalMs = 50;

export interface PendingRequest {
  readonly requestCode: number;
  readonly timeoutMs: number;
  /** The sweep that finds it expired. */
  readonly expiresAtSweep: number;
  readonly resolve: (response: RemotingCommand) => void;
  readonly reject: (error: Error) => void;
}

export class InFlightTable {
  private readonly pending = new Map<number, PendingRequest>();
  private sweepTimer: NodeJS.Timeout | undefined;
  /** Sweeps done so far. */
  private sweeps = 0;

  /** `onTimeout` hears each request whose deadline passed; it is already out of the table. */
  constructor(private readonly onTimeout: (request: PendingRequest) => void) {}

  get size(): number {
    return this.pending.size;
  }

  has(opaque: number): boolean {
    return this.pending.has(opaque);
  }

  add(
    opaque: number,
    requestCode: number,
    timeoutMs: number,
    resolve: (response: RemotingCommand) => void,
    reject: (error: Error) => void,
  ): void {
    // +1 ms: timers count whole milliseconds, so a sweep may come up to 1 ms early.
    let sweepsToWait = Math.ceil((timeoutMs + 1) / timeoutSweepIntervalMs);
    if (this.sweepTimer === undefined) {
      this.sweepTimer = setInterval(this.sweep, timeoutSweepIntervalMs);
      this.sweepTimer.unref();
    } else {
      // A running timer's next sweep may come at once: one more makes sure timeoutMs has passed.
      sweepsToWait++;
    }
    this.pending.set(opaque, { requestCode, timeoutMs, expiresAtSweep: this.sweeps + sweepsToWait, resolve, reject });
  }

  /** Removes and returns the request waiting on `opaque`, if any. */
  take(opaque: number): PendingRequest | undefined {
    const request = this.pending.get(opaque);
    if (request !== undefined) this.pending.delete(opaque);
    return request;
  }

  /** Empties the table, rejecting every request with the error `errorFor` builds for it. */
  failAll(errorFor: (request: PendingRequest) => Error): void {
    const requests = [...this.pending.values()];
    this.pending.clear();
    this.stopSweep();
    for (const request of requests) request.reject(errorFor(request));
  }

  private readonly sweep = (): void => {
    if (this.pending.size === 0) {
      this.stopSweep();
      return;
    }
    const sweep = ++this.sweeps;
    let expired: PendingRequest[] | undefined;
    for (const [opaque, request] of this.pending) {
      if (request.expiresAtSweep <= sweep) {
        this.pending.delete(opaque);
        (expired ??= []).push(request);
      }
    }
    if (expired !== undefined) for (const request of expired) this.onTimeout(request);
  };

  private stopSweep(): void {
    if (this.sweepTimer !== undefined) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }
}
