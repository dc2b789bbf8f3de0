import { RocketMQError } from '../../common/errors.js';

/** A segment folder that cannot be a sequence of segments (gap, misaligned name, wrong size). */
export class SegmentLayoutError extends RocketMQError {
  override readonly name = 'SegmentLayoutError';
  constructor(
    message: string,
    readonly dir: string,
  ) {
    super(message, { retry: 'never' });
  }
}
