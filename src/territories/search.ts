/**
 * One search box for every kind of territory of the portrait (commune, EPCI, zone d'emploi,
 * bassin BMO, département, région): names folded like the commune search (accents, case,
 * "st" → "saint"), codes taken as they are.
 */
import { sql, type Kysely } from 'kysely';
import type { TerritorySchema } from './db.ts';
import { foldQuery, searchCommunes } from './communes.ts';
import type { PortraitLevel } from '../common/territory-levels.ts';

type Db = Kysely<TerritorySchema>;

export { PORTRAIT_LEVELS, type PortraitLevel } from '../common/territory-levels.ts';

export const LEVEL_LABELS: Record<PortraitLevel, string> = {
  commune: 'Commune',
  epci: 'Intercommunalité (EPCI)',
  'zone-emploi': 'Zone d’emploi',
  bassin: 'Bassin d’emploi (BMO)',
  departement: 'Département',
  region: 'Région',
};

export interface TerritoryHit {
  level: PortraitLevel;
  code: string;
  name: string;
  /** What tells it apart, in French ("Maine-et-Loire", "49000"…). */
  detail: string | null;
}

// The same folding as foldWords, in SQL (unaccent is installed by the platform migration).
const folded = (column: string) => sql`regexp_replace(lower(unaccent(${sql.ref(column)})), '[^a-z0-9]+', ' ', 'g')`;

/** Territories whose name contains the words typed (or whose code is the text typed), biggest kinds first within a match tier. */
export async function searchTerritories(db: Db, query: string, limit = 20): Promise<TerritoryHit[]> {
  const text = query.trim();
  if (!text) return [];
  const q = foldQuery(text);
  const code = text.toUpperCase().replace(/\s+/g, '');
  const like = `%${q}%`;
  const prefix = `${q}%`;
  const out: (TerritoryHit & { rank: number })[] = [];
  const rank = (name: string) => {
    const n = foldQuery(name);
    return n === q ? 0 : n.startsWith(q) ? 1 : 2;
  };
  if (q) {
    const { rows: regions } = await sql<{ code: string; name: string }>`
      SELECT code, name FROM region WHERE ${folded('name')} LIKE ${like} OR code = ${code} ORDER BY code`.execute(db);
    for (const r of regions) out.push({ level: 'region', code: r.code, name: r.name, detail: null, rank: rank(r.name) });
    const { rows: deps } = await sql<{ code: string; name: string; region: string }>`
      SELECT d.code, d.name, r.name AS region FROM departement d JOIN region r ON r.code = d.region
      WHERE ${folded('d.name')} LIKE ${like} OR d.code = ${code} ORDER BY d.code`.execute(db);
    for (const d of deps)
      out.push({
        level: 'departement',
        code: d.code,
        name: d.name,
        detail: `${d.code} · ${d.region}`,
        rank: d.code === code ? 0 : rank(d.name),
      });
    const { rows: zones } = await sql<{ code: string; name: string }>`
      SELECT code, name FROM zone_emploi WHERE ${folded('name')} LIKE ${like} OR code = ${code} ORDER BY code LIMIT ${limit}`.execute(db);
    for (const z of zones)
      out.push({ level: 'zone-emploi', code: z.code, name: z.name, detail: `zone d’emploi ${z.code}`, rank: rank(z.name) });
    const { rows: bassins } = await sql<{ code: string; name: string }>`
      SELECT code, name FROM bassin_bmo WHERE ${folded('name')} LIKE ${like} OR code = ${code} ORDER BY code LIMIT ${limit}`.execute(db);
    for (const b of bassins)
      out.push({ level: 'bassin', code: b.code, name: b.name, detail: `bassin BMO ${b.code}`, rank: rank(b.name) + 0.5 });
    const { rows: epci } = await sql<{ siren: string; name: string; population: number | null }>`
      SELECT siren, name, population FROM epci WHERE ${folded('name')} LIKE ${like} OR siren = ${code}
      ORDER BY (${folded('name')} LIKE ${prefix}) DESC, population DESC NULLS LAST LIMIT ${limit}`.execute(db);
    for (const e of epci)
      out.push({
        level: 'epci',
        code: e.siren,
        name: e.name,
        detail: e.population ? `${e.population.toLocaleString('fr-FR')} habitants` : null,
        rank: rank(e.name),
      });
  }
  const communes = await searchCommunes(db, text, { limit: 10 });
  for (const c of communes) {
    out.push({
      level: 'commune',
      code: c.code,
      name: c.name,
      detail: `${c.postcodes[0] ?? c.code} · département ${c.departement}`,
      rank: rank(c.name),
    });
  }
  const order: Record<PortraitLevel, number> = { region: 0, departement: 1, commune: 2, epci: 3, 'zone-emploi': 4, bassin: 5 };
  // Communes keep the order of the commune search (exact name, prefixes, bigger towns first).
  return out
    .map((hit, i) => ({ hit, i }))
    .sort((a, b) => a.hit.rank - b.hit.rank || order[a.hit.level] - order[b.hit.level] || a.i - b.i)
    .slice(0, limit)
    .map(({ hit: { rank: _rank, ...hit } }) => hit);
}
