import { RocketMQError } from '../../common/errors.js';

/** The commit log could not write (disk full, I/O error) and refuses further appends. */
export class CommitLogWriteError extends RocketMQError {
  override readonly name = 'CommitLogWriteError';
  constructor(message: string, cause: unknown) {
    super(message, { retry: 'backoff', cause });
  }
}
