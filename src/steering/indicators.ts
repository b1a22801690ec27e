/**
 * The steering indicators for every territory of a scale. Each measure gives every commune of the
 * région its parts (indicators-measures.ts); a territory, whatever its scale, is a set of whole
 * communes, and its value is the sum of its communes' numerators (a count) or that sum over the
 * sum of their denominators (a share, a rate, a ratio). A département therefore adds up to the
 * région for every count, and a drawn division gets its figures the same way.
 */
import { sql } from 'kysely';
import { InputError, NotFoundError } from '../platform/errors.ts';
import { DEFAULT_REGION } from './coverage-contract.ts';
import type { FiguresDb } from './figures-db.ts';
import { INDICATORS, methodOf, type IndicatorSpec, type MeasureId } from './indicators-catalogue.ts';
import type {
  IndicatorDefinition,
  IndicatorLevel,
  Indicators,
  IndicatorsQuery,
  IndicatorValue,
  TerritoryIndicators,
} from './indicators-contract.ts';
import { MEASURES, type Measured, type RegionCommune } from './indicators-measures.ts';

/** Every measure of a région's communes: computed once, then summed for any grouping. */
export interface CommuneFigures {
  region: { code: string; name: string };
  communes: readonly RegionCommune[];
  byCode: ReadonlyMap<string, RegionCommune>;
  measured: ReadonlyMap<MeasureId, Measured>;
}

export async function communeFigures(db: FiguresDb, regionCode = DEFAULT_REGION): Promise<CommuneFigures> {
  const region = await db.selectFrom('region').select(['code', 'name']).where('code', '=', regionCode).executeTakeFirst();
  if (!region) throw new NotFoundError(`région « ${regionCode} » inconnue`, 'region');
  const latestBassins = await db
    .selectFrom('steering_bassin_commune')
    .select((eb) => eb.fn.max('vintage').as('v'))
    .executeTakeFirst();
  const rows = await db
    .selectFrom('commune as c')
    .leftJoin('steering_clpe_commune as k', 'k.commune', 'c.code')
    .leftJoin('steering_bassin_commune as b', (join) => join.onRef('b.commune', '=', 'c.code').on('b.vintage', '=', latestBassins?.v ?? ''))
    .select(['c.code', 'c.name', 'c.departement', 'c.population', 'c.epci', 'c.zone_emploi', 'c.bassin_bmo', 'b.bassin', 'k.clpe'])
    .where('c.region', '=', regionCode)
    .orderBy('c.code')
    .execute();
  const communes: RegionCommune[] = rows.map((r) => ({
    code: r.code,
    name: r.name,
    departement: r.departement,
    population: r.population ?? 0,
    epci: r.epci,
    zone_emploi: r.zone_emploi,
    bassin: r.bassin ?? r.bassin_bmo,
    bassin2019: r.bassin_bmo,
    clpe: r.clpe,
  }));
  const ctx = { db, region: region.code, communes };
  const measured = new Map<MeasureId, Measured>();
  // One after the other: PGlite serves one query at a time anyway, and PostgreSQL's pool stays free.
  for (const spec of INDICATORS) {
    if (spec.measure && !measured.has(spec.measure)) measured.set(spec.measure, await MEASURES[spec.measure](ctx));
  }
  return { region, communes, byCode: new Map(communes.map((c) => [c.code, c])), measured };
}

const cache = new WeakMap<object, { stamp: string; region: string; figures: Promise<CommuneFigures> }[]>();

/**
 * The région's commune figures for the current data: computed again after an import or a change
 * of the counselling points (the only figures edited by hand), kept in memory otherwise.
 */
export async function currentFigures(db: FiguresDb, regionCode = DEFAULT_REGION): Promise<CommuneFigures> {
  const { rows } = await sql<{ stamp: string }>`
    SELECT concat_ws('|', (SELECT max(id) FROM import_run),
      (SELECT count(*) FROM steering_point WHERE removed_at IS NULL), (SELECT max(updated_at) FROM steering_point)) AS stamp`.execute(db);
  const stamp = rows[0]?.stamp ?? '';
  const entries = cache.get(db) ?? [];
  const hit = entries.find((e) => e.stamp === stamp && e.region === regionCode);
  if (hit) return hit.figures;
  const figures = communeFigures(db, regionCode);
  // A failed computation is not kept.
  figures.catch(() =>
    cache.set(
      db,
      (cache.get(db) ?? []).filter((e) => e.figures !== figures),
    ),
  );
  cache.set(db, [...entries.filter((e) => e.region !== regionCode), { stamp, region: regionCode, figures }]);
  return figures;
}

export function definitionsOf(figures: CommuneFigures): IndicatorDefinition[] {
  return INDICATORS.map((spec) => {
    const m = spec.measure ? figures.measured.get(spec.measure) : undefined;
    const calculated = !!m?.current;
    return {
      id: spec.id,
      label: spec.label,
      theme: spec.theme,
      formula: spec.formula,
      unit: spec.unit,
      direction: spec.direction,
      additive: spec.additive,
      status: calculated ? 'calcule' : 'pas-encore',
      sources: spec.sources,
      vintage: m?.vintage ?? null,
      previousVintage: m?.previous ? m.previousVintage : null,
      publishedAt: spec.publishedAt,
      levels: calculated ? ['region', 'departement', 'zone_emploi', 'bassin', 'epci', 'clpe', 'division'] : [],
      method: methodOf(spec),
      missing: calculated ? null : (spec.missing ?? `pas de données dans le lot : ${spec.sources.map((s) => s.file).join(', ')}`),
    } satisfies IndicatorDefinition;
  });
}

/** Whether a value at this level is computed from figures published for wider units. */
function estimatedAt(spec: IndicatorSpec, level: IndicatorLevel): boolean {
  switch (spec.publishedAt) {
    case 'commune':
    case 'etablissement':
      return false;
    case 'bassin':
      return !['bassin', 'departement', 'region'].includes(level);
    case 'departement':
      return !['departement', 'region'].includes(level);
    case 'region':
      return level !== 'region';
  }
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function sumOver(spec: IndicatorSpec, parts: Measured['current'], communes: readonly string[]): number | null {
  if (!parts) return null;
  let num = 0;
  let den = 0;
  let seen = false;
  for (const code of communes) {
    const p = parts.get(code);
    if (!p) continue;
    seen = true;
    num += p[0];
    den += p[1];
  }
  if (!seen) return null;
  if (spec.additive) return round(num, spec.digits);
  return den > 0 ? round((num / den) * spec.factor, spec.digits) : null;
}

/** The values of every indicator for one territory (a set of the région's communes). */
export function valuesFor(figures: CommuneFigures, level: IndicatorLevel, communes: readonly string[]): IndicatorValue[] {
  return INDICATORS.map((spec) => {
    const m = spec.measure ? figures.measured.get(spec.measure) : undefined;
    if (!m?.current) {
      return {
        id: spec.id,
        value: null,
        previous: null,
        estimated: false,
        note: `pas encore de données : ${spec.missing ?? 'source absente du lot'}`,
      };
    }
    // A rate the source publishes for the région itself is taken as published.
    const published = level === 'region' && m.regional;
    const value = published && m.regional?.[0] != null ? m.regional[0] : sumOver(spec, m.current, communes);
    const previous = published && m.regional?.[1] != null ? m.regional[1] : sumOver(spec, m.previous, communes);
    const estimated = value != null && estimatedAt(spec, level);
    return {
      id: spec.id,
      value,
      previous,
      estimated,
      note:
        value == null ? 'aucune donnée publiée pour les communes de ce territoire' : estimated ? `estimation : ${methodOf(spec)}` : null,
    };
  });
}

interface Group {
  code: string;
  name: string;
  communes: string[];
}

function groupBy(figures: CommuneFigures, keyOf: (c: RegionCommune) => string | null, names: ReadonlyMap<string, string>): Group[] {
  const groups = new Map<string, Group>();
  for (const c of figures.communes) {
    const key = keyOf(c);
    if (!key) continue;
    let g = groups.get(key);
    if (!g) {
      g = { code: key, name: names.get(key) ?? key, communes: [] };
      groups.set(key, g);
    }
    g.communes.push(c.code);
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.code.localeCompare(b.code));
}

const namesOf = (rows: { code: string; name: string }[]) => new Map(rows.map((r) => [r.code, r.name]));

/** The territories of a scale, each as its communes of the région. */
async function territoriesOf(
  db: FiguresDb,
  figures: CommuneFigures,
  level: IndicatorLevel,
  query: IndicatorsQuery,
): Promise<{ groups: Group[]; notes: string[] }> {
  const notes: string[] = [];
  const outside = (what: string) => {
    const n = figures.communes.filter((c) => c[what as keyof RegionCommune] == null).length;
    if (n)
      notes.push(
        `${n} commune(s) de la région sans ${what === 'epci' ? 'EPCI' : what.replace('_', ' ')} : comptées dans la région, pas à cette échelle.`,
      );
  };
  switch (level) {
    case 'region':
      return { groups: [{ code: figures.region.code, name: figures.region.name, communes: figures.communes.map((c) => c.code) }], notes };
    case 'departement': {
      const names = namesOf(
        await db.selectFrom('departement').select(['code', 'name']).where('region', '=', figures.region.code).execute(),
      );
      return { groups: groupBy(figures, (c) => c.departement, names), notes };
    }
    case 'zone_emploi': {
      outside('zone_emploi');
      return {
        groups: groupBy(figures, (c) => c.zone_emploi, namesOf(await db.selectFrom('zone_emploi').select(['code', 'name']).execute())),
        notes,
      };
    }
    case 'bassin': {
      outside('bassin');
      const names = namesOf(
        await db.selectFrom('steering_bassin_commune').select(['bassin as code', 'bassin_name as name']).distinct().execute(),
      );
      for (const [code, name] of namesOf(await db.selectFrom('bassin_bmo').select(['code', 'name']).execute()))
        if (!names.has(code)) names.set(code, name);
      return { groups: groupBy(figures, (c) => c.bassin, names), notes };
    }
    case 'epci': {
      outside('epci');
      return {
        groups: groupBy(figures, (c) => c.epci, namesOf(await db.selectFrom('epci').select(['siren as code', 'name']).execute())),
        notes,
      };
    }
    case 'clpe': {
      outside('clpe');
      return {
        groups: groupBy(figures, (c) => c.clpe, namesOf(await db.selectFrom('steering_clpe').select(['code', 'name']).execute())),
        notes,
      };
    }
    case 'division': {
      if (!query.division)
        throw new InputError('division', 'l’échelle « division » demande le numéro d’un découpage enregistré (division=…)');
      const division = await db
        .selectFrom('steering_division')
        .select(['name', 'territories'])
        .where('id', '=', query.division)
        .where('region', '=', figures.region.code)
        .executeTakeFirst();
      if (!division) throw new NotFoundError('découpage introuvable', 'division');
      notes.push(`Découpage « ${division.name} » : ses territoires tels qu’enregistrés (ses contrôles sont sur /pilotage/territoires).`);
      // Saved only after parseDivision (builder-check.ts) accepted them.
      const territories = division.territories as { name: string; epci?: string[]; communes?: string[] }[];
      return { groups: divisionGroups(figures, territories), notes };
    }
  }
}

/** The communes of each territory of a division (whole EPCI and loose communes), within the région. */
function divisionGroups(figures: CommuneFigures, territories: readonly { name: string; epci?: string[]; communes?: string[] }[]): Group[] {
  return territories.map((t, i) => {
    const epci = new Set(t.epci ?? []);
    const codes = new Set((t.communes ?? []).filter((c) => figures.byCode.has(c)));
    for (const c of figures.communes) if (c.epci && epci.has(c.epci)) codes.add(c.code);
    return { code: String(i + 1), name: t.name, communes: [...codes] };
  });
}

function territoryIndicators(figures: CommuneFigures, level: IndicatorLevel, group: Group): TerritoryIndicators {
  const members = group.communes.map((c) => figures.byCode.get(c)).filter((c): c is RegionCommune => !!c);
  return {
    level,
    code: group.code,
    name: group.name,
    departements: [...new Set(members.map((c) => c.departement))].sort(),
    communes: members.length,
    population: members.reduce((s, c) => s + c.population, 0),
    values: valuesFor(figures, level, group.communes),
  };
}

export async function computeIndicators(db: FiguresDb, level: IndicatorLevel, query: IndicatorsQuery = {}): Promise<Indicators> {
  const figures = await currentFigures(db, query.region ?? DEFAULT_REGION);
  const { groups, notes } = await territoriesOf(db, figures, level, query);
  const chosen = query.code ? groups.filter((g) => g.code === query.code) : groups;
  if (query.code && !chosen.length)
    throw new NotFoundError(`territoire « ${query.code} » inconnu à l’échelle ${level} dans la région`, 'code');
  return {
    region: figures.region,
    level,
    definitions: definitionsOf(figures),
    territories: chosen.map((g) => territoryIndicators(figures, level, g)),
    notes: [
      ...notes,
      'Chaque territoire est un ensemble de communes entières : ses valeurs sont calculées à partir de celles de ses communes.',
      'Une valeur « estimée » vient d’une source publiée à une échelle plus large (bassin, département), répartie selon la population des communes.',
    ],
  };
}
