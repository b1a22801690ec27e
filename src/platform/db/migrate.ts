import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connection.ts';
import { platformMigrations } from './platform-migrations.ts';
import { referentialMigrations } from '../../referentials/migrations.ts';
import { territoryMigrations } from '../../territories/migrations.ts';
import { trainingMigrations } from '../../trainings/migrations.ts';
import { trainingSearchMigrations } from '../../trainings/search-migrations.ts';
import { certificationMigrations } from '../../referentials/certifications/migrations.ts';
import { labourMarketMigrations } from '../../labour-market/migrations.ts';

/**
 * Every capability owns its migrations; their names start with a global sequence number so that
 * the order is the same on every database. Applied migrations are never edited, only added.
 */
const all: Record<string, Migration> = {
  ...platformMigrations,
  ...referentialMigrations,
  ...territoryMigrations,
  ...trainingMigrations,
  ...trainingSearchMigrations,
  ...certificationMigrations,
  ...labourMarketMigrations,
};

const provider: MigrationProvider = { getMigrations: async () => all };

export async function migrateToLatest(db: Db): Promise<void> {
  // Capabilities add migrations in their own number ranges, so a later-numbered one may already
  // have run: apply what is missing whatever its place.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '?'} a échoué : ${reason}`);
  }
}
