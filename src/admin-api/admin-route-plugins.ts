import type { FastifyInstance } from 'fastify';
import type { AdminRouteOptions } from './admin-route-options.js';

/**
 * Every Admin API route plugin, mounted under /api/admin/v1 behind authentication and CSRF.
 * Add a module's plugin here (one line each); its paths are relative to the prefix.
 */
export const adminRoutePlugins: ((app: FastifyInstance, options: AdminRouteOptions) => Promise<void>)[] = [];
