import { sql, type Kysely } from 'kysely';
import type { ReferentialSchema } from './db.ts';
import { buildOccupationIndex, loadOccupationDocuments, type OccupationHit } from './search.ts';

/**
 * The occupation search index, built in memory from the database and rebuilt when a new import
 * has committed (whichever process ran it).
 */
export class OccupationCatalog {
  private index = buildOccupationIndex([]);
  private loadedRun: number | null = -1;

  constructor(private readonly db: Kysely<ReferentialSchema>) {}

  /** Rebuilds the index if the data changed since the last build; says whether it did. */
  async refresh(): Promise<boolean> {
    const { rows } = await sql<{ run: number | null }>`SELECT max(id) AS run FROM import_run`.execute(this.db);
    const run = rows[0]?.run ?? null;
    if (run === this.loadedRun) return false;
    this.index = buildOccupationIndex(await loadOccupationDocuments(this.db));
    this.loadedRun = run;
    return true;
  }

  search(query: string, limit = 10): OccupationHit[] {
    return this.index.search(query, { limit });
  }
}
