// Requests of one connection waiting for their response, keyed by opaque (remoting.md §5).
//
// Opaques come from one process-wide counter, so the requests pending on a connection have
// nearly consecutive opaques: each sits in a slot array at `opaque & slotMask`, which costs an
// array store and load per call instead of a Map insert, lookup and delete. A request whose
// slot is taken (one that waited while slotCount others went by, as a long-polling pull does)
// goes to an overflow Map.
//
// Timeouts are found by one sweep timer per table instead of a timer per request: a request
// records the sweep count at which it expires (no clock read per request), and the timer runs
// only while something is pending. Sweeps are at least timeoutSweepIntervalMs apart, so a
// request times out between timeoutMs and timeoutMs + 2 * timeoutSweepIntervalMs after it was
// sent (Java scans its response table once a second).
import type { RemotingCommand } from '../protocol/command.js';

export const timeoutSweepIntervalMs = 50;

/** Slots of the array (a power of two); more pending requests than this share the overflow Map. */
export const inFlightSlotCount = 1024;

const slotMask = inFlightSlotCount - 1;

export interface PendingRequest {
  readonly opaque: number;
  readonly requestCode: number;
  readonly timeoutMs: number;
  /** The sweep that finds it expired. */
  readonly expiresAtSweep: number;
  /** Order of adding, so that timeouts and failAll reach requests in the order they were sent. */
  readonly sequence: number;
  readonly resolve: (response: RemotingCommand) => void;
  readonly reject: (error: Error) => void;
}

export class InFlightTable {
  private readonly slots: (PendingRequest | undefined)[] = new Array<PendingRequest | undefined>(inFlightSlotCount).fill(undefined);
  private readonly overflow = new Map<number, PendingRequest>();
  private count = 0;
  private added = 0;
  private sweepTimer: NodeJS.Timeout | undefined;
  /** Sweeps done so far. */
  private sweeps = 0;

  /** `onTimeout` hears each request whose deadline passed; it is already out of the table. */
  constructor(private readonly onTimeout: (request: PendingRequest) => void) {}

  get size(): number {
    return this.count;
  }

  has(opaque: number): boolean {
    return this.slots[opaque & slotMask]?.opaque === opaque || (this.overflow.size > 0 && this.overflow.has(opaque));
  }

  /** Adds a request; its opaque must not be pending already (see has). */
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
    const request: PendingRequest = {
      opaque,
      requestCode,
      timeoutMs,
      expiresAtSweep: this.sweeps + sweepsToWait,
      sequence: this.added++,
      resolve,
      reject,
    };
    const slot = opaque & slotMask;
    if (this.slots[slot] === undefined) this.slots[slot] = request;
    else this.overflow.set(opaque, request);
    this.count++;
  }

  /** Removes and returns the request waiting on `opaque`, if any. */
  take(opaque: number): PendingRequest | undefined {
    const slot = opaque & slotMask;
    const request = this.slots[slot];
    if (request !== undefined && request.opaque === opaque) {
      this.slots[slot] = undefined;
      this.count--;
      return request;
    }
    if (this.overflow.size === 0) return undefined;
    const overflowed = this.overflow.get(opaque);
    if (overflowed !== undefined) {
      this.overflow.delete(opaque);
      this.count--;
    }
    return overflowed;
  }

  /** Empties the table, rejecting every request with the error `errorFor` builds for it. */
  failAll(errorFor: (request: PendingRequest) => Error): void {
    const requests = this.takeAll(() => true);
    this.stopSweep();
    for (const request of requests) request.reject(errorFor(request));
  }

  /** Removes the requests `chosen` picks; returns them in the order they were added. */
  private takeAll(chosen: (request: PendingRequest) => boolean): PendingRequest[] {
    const taken: PendingRequest[] = [];
    if (this.count === 0) return taken;
    const slots = this.slots;
    for (let slot = 0; slot < slots.length; slot++) {
      const request = slots[slot];
      if (request !== undefined && chosen(request)) {
        slots[slot] = undefined;
        taken.push(request);
      }
    }
    for (const [opaque, request] of this.overflow) {
      if (chosen(request)) {
        this.overflow.delete(opaque);
        taken.push(request);
      }
    }
    this.count -= taken.length;
    return taken.sort((a, b) => a.sequence - b.sequence);
  }

  private readonly sweep = (): void => {
    if (this.count === 0) {
      this.stopSweep();
      return;
    }
    const sweep = ++this.sweeps;
    const expired = this.takeAll((request) => request.expiresAtSweep <= sweep);
    for (const request of expired) this.onTimeout(request);
  };

  private stopSweep(): void {
    if (this.sweepTimer !== undefined) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }
}
