import type { FastifyInstance } from 'fastify';
import { articleAdminRoutes } from '../articles/index.js';
import { commentAdminRoutes } from '../comments/index.js';
import { mediaAdminRoutes } from '../media/index.js';
import { authorAdminRoutes } from '../authors/index.js';
import { pageAdminRoutes } from '../pages/index.js';
import { relatedAdminRoutes } from '../related/index.js';
import { sectionAdminRoutes } from '../sections/index.js';
import { settingsAdminRoutes } from '../settings/index.js';
import { tagAdminRoutes, topicAdminRoutes } from '../topics/index.js';
import { collectionAdminRoutes } from '../collections/index.js';
import { ninjsImportRoutes } from '../interchange/index.js';
import type { AdminRouteOptions } from './admin-route-options.js';

/**
 * Every Admin API route plugin, mounted under /api/admin/v1 behind authentication and CSRF.
 * Add a module's plugin here (one line each); its paths are relative to the prefix.
 */
export const adminRoutePlugins: ((app: FastifyInstance, options: AdminRouteOptions) => Promise<void>)[] = [
  mediaAdminRoutes,
  sectionAdminRoutes,
  authorAdminRoutes,
  tagAdminRoutes,
  pageAdminRoutes,
  settingsAdminRoutes,
  articleAdminRoutes,
  relatedAdminRoutes,
  collectionAdminRoutes,
  topicAdminRoutes,
  ninjsImportRoutes,
  commentAdminRoutes,
];
