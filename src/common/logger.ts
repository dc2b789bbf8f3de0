import { pino, type Logger } from 'pino';

export type { Logger };

/** The process logger: JSON lines on stderr; level from RMQ_LOG_LEVEL (default info, silent in tests). */
export function createLogger(name: string, level = process.env.RMQ_LOG_LEVEL ?? defaultLevel()): Logger {
  return pino({ name, level }, pino.destination(2));
}

function defaultLevel(): string {
  return process.env.NODE_TEST_CONTEXT ? 'silent' : 'info';
}
