import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/database.ts';

/**
 * STUB (owned by the transitions helper): the skills model of ROME 4.0 held in memory, rebuilt
 * when a new import has committed.
 */
export class SkillsCatalog {
  constructor(private readonly db: Kysely<Database>) {}

  /** Rebuilds the model if the data changed since the last build; says whether it did. */
  async refresh(): Promise<boolean> {
    void this.db;
    return false;
  }
}
