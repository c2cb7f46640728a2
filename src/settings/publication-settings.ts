import { z } from 'zod';
import { isWebUrl } from '../platform/validation/web-url.js';

// Building a formatter to test a zone is slow and settings are parsed on every read: remember the good ones.
const knownTimeZones = new Set<string>();

function isTimeZone(value: string): boolean {
  if (knownTimeZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    knownTimeZones.add(value);
    return true;
  } catch {
    return false;
  }
}


/** The publication's own settings: who it is and how it shows dates. */
export const publicationSettingsSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().max(500),
    /** BCP 47 language tag, e.g. "en" or "en-GB"; the pages' `lang`. */
    language: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a language tag such as en or en-GB'),
    /** IANA time zone the site shows times in, e.g. "Europe/London". */
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/London'),
    /** http(s) URL or site-relative path (e.g. /media/logo.png) of the masthead logo; null for none. */
    logoUrl: z.string().max(2048).refine(isWebUrl, 'must be an http(s) URL or a site-relative path such as /media/logo.png').nullable(),
  })
  .strict();

export type PublicationSettings = z.infer<typeof publicationSettingsSchema>;

export const defaultPublicationSettings: PublicationSettings = {
  name: 'Broadsheet',
  description: 'An online newspaper.',
  language: 'en',
  timeZone: 'UTC',
  logoUrl: null,
};
