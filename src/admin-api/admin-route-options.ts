import type { AppServices } from '../app-services.js';
import type { Config } from '../config/config-schema.js';

/** What every Admin API route plugin receives. */
export interface AdminRouteOptions {
  services: AppServices;
  config: Config;
}
