import { createLogger } from '../../common/logger.js';

/**
 * The remoting layer's logger (connection lifecycle, protocol errors, dropped responses) for a
 * client or server given none of its own.
 */
export const remotingLoggerDefault = createLogger('remoting');
