/** @module cluster — what several Broadsheet processes share: cache invalidation over Redis pub/sub. */
export { createInvalidationBus, parseContentChangeMessage } from './invalidation-bus.js';
export type { ContentChangeMessage, InvalidationBus, InvalidationBusLog } from './invalidation-bus.js';
