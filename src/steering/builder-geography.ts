/**
 * The région as the builder sees it: its communes (name, département, population, EPCI), its
 * EPCI (with the communes they hold outside the région) and which communes share a border. Read
 * once per data version (the last import run) and kept in memory: a check then runs without the
 * database.
 */
import { sql } from 'kysely';
import { NotFoundError } from '../platform/errors.ts';
import type { BuilderDb } from './builder-db.ts';
import { currentFigures, type CommuneFigures } from './indicators.ts';

export interface GeoCommune {
  code: string;
  name: string;
  departement: string;
  population: number;
  epci: string | null;
}

export interface GeoEpci {
  siren: string;
  name: string;
  /** Its communes in the région, by code. */
  communes: string[];
  /** How many of its communes lie outside the région, and in which départements. */
  outside: { count: number; population: number; departements: string[] };
}

export interface Geography {
  region: { code: string; name: string };
  communes: Map<string, GeoCommune>;
  epci: Map<string, GeoEpci>;
  /** Neighbours of each commune of the région (communes of the région only). */
  neighbours: Map<string, string[]>;
  /** Whether the outlines were there to compute neighbours at all. */
  drawn: boolean;
  /**
   * Communes cut off from the région's mainland (islands: L'Île-d'Yeu, Noirmoutier…): each
   * separate group of the région's adjacency graph other than the largest.
   */
  islands: Set<string>;
  /** The steering figures of the région's communes: a draft's indicators are summed from them. */
  figures: CommuneFigures;
}

const cache = new WeakMap<object, { run: number | null; region: string; geo: Promise<Geography> }[]>();

/** The région's geography for the current data version (read again after an import). */
export async function loadGeography(db: BuilderDb, region: string): Promise<Geography> {
  const { rows } = await sql<{ run: number | null }>`SELECT max(id) AS run FROM import_run`.execute(db);
  const run = rows[0]?.run ?? null;
  const entries = cache.get(db) ?? [];
  const hit = entries.find((e) => e.run === run && e.region === region);
  if (hit) return hit.geo;
  const geo = readGeography(db, region);
  // A failed read is not kept.
  geo.catch(() =>
    cache.set(
      db,
      (cache.get(db) ?? []).filter((e) => e.geo !== geo),
    ),
  );
  cache.set(db, [...entries.filter((e) => e.region !== region), { run, region, geo }]);
  return geo;
}

async function readGeography(db: BuilderDb, regionCode: string): Promise<Geography> {
  const region = await db.selectFrom('region').select(['code', 'name']).where('code', '=', regionCode).executeTakeFirst();
  if (!region) throw new NotFoundError(`région ${regionCode} inconnue (les territoires sont-ils importés ?)`);
  const communeRows = await db
    .selectFrom('commune')
    .select(['code', 'name', 'departement', 'population', 'epci'])
    .where('region', '=', regionCode)
    .orderBy('code')
    .execute();
  const communes = new Map<string, GeoCommune>(communeRows.map((c) => [c.code, { ...c, population: c.population ?? 0 }]));
  const { rows: memberships } = await sql<{
    siren: string;
    name: string;
    commune: string;
    region: string;
    departement: string;
    population: number | null;
  }>`
    SELECT e.siren, e.name, ec.commune, c.region, c.departement, c.population
    FROM epci e JOIN epci_commune ec ON ec.siren = e.siren JOIN commune c ON c.code = ec.commune
    WHERE e.siren IN (SELECT DISTINCT epci FROM commune WHERE region = ${regionCode} AND epci IS NOT NULL)
    ORDER BY e.siren, ec.commune`.execute(db);
  const epci = new Map<string, GeoEpci>();
  for (const m of memberships) {
    let e = epci.get(m.siren);
    if (!e) {
      e = { siren: m.siren, name: m.name, communes: [], outside: { count: 0, population: 0, departements: [] } };
      epci.set(m.siren, e);
    }
    if (m.region === regionCode) e.communes.push(m.commune);
    else {
      e.outside.count++;
      e.outside.population += m.population ?? 0;
      if (!e.outside.departements.includes(m.departement)) e.outside.departements.push(m.departement);
    }
  }
  const { rows: pairs } = await sql<{ commune: string; neighbour: string }>`
    SELECT a.commune, a.neighbour FROM steering_commune_adjacency a
    JOIN commune c ON c.code = a.commune AND c.region = ${regionCode}
    JOIN commune n ON n.code = a.neighbour AND n.region = ${regionCode}`.execute(db);
  const neighbours = new Map<string, string[]>();
  for (const p of pairs) {
    const list = neighbours.get(p.commune);
    if (list) list.push(p.neighbour);
    else neighbours.set(p.commune, [p.neighbour]);
  }
  const islands = new Set<string>();
  if (pairs.length) {
    const groups = components([...communes.keys()], neighbours);
    const largest = groups.reduce((a, b) => (b.length > a.length ? b : a), []);
    for (const g of groups) if (g !== largest) for (const c of g) islands.add(c);
  }
  return { region, communes, epci, neighbours, drawn: pairs.length > 0, islands, figures: await currentFigures(db, region.code) };
}

/** Connected groups of `nodes` in the graph restricted to them, each in the order first met. */
export function components(nodes: readonly string[], neighbours: ReadonlyMap<string, readonly string[]>): string[][] {
  const inside = new Set(nodes);
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const start of nodes) {
    if (seen.has(start)) continue;
    const group: string[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const c = stack.pop()!;
      group.push(c);
      for (const n of neighbours.get(c) ?? []) {
        if (inside.has(n) && !seen.has(n)) {
          seen.add(n);
          stack.push(n);
        }
      }
    }
    out.push(group);
  }
  return out;
}
