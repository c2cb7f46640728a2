import type { z } from 'zod';

/**
 * Zod issues → `{ field: message }` for problem details, field names in snake_case as the
 * HTTP APIs spell them. Unknown keys are reported as such; the first message per field wins.
 */
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
