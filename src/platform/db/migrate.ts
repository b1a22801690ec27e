import { Migrator, type Kysely, type Migration } from 'kysely';

/**
 * Applies the migrations not yet applied. Every capability owns its migrations; their names start
 * with a global sequence number so that the order is the same on every database. Applied
 * migrations are never edited, only added.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any schema type applies
export async function migrateToLatest(db: Kysely<any>, migrations: Record<string, Migration>): Promise<void> {
  // Capabilities add migrations in their own number ranges, so a later-numbered one may already
  // have run: apply what is missing whatever its place.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '?'} a échoué : ${reason}`);
  }
}
