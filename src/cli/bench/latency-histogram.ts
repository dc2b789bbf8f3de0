// A fixed-size latency histogram in microseconds, log-linear like HdrHistogram: values below
// `exactBelowUs` get a bucket each; above, every power of two is cut into `subBucketsPerOctave`
// equal buckets, so a percentile is within 1/64 (1.6 %) of the true value. Recording is one
// index computation and one increment, cheap enough for every send of a benchmark; count, sum,
// min and max are kept exactly.
//
// Bucket index of a value v (integer microseconds, clamped to valueMaxUs):
//   v < 128            -> v
//   msb(v) = m >= 7    -> (m - 5) * 64 + (v >> (m - 6))    (v >> (m - 6) lies in [64, 127])
const subBucketBits = 7;
const exactBelowUs = 1 << subBucketBits;
const halfSubBucket = exactBelowUs >> 1;
const subBucketsPerOctave = halfSubBucket;
/** Largest value recorded as itself (about 36 minutes); larger ones count as this. */
export const valueMaxUs = 2 ** 31 - 1;
const msbMax = 30;
const bucketCount = (msbMax - subBucketBits + 2) * subBucketsPerOctave + halfSubBucket;

function bucketOf(valueUs: number): number {
  if (valueUs < exactBelowUs) return valueUs;
  const msb = 31 - Math.clz32(valueUs);
  const shift = msb - (subBucketBits - 1);
  return shift * subBucketsPerOctave + (valueUs >>> shift);
}

/** The largest value that falls into bucket `index`. */
function bucketUpperUs(index: number): number {
  if (index < exactBelowUs) return index;
  const shift = Math.floor(index / subBucketsPerOctave) - 1;
  const sub = (index % subBucketsPerOctave) + halfSubBucket;
  return (sub + 1) * 2 ** shift - 1;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(bucketCount);
  private total = 0;
  private sum = 0;
  private min = Infinity;
  private max = 0;

  /** Records one value (microseconds; negative values count as 0, fractions are cut). */
  record(valueUs: number): void {
    const v = valueUs > 0 ? Math.min(Math.floor(valueUs), valueMaxUs) : 0;
    this.counts[bucketOf(v)]!++;
    this.total++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  get count(): number {
    return this.total;
  }

  /** Mean in microseconds; 0 when empty. */
  get meanUs(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  get maxUs(): number {
    return this.max;
  }

  get minUs(): number {
    return this.total === 0 ? 0 : this.min;
  }

  /**
   * The value at percentile `p` (0..100): the upper end of the bucket holding the
   * ceil(p% of count)-th smallest value, never above the largest value recorded; 0 when empty.
   */
  percentileUs(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < bucketCount; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.max(this.minUs, Math.min(bucketUpperUs(i), this.max));
    }
    return this.max;
  }

  /** Adds every value of `other`. */
  add(other: LatencyHistogram): void {
    for (let i = 0; i < bucketCount; i++) this.counts[i]! += other.counts[i]!;
    this.total += other.total;
    this.sum += other.sum;
    if (other.total > 0) {
      this.min = Math.min(this.min, other.min);
      this.max = Math.max(this.max, other.max);
    }
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = 0;
  }
}
