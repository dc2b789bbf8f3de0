// A small deterministic generator (SplitMix32 style) for fault simulation and seeded tests:
// the same seed always gives the same crash, so a failing case replays from its printed seed.
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed | 0;
  }

  /** Next unsigned 32-bit value. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.float() * bound);
  }

  /** Float in [0, 1). */
  float(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }
}
