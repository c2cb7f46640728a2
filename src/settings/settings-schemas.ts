import { z } from 'zod';
import { fieldErrors } from '../platform/validation/zod-field-errors.js';
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

export { fieldErrors } from '../platform/validation/zod-field-errors.js';
