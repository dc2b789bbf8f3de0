import { createLogger } from '../../common/logger.js';

/** The remoting layer's logger: connection lifecycle, protocol errors, dropped responses. */
export const log = createLogger('remoting');
