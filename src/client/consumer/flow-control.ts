// Pull flow control (DefaultMQPushConsumerImpl.pullMessage's first checks): a queue is not
// pulled while it caches more than pullThresholdForQueue messages or pullThresholdSizeForQueue
// bytes of bodies, or (concurrent consumption) while its cached offsets span more than
// consumeConcurrentlyMaxSpan — one slow message holding back the commit offset. The pull is
// tried again after flowControlDelayMs.

/** PULL_TIME_DELAY_MILLS_WHEN_FLOW_CONTROL */
export const flowControlDelayMs = 50;

export interface FlowLimits {
  countMax: number;
  sizeBytesMax: number;
  /** Absent: no span limit (orderly consumption). */
  spanMax?: number;
}

export interface CachedQueue {
  readonly messageCount: number;
  readonly messageSizeBytes: number;
  maxSpan(): number;
}

export type FlowControlReason = 'count' | 'size' | 'span';

/** Why the queue must not be pulled now, or undefined when it may be. */
export function flowControlReason(queue: CachedQueue, limits: FlowLimits): FlowControlReason | undefined {
  if (queue.messageCount > limits.countMax) return 'count';
  if (queue.messageSizeBytes > limits.sizeBytesMax) return 'size';
  if (limits.spanMax !== undefined && queue.maxSpan() > limits.spanMax) return 'span';
  return undefined;
}
