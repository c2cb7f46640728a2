import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/** Reader reactions and further public-reaction tables (filled by the public-reaction work). */
export async function up(_db: Kysely<any>): Promise<void> {
  // Placeholder: replaced by the module that owns these tables before it is merged.
}
