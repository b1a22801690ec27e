import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * RGPD: what a capability keeps about people, and for how long. Each personal table is declared
 * by its module (`Module.personalData`); `passerelles rgpd purge`, and the server once a day,
 * delete what is past its retention, all tables in one transaction.
 */
export interface PersonalTable {
  table: string;
  /** What it holds, in French (listed by `passerelles rgpd tables`). */
  holds: string;
  /** Its retention, in French (« 12 mois », « 2 heures après expiration »). */
  keptFor: string;
  /** The rows past their retention: SQL written in the code, never built from input. */
  expired: RawBuilder<boolean>;
}

export interface PersonalData {
  tables: readonly PersonalTable[];
  /** Everything kept about one account, for the person's own download (right of access). */
  export?: (db: Kysely<any>, accountId: number) => Promise<Record<string, unknown>>;
}

/** Deletes every row past its retention; returns the count per table. */
export async function purgeExpired(db: Kysely<any>, tables: readonly PersonalTable[]): Promise<Record<string, number>> {
  return db.transaction().execute(async (tx) => {
    // Lets the append-only audit log's trigger accept this purge, for this transaction only.
    await sql`SELECT set_config('passerelles.purge', 'on', true)`.execute(tx);
    const counts: Record<string, number> = {};
    for (const t of tables) {
      const r = await sql`DELETE FROM ${sql.table(t.table)} WHERE ${t.expired}`.execute(tx);
      counts[t.table] = Number(r.numAffectedRows ?? 0);
    }
    return counts;
  });
}
