/**
 * The territory builder's import, run after the territories' (communes, EPCI, outlines):
 *
 * - the neighbouring communes, computed from the commune outlines (builder-adjacency.ts) and kept
 *   in steering_commune_adjacency, so that checking a division reads them instead of the outlines;
 * - the CLPE territories of France Travail (`territoire/ref_clpe_ft.csv`: commune_id,
 *   territoire_id, territoire_libelle…), a ready-made division to compare with.
 *
 * A missing column or a truncated file refuses the whole import (file, line, reason); a faulty
 * row is rejected with its line and reason; re-importing the same files changes nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import type { ImportContext, ImportSource } from '../platform/import/run.ts';
import { findFile, noteCounts, rowsOf } from '../platform/import/bundle.ts';
import { syncReported, syncRows, type TableSpec } from '../platform/import/sync.ts';
import { COMMUNE_CODE } from '../common/codes.ts';
import { communeAdjacency } from './builder-adjacency.ts';

const CLPE_FOLDER = 'territoire';
const CLPE_FILE = /^ref_clpe(.*)\.csv$/i;
/** The published file lists every commune of France (about 34,900): far fewer is a cut file. */
const CLPE_FLOOR = 30_000;
const CLPE_CODE = /^CLPE[0-9A-Z]{3,8}$/;

const specs = {
  adjacency: {
    table: 'steering_commune_adjacency',
    key: ['commune', 'neighbour'],
    columns: { commune: 'text', neighbour: 'text' },
    label: 'voisinages de communes',
  },
  clpe: { table: 'steering_clpe', key: ['code'], columns: { code: 'text', name: 'text' }, label: 'territoires CLPE' },
  clpeCommune: {
    table: 'steering_clpe_commune',
    key: ['commune'],
    columns: { commune: 'text', clpe: 'text' },
    label: 'rattachements commune → CLPE',
  },
} satisfies Record<string, TableSpec>;

export const builderSource: ImportSource = {
  name: 'pilotage-territoires',
  // The adjacency follows the outlines whatever the bundle holds; the CLPE only when its file is there.
  present: () => true,
  async run(ctx) {
    await importAdjacency(ctx);
    await importClpe(ctx);
  },
};

async function importAdjacency(ctx: ImportContext): Promise<void> {
  const { rows: outlines } = await sql<{ commune: string; geometry: string }>`
    SELECT commune, geometry FROM territory_shape WHERE level = 'commune' AND commune IS NOT NULL ORDER BY code`.execute(ctx.trx);
  if (!outlines.length) {
    // No outlines (a sample bundle): no neighbours known, the checks say contiguity is not checked.
    await syncRows(ctx.trx, specs.adjacency, [], ctx.runId);
    return;
  }
  // Communes of the départements drawn that have no outline of their own.
  const { rows: unplaced } = await sql<{ code: string; lat: number | null; lon: number | null; name: string }>`
    SELECT c.code, c.name, c.lat, c.lon FROM commune c
    WHERE c.departement IN (SELECT DISTINCT departement FROM territory_shape WHERE level = 'commune')
      AND NOT EXISTS (SELECT 1 FROM territory_shape s WHERE s.level = 'commune' AND s.commune = c.code)
    ORDER BY c.code`.execute(ctx.trx);
  const adjacency = communeAdjacency(outlines, unplaced);
  const report = ctx.report('territoires (voisinages des communes, calculés des tracés)', `${outlines.length} tracés`);
  report.read = outlines.length;
  const rows = adjacency.pairs.flatMap(([a, b]) => [
    { commune: a, neighbour: b },
    { commune: b, neighbour: a },
  ]);
  report.add(await syncRows(ctx.trx, specs.adjacency, rows, ctx.runId));
  report.note(`${adjacency.pairs.length} paires de communes voisines (un segment de frontière commun)`);
  const names = new Map(unplaced.map((u) => [u.code, u.name]));
  if (adjacency.placed.length) {
    const { rows: containers } = await sql<{ code: string; name: string }>`
      SELECT code, name FROM commune WHERE code = ANY(${adjacency.placed.map((p) => p.inside)}::text[])`.execute(ctx.trx);
    const containerNames = new Map(containers.map((c) => [c.code, c.name]));
    report.note(
      `${adjacency.placed.length} commune(s) sans tracé propre, réputée(s) voisine(s) de la commune dont le tracé contient leur position : ` +
        adjacency.placed.map((p) => `${names.get(p.commune)} (${p.commune}) dans ${containerNames.get(p.inside) ?? p.inside}`).join(', '),
    );
  }
  if (adjacency.unknown.length) {
    report.note(
      `${adjacency.unknown.length} commune(s) sans tracé ni position dans un tracé, contiguïté non vérifiable : ` +
        adjacency.unknown.map((c) => `${names.get(c)} (${c})`).join(', '),
    );
  }
  ctx.progress.done(report);
}

async function importClpe(ctx: ImportContext): Promise<void> {
  const file = findFile(ctx.dir, CLPE_FOLDER, CLPE_FILE);
  if (!file) return;
  const hash = crypto.createHash('sha256').update(fs.readFileSync(file.path)).digest('hex').slice(0, 12);
  const report = ctx.report(file.label, `sha256 ${hash}`);
  const { rows: known } = await sql<{ code: string }>`SELECT code FROM commune`.execute(ctx.trx);
  const communes = new Set(known.map((c) => c.code));
  const territories = new Map<string, { name: string; line: number }>();
  const links = new Map<string, { clpe: string; line: number }>();
  for await (const { line, row } of rowsOf(ctx, file, report, {
    encoding: 'utf-8',
    columns: ['commune_id', 'territoire_id', 'territoire_libelle'],
    floor: CLPE_FLOOR,
  })) {
    const commune = row.commune_id.trim().toUpperCase();
    const code = row.territoire_id.trim().toUpperCase();
    const name = row.territoire_libelle.trim();
    if (!COMMUNE_CODE.test(commune)) {
      report.reject(line, `code commune invalide : « ${commune.slice(0, 20)} »`);
      continue;
    }
    if (!CLPE_CODE.test(code)) {
      report.reject(
        line,
        `code de territoire CLPE invalide : « ${code.slice(0, 20)} » (attendu : CLPE suivi de 3 à 8 chiffres ou lettres, ex. CLPE44001)`,
      );
      continue;
    }
    if (!name) {
      report.reject(line, `territoire ${code} sans libellé`);
      continue;
    }
    if (communes.size && !communes.has(commune)) {
      report.reject(line, `commune ${commune} absente du code officiel géographique actuel`);
      continue;
    }
    const seen = links.get(commune);
    if (seen) {
      report.reject(line, `commune ${commune} déjà rattachée au territoire ${seen.clpe} (ligne ${seen.line})`);
      continue;
    }
    const territory = territories.get(code);
    if (territory && territory.name !== name) {
      report.reject(line, `territoire ${code} nommé « ${name} » ici et « ${territory.name} » ligne ${territory.line}`);
      continue;
    }
    if (!territory) territories.set(code, { name, line });
    links.set(commune, { clpe: code, line });
  }
  await syncReported(
    ctx,
    report,
    specs.clpe,
    [...territories].map(([code, t]) => ({ code, name: t.name })),
  );
  noteCounts(
    report,
    'rattachements commune → CLPE',
    await syncRows(
      ctx.trx,
      specs.clpeCommune,
      [...links].map(([commune, l]) => ({ commune, clpe: l.clpe })),
      ctx.runId,
    ),
  );
  report.note(`${territories.size} territoires CLPE, ${links.size} communes rattachées`);
  ctx.progress.done(report);
}
