import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/** Editor's Picks collections and detected topics (filled by the discovery work). */
export async function up(_db: Kysely<any>): Promise<void> {
  // Placeholder: replaced by the module that owns these tables before it is merged.
}
