import { z } from 'zod';
import { AppError } from '../platform/errors/app-error.js';
import { publicationSettingsSchema } from './publication-settings.js';

const fieldsOf = publicationSettingsSchema.shape;

/** PATCH /settings: any of the publication's settings, snake_case as the Admin API spells them. */
export const updateSettingsBodySchema = z
  .strictObject({
    name: fieldsOf.name.optional(),
    description: fieldsOf.description.optional(),
    language: fieldsOf.language.optional(),
    time_zone: fieldsOf.timeZone.optional(),
    logo_url: fieldsOf.logoUrl.optional(),
  })
  .refine((value) => Object.values(value).some((v) => v !== undefined), { error: 'name at least one setting to change', path: [] });

/** The error for settings that do not validate, naming each bad field. */
export function settingsInvalid(fields: Record<string, string>): AppError {
  return new AppError({ code: 'SETTINGS_INVALID', status: 400, title: 'Invalid settings', detail: Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; '), fields });
}

/** Parses `input` with `schema`, or throws SETTINGS_INVALID naming each bad field. */
export function parseSettingsInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw settingsInvalid(fieldErrors(parsed.error));
}

/** Zod issues → `{ field: message }`, field names in snake_case as the Admin API spells them. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  const snake = (key: PropertyKey) => String(key).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[snake(key).slice(0, 100)] ??= 'is not a known field';
    } else {
      fields[issue.path.map(snake).join('.') || 'body'] ??= issue.message;
    }
  }
  return fields;
}
