/**
 * The measures behind the indicators (indicators-catalogue.ts): each reads its source and returns,
 * for the latest vintage and the one before, the parts of every commune of the région, a
 * numerator and a denominator. A figure published for a wider unit (bassin, département) is
 * spread over the unit's communes: a count in proportion to their population, a rate as the rate
 * times their population (so that a territory gets the population-weighted mean of its units).
 */
import { sql } from 'kysely';
import { haversineKm } from '../trainings/index.ts';
import { computeCoverage } from './coverage.ts';
import { coverageDb } from './coverage-db.ts';
import { DEFAULT_RADIUS_KM } from './coverage-contract.ts';
import type { FiguresDb } from './figures-db.ts';
import type { MeasureId } from './indicators-catalogue.ts';

export interface RegionCommune {
  code: string;
  name: string;
  departement: string;
  population: number;
  epci: string | null;
  zone_emploi: string | null;
  /** Bassin BMO of the latest survey (commune → bassin table), else the territories' one. */
  bassin: string | null;
  /** Bassin BMO 2019, as the 2021 tension file draws them. */
  bassin2019: string | null;
  clpe: string | null;
}

/** Commune code → [numerator, denominator]. */
export type Parts = Map<string, [number, number]>;

export interface Measured {
  vintage: string | null;
  previousVintage: string | null;
  current: Parts | null;
  previous: Parts | null;
  /** The région's own published value (a rate published for the région too), current and previous. */
  regional?: [number | null, number | null];
}

export interface MeasureContext {
  db: FiguresDb;
  region: string;
  communes: readonly RegionCommune[];
}

type Measure = (ctx: MeasureContext) => Promise<Measured>;

const add = (parts: Parts, commune: string, num: number, den: number) => {
  const p = parts.get(commune);
  if (p) {
    p[0] += num;
    p[1] += den;
  } else parts.set(commune, [num, den]);
};

/** A count (and its denominator) published per unit, spread over its communes by population. */
function spreadCount(
  communes: readonly RegionCommune[],
  unitOf: (c: RegionCommune) => string | null,
  units: ReadonlyMap<string, [number, number]>,
): Parts {
  const unitPopulation = new Map<string, number>();
  const unitCommunes = new Map<string, number>();
  for (const c of communes) {
    const u = unitOf(c);
    if (u == null || !units.has(u)) continue;
    unitPopulation.set(u, (unitPopulation.get(u) ?? 0) + c.population);
    unitCommunes.set(u, (unitCommunes.get(u) ?? 0) + 1);
  }
  const parts: Parts = new Map();
  for (const c of communes) {
    const u = unitOf(c);
    const figure = u == null ? undefined : units.get(u);
    if (!figure || u == null) continue;
    const pop = unitPopulation.get(u) ?? 0;
    // A unit with no inhabitant known is shared equally between its communes.
    const share = pop > 0 ? c.population / pop : 1 / (unitCommunes.get(u) ?? 1);
    parts.set(c.code, [figure[0] * share, figure[1] * share]);
  }
  return parts;
}

/** A rate published per unit: each commune weighs its population. */
function spreadRate(
  communes: readonly RegionCommune[],
  unitOf: (c: RegionCommune) => string | null,
  rates: ReadonlyMap<string, number>,
): Parts {
  const parts: Parts = new Map();
  for (const c of communes) {
    const u = unitOf(c);
    const rate = u == null ? undefined : rates.get(u);
    if (rate !== undefined) parts.set(c.code, [rate * c.population, c.population]);
  }
  return parts;
}

/** The last two vintages of a list, newest first. */
const lastTwo = (vintages: readonly string[]): [string | null, string | null] => {
  const sorted = [...new Set(vintages)].sort().reverse();
  return [sorted[0] ?? null, sorted[1] ?? null];
};

// ---- BMO: by (bassin, département part) of the latest survey.

async function bmo(ctx: MeasureContext, part: 'projets' | 'difficiles' | 'saisonniers' | 'habitant'): Promise<Measured> {
  const { db, communes } = ctx;
  const departements = [...new Set(communes.map((c) => c.departement))];
  if (!departements.length) return empty();
  const rows = await db
    .selectFrom('steering_bmo')
    .select(['vintage', 'bassin', 'departement'])
    .select((eb) => [
      eb.fn.sum<number>('projets').as('projets'),
      eb.fn.sum<number>(sql`case when difficiles is not null and projets is not null then projets end`).as('projets_d'),
      eb.fn.sum<number>(sql`case when projets is not null then difficiles end`).as('difficiles'),
      eb.fn.sum<number>(sql`case when saisonniers is not null and projets is not null then projets end`).as('projets_s'),
      eb.fn.sum<number>(sql`case when projets is not null then saisonniers end`).as('saisonniers'),
    ])
    .where('departement', 'in', departements)
    .groupBy(['vintage', 'bassin', 'departement'])
    .execute();
  const [vintage, previousVintage] = lastTwo(rows.map((r) => r.vintage));
  const unitOf = (c: RegionCommune) => (c.bassin ? `${c.bassin}|${c.departement}` : null);
  const partsOf = (v: string | null) => {
    if (!v) return null;
    const units = new Map<string, [number, number]>();
    for (const r of rows.filter((x) => x.vintage === v)) {
      const key = `${r.bassin}|${r.departement}`;
      const n = (x: unknown) => Number(x ?? 0);
      if (part === 'projets' || part === 'habitant') units.set(key, [n(r.projets), 0]);
      else if (part === 'difficiles') units.set(key, [n(r.difficiles), n(r.projets_d)]);
      else units.set(key, [n(r.saisonniers), n(r.projets_s)]);
    }
    const parts = spreadCount(communes, unitOf, units);
    if (part === 'habitant') for (const c of communes) add(parts, c.code, 0, c.population);
    return parts;
  };
  return { vintage, previousVintage, current: partsOf(vintage), previous: partsOf(previousVintage) };
}

// ---- Tension of job offers by ROME × bassin BMO (2019 bassins).

async function offersInTension(ctx: MeasureContext): Promise<Measured> {
  const rows = await ctx.db
    .selectFrom('tension_rome_bassin')
    .select(['vintage', 'geo_code'])
    .select((eb) => [
      eb.fn.sum<number>(sql`case when tension >= 4 then offres else 0 end`).as('tension'),
      eb.fn.sum<number>('offres').as('offres'),
    ])
    .where('geo_level', '=', 'bassin')
    .where('geo_code', 'in', [...new Set(ctx.communes.map((c) => c.bassin2019 ?? '-'))])
    .groupBy(['vintage', 'geo_code'])
    .execute();
  const [vintage, previousVintage] = lastTwo(rows.map((r) => r.vintage));
  const partsOf = (v: string | null) =>
    v
      ? spreadCount(
          ctx.communes,
          (c) => c.bassin2019,
          new Map(rows.filter((r) => r.vintage === v).map((r) => [r.geo_code, [Number(r.tension), Number(r.offres)]])),
        )
      : null;
  return { vintage, previousVintage, current: partsOf(vintage), previous: partsOf(previousVintage) };
}

// ---- Rates published by département and région (INSEE unemployment, DARES tension).

async function departementRates(
  ctx: MeasureContext,
  rows: { vintage: string; geo_level: string; geo_code: string; value: number }[],
): Promise<Measured> {
  const dep = rows.filter((r) => r.geo_level === 'dep');
  const [vintage, previousVintage] = lastTwo(dep.map((r) => r.vintage));
  const partsOf = (v: string | null) =>
    v
      ? spreadRate(ctx.communes, (c) => c.departement, new Map(dep.filter((r) => r.vintage === v).map((r) => [r.geo_code, r.value])))
      : null;
  const regional = (v: string | null) =>
    rows.find((r) => r.geo_level === 'reg' && r.geo_code === ctx.region && r.vintage === v)?.value ?? null;
  return {
    vintage,
    previousVintage,
    current: partsOf(vintage),
    previous: partsOf(previousVintage),
    regional: [regional(vintage), regional(previousVintage)],
  };
}

async function unemployment(ctx: MeasureContext): Promise<Measured> {
  const deps = [...new Set(ctx.communes.map((c) => c.departement))];
  const rows = await ctx.db
    .selectFrom('chomage')
    .select(['vintage', 'geo_level', 'geo_code', 'taux as value'])
    .where((eb) =>
      eb.or([
        eb.and([eb('geo_level', '=', 'dep'), eb('geo_code', 'in', deps.length ? deps : ['-'])]),
        eb.and([eb('geo_level', '=', 'reg'), eb('geo_code', '=', ctx.region)]),
      ]),
    )
    .execute();
  return departementRates(ctx, rows);
}

async function daresTension(ctx: MeasureContext): Promise<Measured> {
  const deps = [...new Set(ctx.communes.map((c) => c.departement))];
  const rows = await ctx.db
    .selectFrom('dares_tension')
    .select(['vintage', 'geo_level', 'geo_code'])
    .select(sql<number>`sum(tension * emploi_moyen) / nullif(sum(emploi_moyen), 0)`.as('value'))
    .where('nomenclature', '=', 'FAP 225')
    .where('tension', 'is not', null)
    .where('emploi_moyen', '>', 0)
    .where((eb) =>
      eb.or([
        eb.and([eb('geo_level', '=', 'dep'), eb('geo_code', 'in', deps.length ? deps : ['-'])]),
        eb.and([eb('geo_level', '=', 'reg'), eb('geo_code', '=', ctx.region)]),
      ]),
    )
    .groupBy(['vintage', 'geo_level', 'geo_code'])
    .execute();
  return departementRates(
    ctx,
    rows.filter((r) => r.value != null).map((r) => ({ ...r, value: Number(r.value) })),
  );
}

// ---- Schools: where each UAI stands.

async function schoolCommunes(ctx: MeasureContext): Promise<Map<string, string>> {
  const inRegion = new Set(ctx.communes.map((c) => c.code));
  const where = new Map<string, string>();
  // The CFA directory first (addresses of the apprenticeship centres), then the Affelnet offer file.
  const cfa = await ctx.db.selectFrom('apprenticeship_cfa').select(['uai', 'commune']).where('commune', 'is not', null).execute();
  for (const r of cfa) if (r.commune && inRegion.has(r.commune)) where.set(r.uai, r.commune);
  const schools = await ctx.db.selectFrom('steering_uai_commune').select(['uai', 'commune']).execute();
  for (const r of schools) if (inRegion.has(r.commune) && !where.has(r.uai)) where.set(r.uai, r.commune);
  return where;
}

async function inserjeunes(ctx: MeasureContext, field: 'taux_emploi_6_mois' | 'taux_poursuite_etudes'): Promise<Measured> {
  const where = await schoolCommunes(ctx);
  const rows = await ctx.db
    .selectFrom('inserjeunes_etablissement')
    .select(['vintage', 'geo_code', field])
    .where('segment', '=', 'ensemble')
    .where(field, 'is not', null)
    .execute();
  const [vintage, previousVintage] = lastTwo(rows.map((r) => r.vintage));
  const partsOf = (v: string | null) => {
    if (!v) return null;
    const parts: Parts = new Map();
    for (const r of rows) {
      const commune = r.vintage === v ? where.get(r.geo_code) : undefined;
      if (commune) add(parts, commune, Number(r[field]), 1);
    }
    return parts;
  };
  return { vintage, previousVintage, current: partsOf(vintage), previous: partsOf(previousVintage) };
}

async function demand(
  ctx: MeasureContext,
  source: 'affelnet' | 'parcoursup',
  part: 'capacite' | 'habitant' | 'pression',
): Promise<Measured> {
  const where = await schoolCommunes(ctx);
  const rows = await ctx.db
    .selectFrom('steering_demand')
    .select(['vintage', 'uai'])
    .select((eb) => [eb.fn.sum<number>('capacity').as('capacity'), eb.fn.sum<number>('wishes').as('wishes')])
    .where('source', '=', source)
    .where('capacity', '>', 0)
    .groupBy(['vintage', 'uai'])
    .execute();
  const [vintage, previousVintage] = lastTwo(rows.map((r) => r.vintage));
  const partsOf = (v: string | null) => {
    if (!v) return null;
    const parts: Parts = new Map();
    for (const r of rows) {
      const commune = r.vintage === v ? where.get(r.uai) : undefined;
      if (!commune) continue;
      if (part === 'pression') add(parts, commune, Number(r.wishes ?? 0), Number(r.capacity));
      else add(parts, commune, Number(r.capacity), 0);
    }
    if (part === 'habitant') for (const c of ctx.communes) add(parts, c.code, 0, c.population);
    return parts;
  };
  return { vintage, previousVintage, current: partsOf(vintage), previous: partsOf(previousVintage) };
}

async function cfaCount(ctx: MeasureContext): Promise<Measured> {
  const where = await schoolCommunes(ctx);
  const cfa = await ctx.db.selectFrom('apprenticeship_cfa').select('uai').execute();
  const parts: Parts = new Map();
  for (const r of cfa) {
    const commune = where.get(r.uai);
    if (commune) add(parts, commune, 1, 0);
  }
  return { vintage: await importedOn(ctx, 'apprenticeship_cfa'), previousVintage: null, current: parts, previous: null };
}

// ---- Baromètre: December cumulated values by département.

async function barometer(ctx: MeasureContext, indicator: 'IND-313' | 'IND-314'): Promise<Measured> {
  const deps = [...new Set(ctx.communes.map((c) => c.departement))];
  const rows = await ctx.db
    .selectFrom('steering_barometre')
    .select(['geo_code', 'month', 'value'])
    .where('indicator', '=', indicator)
    .where('geo_level', '=', 'dep')
    .where('geo_code', 'in', deps.length ? deps : ['-'])
    .where('month', 'like', '%-12')
    .execute();
  // A year counts once every département has its December.
  const years = [...new Set(rows.map((r) => r.month.slice(0, 4)))].filter(
    (y) => rows.filter((r) => r.month.startsWith(y)).length === deps.length,
  );
  const [vintage, previousVintage] = lastTwo(years);
  const partsOf = (y: string | null) =>
    y
      ? spreadCount(
          ctx.communes,
          (c) => c.departement,
          new Map(rows.filter((r) => r.month === `${y}-12`).map((r) => [r.geo_code, [r.value, 0]])),
        )
      : null;
  return { vintage, previousVintage, current: partsOf(vintage), previous: partsOf(previousVintage) };
}

// ---- Counselling points and their coverage.

async function coverageParts(ctx: MeasureContext): Promise<Measured> {
  const { communes, nearestKm } = await computeCoverage(coverageDb(ctx.db), { region: ctx.region });
  const parts: Parts = new Map();
  communes.forEach((c, i) => {
    const km = nearestKm[i];
    parts.set(c.code, [km != null && km <= DEFAULT_RADIUS_KM ? c.population : 0, c.population]);
  });
  return { vintage: await importedOn(ctx, 'steering_point'), previousVintage: null, current: parts, previous: null };
}

async function pointCount(ctx: MeasureContext): Promise<Measured> {
  const points = await ctx.db.selectFrom('steering_point').select(['commune', 'lat', 'lon']).where('removed_at', 'is', null).execute();
  const inRegion = new Set(ctx.communes.map((c) => c.code));
  const centres = await ctx.db
    .selectFrom('commune')
    .select(['code', 'lat', 'lon'])
    .where('region', '=', ctx.region)
    .where('lat', 'is not', null)
    .execute();
  const parts: Parts = new Map();
  for (const p of points) {
    // A point without its commune (an agency known by its position only) counts in the commune
    // whose centre is nearest, if that centre lies within 10 km.
    const commune = p.commune ?? nearestCentre(centres, p.lat, p.lon, 10);
    if (commune && inRegion.has(commune)) add(parts, commune, 1, 0);
  }
  return { vintage: await importedOn(ctx, 'steering_point'), previousVintage: null, current: parts, previous: null };
}

function nearestCentre(
  centres: readonly { code: string; lat: number | null; lon: number | null }[],
  lat: number,
  lon: number,
  maxKm: number,
): string | null {
  let best: string | null = null;
  let bestKm = maxKm;
  for (const c of centres) {
    if (c.lat == null || c.lon == null || Math.abs(c.lat - lat) > 0.1) continue;
    const km = haversineKm(lat, lon, c.lat, c.lon);
    if (km <= bestKm) [best, bestKm] = [c.code, km];
  }
  return best;
}

/** The state of a table kept up to date (directory, points): the day of its last change. */
async function importedOn(ctx: MeasureContext, table: 'apprenticeship_cfa' | 'steering_point'): Promise<string | null> {
  const row = await sql<{ day: string | null }>`
    SELECT to_char(max(r.finished_at), 'YYYY-MM-DD') AS day
    FROM import_run r WHERE r.id IN (SELECT DISTINCT run_id FROM ${sql.table(table)})`.execute(ctx.db);
  return row.rows[0]?.day ?? null;
}

function empty(): Measured {
  return { vintage: null, previousVintage: null, current: null, previous: null };
}

export const MEASURES: Record<MeasureId, Measure> = {
  'bmo-projets': (ctx) => bmo(ctx, 'projets'),
  'bmo-difficiles': (ctx) => bmo(ctx, 'difficiles'),
  'bmo-saisonniers': (ctx) => bmo(ctx, 'saisonniers'),
  'bmo-par-habitant': (ctx) => bmo(ctx, 'habitant'),
  'offres-en-tension': offersInTension,
  'tension-dares': daresTension,
  chomage: unemployment,
  'inserjeunes-emploi': (ctx) => inserjeunes(ctx, 'taux_emploi_6_mois'),
  'inserjeunes-poursuite': (ctx) => inserjeunes(ctx, 'taux_poursuite_etudes'),
  'affelnet-capacite': (ctx) => demand(ctx, 'affelnet', 'capacite'),
  'affelnet-par-habitant': (ctx) => demand(ctx, 'affelnet', 'habitant'),
  'affelnet-pression': (ctx) => demand(ctx, 'affelnet', 'pression'),
  'parcoursup-pression': (ctx) => demand(ctx, 'parcoursup', 'pression'),
  cfa: cfaCount,
  'barometre-apprentissage': (ctx) => barometer(ctx, 'IND-313'),
  'barometre-cej': (ctx) => barometer(ctx, 'IND-314'),
  couverture: coverageParts,
  points: pointCount,
};
