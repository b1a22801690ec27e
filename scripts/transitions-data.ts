/**
 * The data of the transitions evaluation and fit: the skills model's rows and the official ROME
 * mobilités (labels only). From the database named by PASSERELLES_DB or DATABASE_URL when it holds
 * the ROME; otherwise the bundle of PASSERELLES_DATA_DIR (default ../shared/data) is imported (ROME,
 * ESCO and the labour market, whose DARES figures give the `emploi` signal) into a throwaway in-memory PGlite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { readConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/app/database.ts';
import type { DbHandle } from '../src/platform/db/connection.ts';
import { runImport } from '../src/platform/import/run.ts';
import { romeSource } from '../src/referentials/import/rome.ts';
import { escoSource } from '../src/referentials/import/esco.ts';
import { labourMarketSource } from '../src/labour-market/index.ts';
import { loadSkillsData, type RawSkillsData } from '../src/guidance/skills-model.ts';
import type { Mobilites } from '../src/guidance/transitions-eval.ts';

export async function openTransitionsDatabase(): Promise<DbHandle> {
  if (process.env.PASSERELLES_DB || process.env.DATABASE_URL) {
    const handle = await openDatabase(readConfig());
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM rome_fiche`
      .execute(handle.db)
      .catch(() => ({ rows: [{ n: 0 }] }));
    if (rows[0].n > 0) {
      console.log(`base configurée (${handle.kind}) : ${rows[0].n} fiches`);
      return handle;
    }
    await handle.close();
  }
  const dir = path.resolve(process.env.PASSERELLES_DATA_DIR || '../shared/data');
  if (!fs.existsSync(path.join(dir, 'rome'))) {
    throw new Error(`pas de lot de données dans ${dir} : définissez PASSERELLES_DATA_DIR`);
  }
  const handle = await openDatabase({ pgliteDir: 'memory://' });
  const t = performance.now();
  await runImport(handle.db, dir, [romeSource, escoSource, labourMarketSource]);
  console.log(
    `lot ${dir} importé (ROME, ESCO, marché du travail) dans une base jetable en ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  return handle;
}

/** The model's rows and the official mobilités by source fiche. */
export async function loadTransitionsData(handle: DbHandle): Promise<{ data: RawSkillsData; truth: Mobilites; links: number }> {
  const data = await loadSkillsData(handle.db);
  const rows = await handle.db
    .selectFrom('rome_mobilite')
    .select(['code_rome', 'code_rome_cible'])
    .orderBy('code_rome')
    .orderBy('code_rome_cible')
    .execute();
  const truth: Mobilites = new Map();
  for (const l of rows) {
    if (!truth.has(l.code_rome)) truth.set(l.code_rome, new Set());
    truth.get(l.code_rome)!.add(l.code_rome_cible);
  }
  if (!truth.size) throw new Error('aucune mobilité officielle en base : le lot doit contenir unix_rubrique_mobilite_*.csv');
  return { data, truth, links: rows.length };
}
