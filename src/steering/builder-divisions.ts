/**
 * Divisions of the région: checked on demand, saved by the steering space (refused when they do
 * not pass the checks), listed, read again (and checked again against the current data), exported
 * as GeoJSON; and the CLPE of France Travail read as a ready-made division to compare with.
 */
import { sql } from 'kysely';
import { InputError, NotFoundError } from '../platform/errors.ts';
import type { BuilderDb } from './builder-db.ts';
import { loadGeography } from './builder-geography.ts';
import { checkDivision, listOf, parseDivision, type CheckResult, type DivisionInput } from './builder-check.ts';

/** The région of the project (Pays de la Loire). */
export const DEFAULT_REGION = '52';

export async function checkIn(db: BuilderDb, input: unknown, region = DEFAULT_REGION): Promise<CheckResult> {
  return checkDivision(await loadGeography(db, region), parseDivision(input));
}

export interface SavedDivision {
  id: number;
  name: string;
  region: string;
  territories: DivisionInput['territories'];
  createdAt: string;
  updatedAt: string;
}

/** Saves a division that passes every check (same name in the same région: replaced). */
export async function saveDivision(
  db: BuilderDb,
  input: unknown,
  by: { structureId: number | null },
  region = DEFAULT_REGION,
): Promise<{ division: SavedDivision; check: CheckResult }> {
  const division = parseDivision(input);
  const check = checkDivision(await loadGeography(db, region), division);
  if (!check.valid) {
    throw new InputError(
      'territories',
      `Découpage refusé (${check.faults.length} problème${check.faults.length > 1 ? 's' : ''}) : ${listOf(
        check.faults.map((f) => f.message),
        5,
      )}`,
    );
  }
  const territories = JSON.stringify(division.territories);
  const row = await db
    .insertInto('steering_division')
    .values({ name: division.name, region, territories, structure_id: by.structureId })
    .onConflict((oc) => oc.columns(['region', 'name']).doUpdateSet({ territories, structure_id: by.structureId, updated_at: sql`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return { division: saved(row), check };
}

function saved(row: { id: number; name: string; region: string; territories: unknown; created_at: Date; updated_at: Date }): SavedDivision {
  return {
    id: row.id,
    name: row.name,
    region: row.region,
    territories: row.territories as DivisionInput['territories'],
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function listDivisions(db: BuilderDb, region = DEFAULT_REGION) {
  const rows = await db.selectFrom('steering_division').selectAll().where('region', '=', region).orderBy('name').execute();
  return rows.map((r) => {
    const d = saved(r);
    return { id: d.id, name: d.name, region: d.region, territories: d.territories.length, updatedAt: d.updatedAt };
  });
}

/** A saved division and its check against the current data (an EPCI may have changed since). */
export async function getDivision(db: BuilderDb, id: number): Promise<{ division: SavedDivision; check: CheckResult }> {
  const row = await db.selectFrom('steering_division').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('découpage introuvable');
  const division = saved(row);
  return {
    division,
    check: checkDivision(await loadGeography(db, row.region), { name: division.name, territories: division.territories }),
  };
}

/**
 * A division as GeoJSON: a FeatureCollection of the région's communes (their outlines), each
 * tagged with its territory (`territoire`) and EPCI; a commune in no territory has
 * `territoire: null`. Communes rather than one dissolved outline per territory: a map colours them
 * by territory, and nothing is lost (the union of the polygons is left to the GIS).
 */
export async function divisionGeoJson(db: BuilderDb, division: DivisionInput, region = DEFAULT_REGION): Promise<string> {
  const geo = await loadGeography(db, region);
  const territoryOf = new Map<string, string>();
  for (const t of division.territories) {
    for (const s of t.epci ?? []) for (const c of geo.epci.get(s)?.communes ?? []) if (!territoryOf.has(c)) territoryOf.set(c, t.name);
    for (const c of t.communes ?? []) if (geo.communes.has(c) && !territoryOf.has(c)) territoryOf.set(c, t.name);
  }
  const { rows } = await sql<{ code: string; commune: string; name: string; geometry: string }>`
    SELECT s.code, s.commune, s.name, s.geometry FROM territory_shape s JOIN commune c ON c.code = s.commune
    WHERE s.level = 'commune' AND c.region = ${region} ORDER BY s.commune, s.code`.execute(db);
  const features = rows.map((r) => {
    const c = geo.communes.get(r.commune)!;
    const properties = {
      decoupage: division.name,
      territoire: territoryOf.get(r.commune) ?? null,
      commune: r.commune,
      nom: c.name,
      ...(r.code !== r.commune ? { trace: r.code, nom_trace: r.name } : {}),
      epci: c.epci,
      epci_nom: c.epci ? (geo.epci.get(c.epci)?.name ?? null) : null,
      departement: c.departement,
      population: c.population,
    };
    return `{"type":"Feature","properties":${JSON.stringify(properties)},"geometry":${r.geometry}}`;
  });
  return `{"type":"FeatureCollection","name":${JSON.stringify(division.name)},"features":[${features.join(',')}]}`;
}

/** The CLPE of France Travail in the région, as a division by commune. */
export async function clpeDivision(db: BuilderDb, region = DEFAULT_REGION): Promise<DivisionInput & { codes: Record<string, string> }> {
  const { rows } = await sql<{ code: string; name: string; commune: string }>`
    SELECT t.code, t.name, cc.commune FROM steering_clpe_commune cc
    JOIN steering_clpe t ON t.code = cc.clpe JOIN commune c ON c.code = cc.commune
    WHERE c.region = ${region} ORDER BY t.code, cc.commune`.execute(db);
  if (!rows.length) throw new NotFoundError('territoires CLPE absents : importez le lot de données (territoire/ref_clpe_ft.csv)');
  const byCode = new Map<string, { name: string; communes: string[] }>();
  for (const r of rows) {
    const t = byCode.get(r.code);
    if (t) t.communes.push(r.commune);
    else byCode.set(r.code, { name: r.name, communes: [r.commune] });
  }
  return {
    name: 'CLPE France Travail',
    territories: [...byCode.values()].map((t) => ({ name: t.name, communes: t.communes })),
    codes: Object.fromEntries([...byCode].map(([code, t]) => [t.name, code])),
  };
}

/** The CLPE checked as a division: how many of them cut an EPCI, and which. */
export async function compareClpe(db: BuilderDb, region = DEFAULT_REGION) {
  const clpe = await clpeDivision(db, region);
  const check = checkDivision(await loadGeography(db, region), clpe);
  const cuts = check.faults.filter((f) => f.kind === 'epci-coupe');
  const cutting = new Set(cuts.flatMap((f) => f.territories));
  const summary =
    `${clpe.territories.length} territoires CLPE couvrent la région ${check.region.name} ; ` +
    (cutting.size
      ? `${cutting.size} d’entre eux coupent au moins un EPCI (${cuts.length} EPCI coupé${cuts.length > 1 ? 's' : ''}).`
      : 'aucun ne coupe d’EPCI.');
  return {
    summary,
    clpeCuttingEpci: cutting.size,
    epciCut: cuts.map((f) => f.epci[0]),
    codes: clpe.codes,
    check,
  };
}

/**
 * The région's EPCI to build from: each with its communes and population in the région, its
 * départements (the main one: most of its population), the CLPE its communes belong to; and the
 * communes without EPCI.
 */
export async function regionEpci(db: BuilderDb, region = DEFAULT_REGION) {
  const geo = await loadGeography(db, region);
  const { rows } = await sql<{ commune: string; clpe: string }>`
    SELECT cc.commune, t.name AS clpe FROM steering_clpe_commune cc JOIN steering_clpe t ON t.code = cc.clpe
    JOIN commune c ON c.code = cc.commune WHERE c.region = ${region}`.execute(db);
  const clpeOf = new Map(rows.map((r) => [r.commune, r.clpe]));
  const epci = [...geo.epci.values()].map((e) => {
    const communes = e.communes.map((c) => geo.communes.get(c)!);
    const byDep = new Map<string, number>();
    for (const c of communes) byDep.set(c.departement, (byDep.get(c.departement) ?? 0) + c.population);
    const departements = [...byDep].sort((a, b) => b[1] - a[1]).map(([d]) => d);
    return {
      siren: e.siren,
      name: e.name,
      communes: communes.length,
      population: communes.reduce((s, c) => s + c.population, 0),
      departement: departements[0],
      departements,
      clpe: [...new Set(communes.map((c) => clpeOf.get(c.code)).filter((x): x is string => !!x))].sort(),
      outside: e.outside.count,
    };
  });
  epci.sort((a, b) => a.departement.localeCompare(b.departement) || a.name.localeCompare(b.name, 'fr'));
  const loose = [...geo.communes.values()]
    .filter((c) => !c.epci)
    .map((c) => ({ code: c.code, name: c.name, population: c.population, departement: c.departement, clpe: clpeOf.get(c.code) ?? null }));
  return { region: geo.region, epci, loose };
}
