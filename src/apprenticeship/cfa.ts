/**
 * The CFA directory as the rest of the house reads it (cfa-import.ts builds it): search by text,
 * département, région, commune and radius; one CFA by UAI or SIRET with what the bundle and the
 * training offer say of it; the apprenticeship trainings of the offer with their CFA.
 *
 * The directory holds a few thousand rows: every search is one SQL statement over it, distances
 * computed by haversine after a bounding box. Every value is a parameter.
 */
import { sql, type Kysely } from 'kysely';
import { InputError, NotFoundError } from '../platform/errors.ts';
import { DEPARTEMENT_CODE, REGION_CODE, SIRET } from '../common/codes.ts';
import { foldWords } from '../common/text.ts';
import { findCommune } from '../territories/communes.ts';
import { territoryDb } from '../territories/db.ts';
import { establishmentOutcomes } from '../labour-market/queries.ts';
import { labourMarketDb } from '../labour-market/db.ts';
import { searchTrainings, type TrainingQuery } from '../trainings/search.ts';
import { trainingDb } from '../trainings/db.ts';
import { NIVEAU_LABELS, niveauOfKey } from '../trainings/search/labels.ts';
import { MAP_LIMIT } from '../trainings/contract.ts';
import type { ApprenticeshipSchema } from './db.ts';
import { UAI } from './cfa-import.ts';
import {
  CFA_MAP_LIMIT,
  type ApprenticeshipMap,
  type ApprenticeshipTrainings,
  type CfaDetail,
  type CfaSearch,
  type CfaSummary,
} from './contract.ts';

type Db = Kysely<ApprenticeshipSchema>;

export interface CfaQuery {
  /** Name, commune, UAI or SIRET (words folded; every word must be found). */
  text?: string;
  departement?: string;
  region?: string;
  /** INSEE code or postcode of a commune: results within `radiusKm`, nearest first. */
  near?: string;
  radiusKm?: number;
  page?: number;
  pageSize?: number;
}

interface Area {
  departement: string | null;
  region: string | null;
  near: { lat: number; lon: number; radiusKm: number; label: string; commune: string } | null;
  notes: string[];
}

/** Checks the place filters and resolves the commune; InputError (400) on a fault. */
async function area(db: Db, q: Pick<CfaQuery, 'departement' | 'region' | 'near' | 'radiusKm'>): Promise<Area> {
  const notes: string[] = [];
  const departement = q.departement?.trim().toUpperCase() || null;
  if (departement && !DEPARTEMENT_CODE.test(departement))
    throw new InputError('departement', `code de département invalide : « ${departement.slice(0, 10)} »`);
  const region = q.region?.trim() || null;
  if (region && !REGION_CODE.test(region))
    throw new InputError('region', `code de région invalide : « ${region.slice(0, 10)} » (2 chiffres)`);
  if (q.radiusKm !== undefined && !q.near) throw new InputError('radiusKm', 'un rayon demande une commune (near)');
  const radiusKm = q.radiusKm ?? 30;
  if (!Number.isFinite(radiusKm) || radiusKm < 1 || radiusKm > 200) throw new InputError('radiusKm', 'rayon invalide : entre 1 et 200 km');
  let near: Area['near'] = null;
  const code = q.near?.trim();
  if (code) {
    const found = await findCommune(territoryDb(db), code);
    if (!found) throw new InputError('near', `commune inconnue : « ${code.slice(0, 20)} » (code INSEE ou code postal attendu)`);
    const c = found.commune;
    if (c.lat === null || c.lon === null) throw new InputError('near', `position de la commune ${c.name} (${c.code}) inconnue`);
    if (found.note) notes.push(found.note);
    near = { lat: c.lat, lon: c.lon, radiusKm, label: c.name, commune: c.code };
  }
  return { departement, region, near, notes };
}

const KM = (lat: number, lon: number) => sql<number>`(12742 * asin(sqrt(
  power(sin(radians(c.lat - ${lat}::float8) / 2), 2) +
  cos(radians(${lat}::float8)) * cos(radians(c.lat)) * power(sin(radians(c.lon - ${lon}::float8) / 2), 2))))`;

interface CfaRow {
  uai: string;
  name: string;
  siret: string | null;
  nature: string | null;
  address: string | null;
  postcode: string | null;
  commune: string | null;
  commune_name: string | null;
  departement: string | null;
  region: string | null;
  lat: number | null;
  lon: number | null;
  position: string | null;
  prepa: boolean;
  qualiopi: boolean | null;
  convention: boolean;
  files: string[];
  km: number | null;
  total: number;
}

function summary(r: CfaRow): CfaSummary {
  return {
    uai: r.uai,
    name: r.name,
    siret: r.siret,
    nature: r.nature as CfaSummary['nature'],
    address: r.address,
    postcode: r.postcode,
    commune: r.commune ? { code: r.commune, name: r.commune_name ?? r.commune } : null,
    departement: r.departement,
    region: r.region,
    lat: r.lat,
    lon: r.lon,
    position: r.position as CfaSummary['position'],
    distanceKm: r.km === null ? null : Math.round(r.km * 10) / 10,
    prepa: r.prepa,
    qualiopi: r.qualiopi,
    convention: r.convention,
    files: r.files,
  };
}

/** The CFA matching text and area, nearest first around a commune, else by name. */
async function queryCfas(db: Db, words: string[], a: Area, limit: number, offset: number): Promise<{ total: number; rows: CfaRow[] }> {
  const conditions = [sql`true`];
  for (const w of words) conditions.push(sql`(' ' || c.search) LIKE ${`% ${w}%`}`);
  if (a.departement) conditions.push(sql`c.departement = ${a.departement}`);
  if (a.region) conditions.push(sql`c.region = ${a.region}`);
  const near = a.near;
  if (near) {
    // A box around the point first (one degree of latitude ≈ 111 km), then the exact distance.
    const dLat = near.radiusKm / 111;
    const dLon = near.radiusKm / (111 * Math.max(Math.cos((near.lat * Math.PI) / 180), 0.01));
    conditions.push(
      sql`c.lat BETWEEN ${near.lat - dLat} AND ${near.lat + dLat} AND c.lon BETWEEN ${near.lon - dLon} AND ${near.lon + dLon}`,
    );
    conditions.push(sql`${KM(near.lat, near.lon)} <= ${near.radiusKm}`);
  }
  const { rows } = await sql<CfaRow>`
    SELECT c.uai, c.name, c.siret, c.nature, c.address, c.postcode, c.commune, c.commune_name, c.departement, c.region,
      c.lat, c.lon, c.position, c.prepa, c.qualiopi, c.convention, c.files,
      ${near ? KM(near.lat, near.lon) : sql`NULL::float8`} AS km, count(*) OVER ()::int AS total
    FROM apprenticeship_cfa c
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY ${near ? sql`km,` : sql``} c.name, c.uai
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  if (!rows.length && offset > 0) {
    const { rows: n } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM apprenticeship_cfa c WHERE ${sql.join(conditions, sql` AND `)}`.execute(db);
    return { total: n[0].n, rows };
  }
  return { total: rows[0]?.total ?? 0, rows };
}

/** Searches the directory (GET /api/v1/apprenticeship/cfa, `passerelles apprenticeship cfa`). */
export async function searchCfas(db: Db, q: CfaQuery = {}): Promise<CfaSearch> {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  if (!Number.isInteger(page) || page < 1) throw new InputError('page', 'page invalide : un entier ≥ 1 est attendu');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
    throw new InputError('pageSize', 'taille de page invalide : entre 1 et 100');
  if (q.text && q.text.length > 200) throw new InputError('q', 'texte trop long : 200 caractères au plus');
  const a = await area(db, q);
  const words = foldWords(q.text ?? '')
    .split(' ')
    .filter(Boolean)
    .slice(0, 10);
  const { total, rows } = await queryCfas(db, words, a, pageSize, (page - 1) * pageSize);
  return {
    total,
    page,
    pageSize,
    pages: Math.ceil(total / pageSize),
    near: a.near && { label: a.near.label, commune: a.near.commune, lat: a.near.lat, lon: a.near.lon, radiusKm: a.near.radiusKm },
    results: rows.map(summary),
    notes: a.notes,
  };
}

/**
 * One CFA of the directory by its UAI, or the CFA a SIRET belongs to (a SIRET may be listed
 * under several UAI: the directory's first by UAI). Undefined when unknown.
 */
export async function findCfa(db: Db, key: { uai: string } | { siret: string }): Promise<CfaSummary | undefined> {
  const condition =
    'uai' in key ? sql`c.uai = ${key.uai.trim().toUpperCase()}` : sql`c.sirets @> ARRAY[${key.siret.replace(/\s/g, '')}]::text[]`;
  const { rows } = await sql<CfaRow>`
    SELECT c.uai, c.name, c.siret, c.nature, c.address, c.postcode, c.commune, c.commune_name, c.departement, c.region,
      c.lat, c.lon, c.position, c.prepa, c.qualiopi, c.convention, c.files, NULL::float8 AS km, 1 AS total
    FROM apprenticeship_cfa c WHERE ${condition} ORDER BY c.uai LIMIT 1`.execute(db);
  return rows[0] && summary(rows[0]);
}

/** One CFA with its organismes, places, linked apprenticeship trainings and InserJeunes figures. */
export async function cfaDetail(db: Db, uaiInput: string): Promise<CfaDetail> {
  const uai = uaiInput.trim().toUpperCase();
  if (!UAI.test(uai)) throw new InputError('uai', `UAI invalide : « ${uaiInput.slice(0, 20)} » (7 chiffres et une lettre, ex. 0440096R)`);
  const cfa = await findCfa(db, { uai });
  if (!cfa) throw new NotFoundError(`CFA inconnu de l’annuaire : UAI ${uai}`, 'uai');
  const { rows: stored } = await sql<{ sirets: string[] }>`SELECT sirets FROM apprenticeship_cfa WHERE uai = ${uai}`.execute(db);
  const sirets = stored[0].sirets;
  const { rows: organismes } = await sql<CfaDetail['organismes'][number] & { places: CfaDetail['places'] }>`
    SELECT file, siret, name, nature, address, commune_label AS commune, tutelle, places
    FROM apprenticeship_organisme WHERE uai = ${uai} ORDER BY file, siret NULLS FIRST`.execute(db);
  const places = new Map<string, CfaDetail['places'][number]>();
  for (const o of organismes) for (const p of o.places) places.set(`${p.label}|${p.lat}|${p.lon}`, p);
  const outcomes = (await establishmentOutcomes(labourMarketDb(db), uai)).filter((o) => o.voie === 'apprentissage');
  return {
    ...cfa,
    sirets,
    organismes: organismes.map(({ places: _, ...o }) => o),
    places: [...places.values()],
    trainings: await cfaTrainings(db, uai, sirets),
    outcomes: outcomes.map((o) => ({
      vintage: o.vintage,
      segment: o.segment,
      tauxEmploi6Mois: o.tauxEmploi6Mois,
      tauxEmploi6MoisAttendu: o.tauxEmploi6MoisAttendu,
      valeurAjoutee: o.valeurAjoutee,
      tauxPoursuiteEtudes: o.tauxPoursuiteEtudes,
      source: o.source,
    })),
  };
}

/**
 * The offers with an action in alternance that name the CFA: its SIRET or UAI as the organisme
 * responsable, as an organisme formateur of an action, or on a place of training.
 */
async function cfaTrainings(db: Db, uai: string, sirets: string[]): Promise<CfaDetail['trainings']> {
  const { rows } = await sql<{
    source: string;
    formation: string;
    intitule: string;
    niveau_sortie: string | null;
    demo: boolean;
    ville: string | null;
    link: string;
  }>`
    SELECT f.source, f.formation, f.intitule, f.niveau_sortie, f.demo,
      (SELECT l.ville FROM training_lieu l WHERE l.source = f.source AND l.formation = f.formation ORDER BY l.action, l.position LIMIT 1) AS ville,
      CASE
        WHEN f.organisme_siret = ANY(${sirets}::text[]) THEN 'SIRET de l’organisme responsable'
        WHEN EXISTS (SELECT 1 FROM training_organisme o WHERE o.source = f.source AND o.siret = f.organisme_siret AND upper(o.uai) = ${uai})
          THEN 'UAI de l’organisme responsable'
        WHEN EXISTS (SELECT 1 FROM training_formateur t WHERE t.source = f.source AND t.formation = f.formation
          AND (upper(t.uai) = ${uai} OR t.siret = ANY(${sirets}::text[]))) THEN 'organisme formateur'
        ELSE 'lieu de formation'
      END AS link
    FROM training_formation f
    WHERE EXISTS (SELECT 1 FROM training_action a WHERE a.source = f.source AND a.formation = f.formation AND a.alternance)
      AND (f.organisme_siret = ANY(${sirets}::text[])
        OR EXISTS (SELECT 1 FROM training_organisme o WHERE o.source = f.source AND o.siret = f.organisme_siret AND upper(o.uai) = ${uai})
        OR EXISTS (SELECT 1 FROM training_formateur t WHERE t.source = f.source AND t.formation = f.formation
          AND (upper(t.uai) = ${uai} OR t.siret = ANY(${sirets}::text[])))
        OR EXISTS (SELECT 1 FROM training_lieu l WHERE l.source = f.source AND l.formation = f.formation
          AND (upper(l.uai) = ${uai} OR l.siret = ANY(${sirets}::text[]))))
    ORDER BY f.intitule, f.source, f.formation
    LIMIT 100`.execute(db);
  return rows.map((r) => {
    const n = niveauOfKey(r.niveau_sortie);
    return {
      source: r.source,
      formation: r.formation,
      intitule: r.intitule,
      niveau: n ? { value: n, label: NIVEAU_LABELS[n] } : null,
      ville: r.ville,
      link: r.link,
      demo: r.demo,
    };
  });
}

// ---- apprenticeship trainings and the CFA layer ------------------------------------------------

export interface ApprenticeshipQuery {
  text?: string;
  rome?: string;
  niveau?: number[];
  near?: string;
  radiusKm?: number;
  departement?: string;
  /** The CFA layer without commune nor département: this région (every CFA otherwise). */
  region?: string;
  page?: number;
  pageSize?: number;
}

function trainingQuery(q: ApprenticeshipQuery): TrainingQuery {
  const near = q.near?.trim();
  return {
    text: q.text,
    rome: q.rome,
    niveau: q.niveau,
    near: near ? { commune: near } : undefined,
    radiusKm: q.radiusKm,
    departements: q.departement ? [q.departement] : undefined,
    alternance: true,
    sort: near ? 'distance' : undefined,
  };
}

/** The CFA of the area: around the commune, else in the département, else in the région, else all. */
async function cfaLayer(db: Db, q: ApprenticeshipQuery, limit: number) {
  const a = await area(db, {
    near: q.near,
    radiusKm: q.radiusKm,
    departement: q.departement,
    region: q.near || q.departement ? undefined : q.region,
  });
  return queryCfas(db, [], a, limit, 0);
}

/** The CFA of the directory whose organisme rows carry these SIRET, by SIRET. */
async function cfaBySiret(db: Db, sirets: string[]): Promise<Map<string, { uai: string; name: string }>> {
  const wanted = [...new Set(sirets.filter((s) => SIRET.test(s)))];
  if (!wanted.length) return new Map();
  const { rows } = await sql<{ siret: string; uai: string; name: string }>`
    SELECT DISTINCT ON (o.siret) o.siret, c.uai, c.name
    FROM apprenticeship_organisme o JOIN apprenticeship_cfa c ON c.uai = o.uai
    WHERE o.siret = ANY(${wanted}::text[]) ORDER BY o.siret, c.uai`.execute(db);
  return new Map(rows.map((r) => [r.siret, { uai: r.uai, name: r.name }]));
}

/** GET /api/v1/apprenticeship/trainings: one page of apprenticeship trainings, and the CFA layer. */
export async function apprenticeshipTrainings(db: Db, q: ApprenticeshipQuery): Promise<ApprenticeshipTrainings> {
  const result = await searchTrainings(trainingDb(db), { ...trainingQuery(q), page: q.page, pageSize: q.pageSize ?? 20 });
  const cfas = await cfaBySiret(
    db,
    result.results.map((h) => h.organisme.siret),
  );
  const layer = await cfaLayer(db, q, CFA_MAP_LIMIT);
  return {
    trainings: {
      total: result.total,
      page: result.page,
      pageSize: result.pageSize,
      pages: result.pages,
      near: result.near,
      results: result.results.map((h) => ({ ...h, cfa: cfas.get(h.organisme.siret) ?? null })),
      niveaux: result.facets.niveau,
      notes: result.notes,
    },
    cfas: { total: layer.total, shown: layer.rows.length, results: layer.rows.map(summary) },
  };
}

/** GET /api/v1/apprenticeship/map: the same trainings and CFA as GeoJSON points. */
export async function apprenticeshipMap(db: Db, q: ApprenticeshipQuery): Promise<ApprenticeshipMap> {
  const features: ApprenticeshipMap['features'] = [];
  const base = trainingQuery(q);
  let total = 0;
  const PAGE = 100;
  for (let page = 1; page <= MAP_LIMIT / PAGE; page++) {
    const r = await searchTrainings(trainingDb(db), { ...base, page, pageSize: PAGE });
    total = r.total;
    for (const hit of r.results) {
      if (hit.lieu?.lat == null || hit.lieu.lon == null) continue;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [hit.lieu.lon, hit.lieu.lat] },
        properties: {
          kind: 'formation',
          title: hit.intitule,
          ville: hit.lieu.ville,
          organisme: hit.organisme.nom || null,
          demo: hit.demo,
          href: `/formations/${encodeURIComponent(hit.source)}/${encodeURIComponent(hit.formation)}`,
        },
      });
    }
    if (page >= r.pages) break;
  }
  const layer = await cfaLayer(db, q, CFA_MAP_LIMIT);
  for (const c of layer.rows) {
    if (c.lat === null || c.lon === null) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      properties: { kind: 'cfa', title: c.name, ville: c.commune_name, organisme: null, demo: false, href: `/apprentissage/cfa/${c.uai}` },
    });
  }
  return {
    type: 'FeatureCollection',
    trainings: { total, shown: Math.min(total, MAP_LIMIT) },
    cfas: { total: layer.total, shown: layer.rows.length },
    features,
  };
}
