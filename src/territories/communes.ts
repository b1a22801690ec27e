import { sql, type Kysely } from 'kysely';
import type { TerritorySchema } from './db.ts';
import { foldWords } from '../common/text.ts';
import { COMMUNE_CODE } from '../common/codes.ts';

type Db = Kysely<TerritorySchema>;

// ---------------------------------------------------------------------------------------------
// Name folding, shared by the importer (stored search columns) and the queries: both sides must
// fold the same way, so it is done here in JS rather than half in SQL.

const ARTICLES = new Set(['le', 'la', 'les', 'l']);
const SAINT: Record<string, string> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };

/** The two stored search keys of a commune name (see the commune table). */
export function searchKeys(name: string): { name: string; alt: string | null } {
  const words = foldWords(name)
    .split(' ')
    .map((w) => SAINT[w] ?? w);
  const alt = words.length > 1 && ARTICLES.has(words[0]) ? words.slice(1).join(' ') : null;
  return { name: words.join(' '), alt };
}

// Words no inner entry point starts with: "sur…" would match every "…-sur-Mer" in France.
const CONNECTORS = new Set([...ARTICLES, 'd', 'de', 'du', 'des', 'sur', 'sous', 'en', 'et', 'a', 'au', 'aux', 'lez', 'pres']);

/**
 * The inner-word entry points of a folded name: "saint avit saint nazaire" → "avit saint
 * nazaire", "saint nazaire", "nazaire". The whole name and the name without its article are
 * searched in the commune table itself.
 */
export function innerWords(searchName: string): string[] {
  const words = searchName.split(' ');
  const from = words.length > 1 && ARTICLES.has(words[0]) ? 2 : 1;
  const out = new Set<string>();
  for (let i = from; i < words.length; i++) if (!CONNECTORS.has(words[i])) out.add(words.slice(i).join(' '));
  return [...out];
}

/**
 * Folds what a user typed. The last word is expanded ("st" → "saint") only once it is finished
 * (followed by a space or a hyphen): while typing "st" the user may be heading for "Strasbourg".
 */
export function foldQuery(query: string): string {
  const words = foldWords(query).split(' ').filter(Boolean);
  const finished = /[^\p{L}\p{N}]$/u.test(query);
  return words.map((w, i) => (i < words.length - 1 || finished ? (SAINT[w] ?? w) : w)).join(' ');
}

// ---------------------------------------------------------------------------------------------

export interface CommuneHit {
  code: string;
  name: string;
  postcodes: string[];
  departement: string;
  population: number | null;
  lat: number | null;
  lon: number | null;
}

export interface CommuneDetail extends CommuneHit {
  region: string;
  /** 'polygone' (centroid of official polygons), 'approximatif' (GeoNames point or postcode town) or null. */
  positionSource: string | null;
  epci: { siren: string; name: string } | null;
  zoneEmploi: { code: string; name: string } | null;
  bassinBmo: { code: string; name: string } | null;
}

const HIT_COLUMNS = sql`c.code, c.name, c.postcodes, c.departement, c.population, c.lat, c.lon`;

/**
 * Autocomplete by name or postcode, called on each keystroke. Names: the exact name first
 * ("nantes" before Nantes-en-Ratier), then prefixes of the folded name or of the name without
 * its article ("sables d olonne"), then prefixes of an inner word ("nazaire"); bigger towns first
 * within each. When nothing matches so, names within pg_trgm's word similarity (typos).
 * Digits: postcode prefix ("490"), bigger towns first.
 */
export async function searchCommunes(db: Db, query: string, options: { limit?: number; region?: string } = {}): Promise<CommuneHit[]> {
  const limit = Math.max(1, Math.min(options.limit ?? 10, 100));
  // The deployment's région first (a person near Nantes typing "boulanger" does not mean Boulange,
  // Moselle): its communes lead every tier, and a typo is only guessed among them.
  const home = options.region ? sql`(c.region = ${options.region}) DESC,` : sql``;
  const fuzzyWhere = options.region ? sql`AND c.region = ${options.region}` : sql``;
  const compact = query.replace(/\s+/g, '');
  if (/^\d{1,5}$/.test(compact)) return searchByPostcode(db, compact, limit);
  if (/^2[AB]\d{3}$/i.test(compact)) {
    // A Corsican INSEE code (all-digit codes went through the postcode branch).
    const c = await getCommune(db, compact.toUpperCase());
    if (c) return [toHit(c)];
  }
  const q = foldQuery(query);
  if (!q) return [];
  const prefix = `${q}%`;
  // Three tiers, each cut to `limit` on its own so that a common prefix ("saint": 4,000 communes)
  // can walk the population index instead of sorting every match. Every tier is a btree range.
  const inner =
    q.length >= 2
      ? sql`UNION ALL (SELECT 2 AS tier, ${HIT_COLUMNS} FROM commune c
        WHERE c.code IN (SELECT w.commune FROM commune_word w WHERE w.word LIKE ${prefix})
        ORDER BY ${home} c.population DESC NULLS LAST, c.code LIMIT ${limit})`
      : sql``;
  const { rows } = await sql<CommuneHit & { tier: number }>`
    (SELECT 0 AS tier, ${HIT_COLUMNS} FROM commune c WHERE c.search_name = ${q}
      ORDER BY ${home} c.population DESC NULLS LAST, c.code LIMIT ${limit})
    UNION ALL
    (SELECT 1 AS tier, ${HIT_COLUMNS} FROM commune c WHERE c.search_name LIKE ${prefix} OR c.search_alt LIKE ${prefix}
      ORDER BY ${home} c.population DESC NULLS LAST, c.code LIMIT ${limit})
    ${inner}`.execute(db);
  const hits = distinct(rows).slice(0, limit);
  if (hits.length || q.length < 3) return hits;

  // Nothing starts that way: a typo? `search_name %> q` (indexed column on the left) is
  // word_similarity(q, search_name) ≥ 0.6.
  const { rows: fuzzy } = await sql<CommuneHit>`
    SELECT ${HIT_COLUMNS} FROM commune c
    WHERE c.search_name %> ${q}::text ${fuzzyWhere}
    ORDER BY word_similarity(${q}::text, c.search_name) DESC, c.population DESC NULLS LAST, c.code
    LIMIT ${limit}`.execute(db);
  return fuzzy;
}

/** First occurrence of each commune, in tier order, without the tier column. */
function distinct(rows: (CommuneHit & { tier: number })[]): CommuneHit[] {
  const seen = new Set<string>();
  const out: CommuneHit[] = [];
  for (const { tier, ...hit } of rows.sort((a, b) => a.tier - b.tier)) {
    if (seen.has(hit.code)) continue;
    seen.add(hit.code);
    out.push(hit);
  }
  return out;
}

async function searchByPostcode(db: Db, digits: string, limit: number): Promise<CommuneHit[]> {
  const { rows } = await sql<CommuneHit>`
    SELECT ${HIT_COLUMNS} FROM commune c
    WHERE EXISTS (SELECT 1 FROM commune_postcode p WHERE p.commune = c.code AND p.postcode LIKE ${`${digits}%`})
    ORDER BY c.population DESC NULLS LAST, c.code
    LIMIT ${limit}`.execute(db);
  // Five digits may also be an INSEE code (44109): offer that commune after the postcode matches.
  if (digits.length === 5 && rows.length < limit && !rows.some((r) => r.code === digits)) {
    const c = await getCommune(db, digits);
    if (c) rows.push(toHit(c));
  }
  return rows;
}

function toHit(c: CommuneDetail): CommuneHit {
  return {
    code: c.code,
    name: c.name,
    postcodes: c.postcodes,
    departement: c.departement,
    population: c.population,
    lat: c.lat,
    lon: c.lon,
  };
}

/** A current commune by INSEE code, with its EPCI, zone d'emploi and bassin BMO. */
export async function getCommune(db: Db, code: string): Promise<CommuneDetail | undefined> {
  const { rows } = await sql<
    CommuneDetail & {
      epci_siren: string | null;
      epci_name: string | null;
      ze_code: string | null;
      ze_name: string | null;
      bmo_code: string | null;
      bmo_name: string | null;
    }
  >`
    SELECT ${HIT_COLUMNS}, c.region, c.position_source AS "positionSource",
      e.siren AS epci_siren, e.name AS epci_name, z.code AS ze_code, z.name AS ze_name,
      b.code AS bmo_code, b.name AS bmo_name
    FROM commune c
    LEFT JOIN epci e ON e.siren = c.epci
    LEFT JOIN zone_emploi z ON z.code = c.zone_emploi
    LEFT JOIN bassin_bmo b ON b.code = c.bassin_bmo
    WHERE c.code = ${code}`.execute(db);
  const r = rows[0];
  if (!r) return undefined;
  return {
    code: r.code,
    name: r.name,
    postcodes: r.postcodes,
    departement: r.departement,
    region: r.region,
    population: r.population,
    lat: r.lat,
    lon: r.lon,
    positionSource: r.positionSource,
    epci: r.epci_siren ? { siren: r.epci_siren, name: r.epci_name! } : null,
    zoneEmploi: r.ze_code ? { code: r.ze_code, name: r.ze_name! } : null,
    bassinBmo: r.bmo_code ? { code: r.bmo_code, name: r.bmo_name! } : null,
  };
}

export interface FoundCommune {
  commune: CommuneDetail;
  matchedBy: 'code' | 'postcode';
  /** Communes sharing the postcode (1 when it is not shared). */
  sharedBy: number;
  /** Set when the answer is a choice among several communes, for the user to read. */
  note?: string;
}

/**
 * INSEE code or postcode → one commune. The INSEE code wins (13001 is Aix-en-Provence's code and
 * a Marseille postcode); a postcode shared by several communes gives the most populated one,
 * and the note says so.
 */
export async function findCommune(db: Db, codeOrPostcode: string): Promise<FoundCommune | undefined> {
  const key = codeOrPostcode.trim().toUpperCase();
  if (COMMUNE_CODE.test(key)) {
    const commune = await getCommune(db, key);
    if (commune) return { commune, matchedBy: 'code', sharedBy: 1 };
  }
  if (!/^\d{5}$/.test(key)) return undefined;
  const { rows } = await sql<{ code: string; name: string }>`
    SELECT c.code, c.name FROM commune_postcode p JOIN commune c ON c.code = p.commune
    WHERE p.postcode = ${key}
    ORDER BY c.population DESC NULLS LAST, c.code`.execute(db);
  if (!rows.length) return undefined;
  const commune = (await getCommune(db, rows[0].code))!;
  const found: FoundCommune = { commune, matchedBy: 'postcode', sharedBy: rows.length };
  if (rows.length > 1) {
    found.note =
      `Le code postal ${key} est partagé par ${rows.length} communes ; ` +
      `la plus peuplée est retenue : ${commune.name} (${commune.code}).`;
  }
  return found;
}

export interface TerritoryCounts {
  region: string;
  communes: number;
  departements: number;
  epci: {
    /** EPCI with at least one member commune in the region. */
    total: number;
    inside: number;
    /** Also have members outside the region. */
    across: { siren: string; name: string; inside: number; members: number }[];
  };
  /** Zones d'emploi with at least one commune in the region (current code, else published region). */
  zonesEmploi: { code: string; name: string }[];
  bassinsBmo: { code: string; name: string }[];
  positions: { polygone: number; approximatif: number; aucune: number };
}

/** Sizes of a region's territories, for tests and `data status`. */
export async function territoryCounts(db: Db, region: string): Promise<TerritoryCounts> {
  const {
    rows: [c],
  } = await sql<{ communes: number; departements: number; polygone: number; approximatif: number; aucune: number }>`
    SELECT count(*)::int AS communes, count(DISTINCT departement)::int AS departements,
      count(*) FILTER (WHERE position_source = 'polygone')::int AS polygone,
      count(*) FILTER (WHERE position_source = 'approximatif')::int AS approximatif,
      count(*) FILTER (WHERE lat IS NULL)::int AS aucune
    FROM commune WHERE region = ${region}`.execute(db);
  const { rows: epci } = await sql<{ siren: string; name: string; inside: number; members: number }>`
    SELECT e.siren, e.name, count(*) FILTER (WHERE c.region = ${region})::int AS inside, count(*)::int AS members
    FROM epci e JOIN epci_commune ec ON ec.siren = e.siren JOIN commune c ON c.code = ec.commune
    WHERE e.siren IN (SELECT ec2.siren FROM epci_commune ec2 JOIN commune c2 ON c2.code = ec2.commune
                      WHERE c2.region = ${region})
    GROUP BY e.siren, e.name ORDER BY e.siren`.execute(db);
  const { rows: zones } = await sql<{ code: string; name: string }>`
    SELECT DISTINCT z.code, z.name FROM zone_emploi_commune zc
    JOIN zone_emploi z ON z.code = zc.zone_emploi
    LEFT JOIN commune c ON c.code = zc.commune
    WHERE coalesce(c.region, zc.region) = ${region} ORDER BY z.code`.execute(db);
  const { rows: bassins } = await sql<{ code: string; name: string }>`
    SELECT DISTINCT b.code, b.name FROM bassin_bmo_commune bc
    JOIN bassin_bmo b ON b.code = bc.bassin
    LEFT JOIN commune c ON c.code = bc.commune
    WHERE coalesce(c.region, bc.region) = ${region} ORDER BY b.code`.execute(db);
  return {
    region,
    communes: c.communes,
    departements: c.departements,
    epci: {
      total: epci.length,
      inside: epci.filter((e) => e.inside === e.members).length,
      across: epci.filter((e) => e.inside < e.members),
    },
    zonesEmploi: zones,
    bassinsBmo: bassins,
    positions: { polygone: c.polygone, approximatif: c.approximatif, aucune: c.aucune },
  };
}
