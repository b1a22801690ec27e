/**
 * What the embeddable widget shows (issue 14): the territory a partner's embed names, read as the
 * training search and the apprenticeship offers already read places, and the two lists for it.
 *
 * Territory: a commune (INSEE code or postcode) with a radius, a département, or an EPCI (SIREN).
 * - Trainings go through the training search itself (searchTrainings): a commune is `near` with
 *   its radius, a département is the search's `departements` filter, an EPCI is the circle around
 *   its most populated commune that holds all its communes (10 to 60 km), the reading of the
 *   territory portrait (src/views/portrait.ts), since the search has no filter by EPCI.
 * - Apprenticeship offers (published ones, src/recruitment) are few: they are read here with the
 *   exact territory (within the radius of the commune, in the département, in a commune of the
 *   EPCI) and the offers search's reading of text (French stems and word families).
 */
import { sql, type Kysely } from 'kysely';
import { COMMUNE_CODE_ANY_CASE, DEPARTEMENT_CODE, SIREN } from '../common/codes.ts';
import { findCommune, territoryDb } from '../territories/index.ts';
import { searchTrainings, type TrainingHit } from '../trainings/index.ts';
import { trainingDb } from '../trainings/db.ts';
import { recruitmentDb } from '../recruitment/db.ts';
import { textQuery } from '../recruitment/index.ts';

/** The radius around a commune when the embed gives none (the training search's default). */
export const DEFAULT_RADIUS_KM = 30;
export const WIDGET_PAGE_SIZE = 10;

export type Territory =
  | { kind: 'commune'; code: string; name: string; lat: number; lon: number; radiusKm: number; note?: string }
  | { kind: 'departement'; code: string; name: string }
  | { kind: 'epci'; code: string; name: string; centre: { code: string; name: string; lat: number; lon: number }; radiusKm: number }
  | { kind: 'france' };

/** The territory as the embed gives it (query parameters of the widget page). */
export interface TerritoryParams {
  commune?: string;
  rayon?: string;
  departement?: string;
  epci?: string;
}

/** Why a territory cannot be read: a French sentence for the partner who wrote the embed. */
export class UnknownTerritory extends Error {}

// biome-ignore lint/suspicious/noExplicitAny: the app's handle is typed by no schema (docs/architecture.md)
type AnyDb = Kysely<any>;

export async function resolveTerritory(db: AnyDb, p: TerritoryParams): Promise<Territory> {
  const given = (['commune', 'departement', 'epci'] as const).filter((k) => p[k]?.trim());
  if (given.length > 1) {
    throw new UnknownTerritory(`Un seul territoire à la fois : commune, département ou EPCI (reçu : ${given.join(', ')}).`);
  }
  if (p.rayon?.trim() && given[0] !== 'commune') throw new UnknownTerritory('Un rayon (rayon) ne s’emploie qu’avec une commune.');
  const tdb = territoryDb(db);
  if (p.commune?.trim()) {
    const code = p.commune.trim().slice(0, 10);
    let radiusKm = DEFAULT_RADIUS_KM;
    if (p.rayon?.trim()) {
      radiusKm = Number(p.rayon.trim().replace(',', '.'));
      if (!Number.isFinite(radiusKm) || radiusKm < 1 || radiusKm > 200) {
        throw new UnknownTerritory(`Rayon invalide : « ${p.rayon.slice(0, 10)} » (un nombre de kilomètres entre 1 et 200 est attendu).`);
      }
    }
    const found = COMMUNE_CODE_ANY_CASE.test(code) || /^\d{5}$/.test(code) ? await findCommune(tdb, code) : undefined;
    if (!found) throw new UnknownTerritory(`Commune inconnue : « ${code} » (un code INSEE ou un code postal est attendu, ex. 49007).`);
    const c = found.commune;
    if (c.lat === null || c.lon === null) throw new UnknownTerritory(`La position de la commune ${c.name} (${c.code}) est inconnue.`);
    return { kind: 'commune', code: c.code, name: c.name, lat: c.lat, lon: c.lon, radiusKm, note: found.note };
  }
  if (p.departement?.trim()) {
    const code = p.departement.trim().toUpperCase().slice(0, 10);
    const d = DEPARTEMENT_CODE.test(code)
      ? await tdb.selectFrom('departement').select(['code', 'name']).where('code', '=', code).executeTakeFirst()
      : undefined;
    if (!d) throw new UnknownTerritory(`Département inconnu : « ${code} » (un code de département est attendu, ex. 49 ou 2A).`);
    return { kind: 'departement', code: d.code, name: d.name };
  }
  if (p.epci?.trim()) {
    const code = p.epci.trim().slice(0, 20);
    const e = SIREN.test(code)
      ? await tdb.selectFrom('epci').select(['siren', 'name']).where('siren', '=', code).executeTakeFirst()
      : undefined;
    if (!e) throw new UnknownTerritory(`Intercommunalité inconnue : « ${code} » (le numéro SIREN de l’EPCI à 9 chiffres est attendu).`);
    // Its most populated commune with a position, and the circle around it that holds them all.
    const { rows } = await sql<{ code: string; name: string; lat: number; lon: number; far: number | null }>`
      WITH members AS (
        SELECT c.code, c.name, c.lat, c.lon, c.population FROM epci_commune ec JOIN commune c ON c.code = ec.commune
        WHERE ec.siren = ${e.siren} AND c.lat IS NOT NULL AND c.lon IS NOT NULL
      ), centre AS (SELECT * FROM members ORDER BY population DESC NULLS LAST, code LIMIT 1)
      SELECT centre.code, centre.name, centre.lat, centre.lon,
        (SELECT max(6371 * 2 * asin(sqrt(power(sin(radians(m.lat - centre.lat) / 2), 2)
          + cos(radians(centre.lat)) * cos(radians(m.lat)) * power(sin(radians(m.lon - centre.lon) / 2), 2)))) FROM members m) AS far
      FROM centre`.execute(tdb);
    const centre = rows[0];
    if (!centre) throw new UnknownTerritory(`La position des communes de l’intercommunalité ${e.name} est inconnue.`);
    const radiusKm = Math.min(60, Math.max(10, Math.ceil(centre.far ?? 10)));
    return {
      kind: 'epci',
      code: e.siren,
      name: e.name,
      centre: { code: centre.code, name: centre.name, lat: centre.lat, lon: centre.lon },
      radiusKm,
    };
  }
  return { kind: 'france' };
}

/** « de Nantes », « d’Angers » (a name that starts with a vowel elides the « de »). */
const of = (name: string) => (/^[AEIOUYÂÉÈÊÎÔÛ]/i.test(name) ? `d’${name}` : `de ${name}`);

/** Where the trainings are looked for, in French (after « Formations »). */
export function trainingsWhere(t: Territory): string {
  switch (t.kind) {
    case 'commune':
      return `à moins de ${t.radiusKm} km ${of(t.name)}`;
    case 'departement':
      return `dans le département ${t.name} (${t.code})`;
    case 'epci':
      return `à moins de ${t.radiusKm} km ${of(t.centre.name)}, pour l’intercommunalité ${t.name}`;
    case 'france':
      return 'dans toute la France';
  }
}

/** The radii the portal's training search offers (web/routes/formations.tsx). */
const PORTAL_RADII = [5, 10, 20, 30, 50, 100];

/**
 * The portal's searches for the same territory and words (the « see everything » links): its
 * training search (commune and radius rounded up to one it offers, or département), its
 * apprenticeship offers (commune and radius; it has no département filter).
 */
export function portalSearches(t: Territory, q: string): { trainings: string; offers: string } {
  const trainings = new URLSearchParams();
  const offers = new URLSearchParams();
  if (q) {
    trainings.set('q', q);
    offers.set('q', q);
  }
  if (t.kind === 'commune' || t.kind === 'epci') {
    const commune = t.kind === 'epci' ? t.centre.code : t.code;
    trainings.set('commune', commune);
    trainings.set('rayon', String(PORTAL_RADII.find((r) => r >= t.radiusKm) ?? 100));
    offers.set('commune', commune);
    offers.set('rayon', String(Math.ceil(t.radiusKm)));
  }
  if (t.kind === 'departement') trainings.set('departement', t.code);
  const url = (path: string, s: URLSearchParams) => (s.size ? `${path}?${s}` : path);
  return { trainings: url('/formations', trainings), offers: url('/apprentissage/offres', offers) };
}

export interface WidgetTrainings {
  total: number;
  page: number;
  pages: number;
  results: TrainingHit[];
  notes: string[];
}

/** The trainings of the territory, through the training search (its order, its page). */
export async function widgetTrainings(db: AnyDb, t: Territory, q: string, alternance: boolean, page: number): Promise<WidgetTrainings> {
  const r = await searchTrainings(trainingDb(db), {
    text: q || undefined,
    near: t.kind === 'commune' ? { commune: t.code } : t.kind === 'epci' ? { commune: t.centre.code } : undefined,
    radiusKm: t.kind === 'commune' || t.kind === 'epci' ? t.radiusKm : undefined,
    departements: t.kind === 'departement' ? [t.code] : undefined,
    alternance: alternance || undefined,
    page,
    pageSize: WIDGET_PAGE_SIZE,
  });
  return { total: r.total, page: r.page, pages: r.pages, results: r.results, notes: r.notes };
}

export interface WidgetOffer {
  id: number;
  title: string;
  company: string;
  commune: string;
  startDate: string;
  diploma: string;
}

/** The published apprenticeship offers of the territory: the first ones by start date, and how many. */
export async function widgetOffers(db: AnyDb, t: Territory, q: string): Promise<{ total: number; results: WidgetOffer[] }> {
  const rdb = recruitmentDb(db);
  const tsquery = q ? await textQuery(rdb, q) : null;
  if (q && !tsquery) return { total: 0, results: [] };
  const where =
    t.kind === 'commune'
      ? sql`c.lat IS NOT NULL AND 6371 * 2 * asin(sqrt(power(sin(radians(c.lat - ${t.lat}::float8) / 2), 2)
          + cos(radians(${t.lat}::float8)) * cos(radians(c.lat)) * power(sin(radians(c.lon - ${t.lon}::float8) / 2), 2))) <= ${t.radiusKm}::float8`
      : t.kind === 'departement'
        ? sql`c.departement = ${t.code}`
        : t.kind === 'epci'
          ? sql`o.commune IN (SELECT commune FROM epci_commune WHERE siren = ${t.code})`
          : sql`true`;
  const text = tsquery ? sql`o.fts @@ to_tsquery('simple', ${tsquery})` : sql`true`;
  const { rows } = await sql<WidgetOffer & { total: number }>`
    SELECT o.id, o.title, o.company, c.name AS commune, to_char(o.start_date, 'YYYY-MM-DD') AS "startDate", o.diploma,
      count(*) OVER ()::int AS total
    FROM recruitment_offer o JOIN commune c ON c.code = o.commune
    WHERE o.state = 'publiee' AND ${where} AND ${text}
    ORDER BY o.start_date, o.id
    LIMIT ${WIDGET_PAGE_SIZE}`.execute(rdb);
  return { total: rows[0]?.total ?? 0, results: rows.map(({ total: _, ...offer }) => offer) };
}
