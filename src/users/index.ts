/** @module users — staff accounts, roles, sessions, invitations, password resets and API tokens. */
export { createUserStore } from './user-store.js';
export { createUserService } from './user-service.js';
export type { UserService, SignedInSession } from './user-service.js';
export type { StaffUser } from './user.js';
export { STAFF_ROLES } from './user.js';
export { userAdminRoutes } from './user-admin-routes.js';
export { secretsEqual } from './secret-tokens.js';
export { SESSION_COOKIE } from './user.js';
export { createSqlSessionStore, createRedisSessionStore } from './session-store.js';
export type { SessionStore } from './session-store.js';
