/**
 * Territory portrait (GET /api/v1/territories/{level}/{code}/portrait): population, unemployment,
 * occupations in tension at the finest level published, most sought occupations (job offers of
 * the ROME × bassin BMO 2021 file), and the training offer in the territory. Every figure carries
 * its source and vintage.
 */
import { sql, type Kysely } from 'kysely';
import { createRequire } from 'node:module';
import type { ViewSchema } from './db.ts';
import { labourMarketDb } from '../labour-market/db.ts';
import { unemployment, type Unemployment, type GeoLevel } from '../labour-market/queries.ts';
import { resolveTerritory, type Named } from '../labour-market/territory.ts';
import { searchTrainings, type TrainingHit } from '../trainings/index.ts';
import { BASSIN_BMO_CODE, COMMUNE_CODE, DEPARTEMENT_CODE, REGION_CODE, SIREN, ZONE_EMPLOI_CODE } from '../common/codes.ts';
import type { PortraitLevel } from '../common/territory-levels.ts';
import { deName, titleCase } from '../common/text.ts';

type Db = Kysely<ViewSchema>;

export { PORTRAIT_LEVELS, type PortraitLevel } from '../common/territory-levels.ts';

export const PORTRAIT_CODE_FORMS: Record<PortraitLevel, { pattern: RegExp; hint: string }> = {
  commune: { pattern: COMMUNE_CODE, hint: 'code commune INSEE à 5 caractères, ex. 49007' },
  epci: { pattern: SIREN, hint: 'numéro SIREN de l’EPCI à 9 chiffres, ex. 244900015' },
  'zone-emploi': { pattern: ZONE_EMPLOI_CODE, hint: 'code de zone d’emploi à 4 chiffres, ex. 5204' },
  bassin: { pattern: BASSIN_BMO_CODE, hint: 'code de bassin BMO, ex. 5218' },
  departement: { pattern: DEPARTEMENT_CODE, hint: 'code de département, ex. 49' },
  region: { pattern: REGION_CODE, hint: 'code de région INSEE à 2 chiffres, ex. 52' },
};

const LEVEL_NAMES: Record<PortraitLevel, string> = {
  commune: 'commune',
  epci: 'intercommunalité',
  'zone-emploi': 'zone d’emploi',
  bassin: 'bassin d’emploi BMO',
  departement: 'département',
  region: 'région',
};

interface Provenance {
  source: string;
  vintage: string;
  geoLevel: string;
  geoCode: string;
}

export interface TensionItem extends Provenance {
  /** ROME code (bassin level) or FAP code (DARES). */
  code: string;
  kind: 'rome' | 'fap';
  label: string;
  /** ROME fiches the FAP family covers (DARES), or the fiche itself. */
  occupations: { code: string; label: string }[];
  /** Bassin: class 1–5. DARES: centred-reduced indicator. */
  tension: number | null;
  categorie: number | null;
  offres: number | null;
  demandeurs: number | null;
}

export interface SoughtItem extends Provenance {
  rome: string;
  label: string;
  offres: number;
  demandeurs: number | null;
}

export interface TerritoryPortrait {
  territory: {
    level: PortraitLevel;
    levelName: string;
    code: string;
    name: string;
    departement: Named | null;
    region: Named | null;
    bassinBmo: Named | null;
    zoneEmploi: Named | null;
    epci: Named | null;
    communes: number;
    /** The commune used as centre (trainings nearby, map). */
    centre: { code: string; name: string; lat: number; lon: number } | null;
  };
  population: (Provenance & { value: number; communes: number; communesSansPopulation: number }) | null;
  chomage: { departement: Unemployment | null; region: Unemployment | null };
  tensions: { level: string; scale: string; items: TensionItem[] };
  metiersRecherches: { bassins: Named[]; items: SoughtItem[]; note: string | null };
  formations: {
    total: number;
    /** How "in the territory" was read, in French. */
    where: string;
    /** Query string for the training search page (e.g. commune=49007&rayon=20). */
    search: Record<string, string>;
    items: TrainingHit[];
  };
  notes: string[];
}

const require = createRequire(import.meta.url);
const COG_VERSION = (require('@etalab/decoupage-administratif/package.json') as { version: string }).version;
/** Year of the COG the package carries (its major version 6 ships the 2026 COG). */
const POPULATION_VINTAGE = COG_VERSION.startsWith('6.') ? 'COG 2026' : `version ${COG_VERSION}`;
/** The producers, never the code library that carries their figures (a person reads this line). */
const POPULATION_SOURCE = 'INSEE, populations légales municipales (Etalab, découpage administratif)';

/** Commune codes of a territory, or undefined when the territory is unknown. */
async function communesOf(db: Db, level: PortraitLevel, code: string): Promise<string[]> {
  const column = {
    commune: 'code',
    'zone-emploi': 'zone_emploi',
    bassin: 'bassin_bmo',
    departement: 'departement',
    region: 'region',
  } as const;
  if (level === 'epci') {
    const rows = await db.selectFrom('epci_commune').select('commune').where('siren', '=', code).execute();
    return rows.map((r) => r.commune);
  }
  const rows = await db.selectFrom('commune').select('code').where(column[level], '=', code).execute();
  return rows.map((r) => r.code);
}

async function romeLabels(db: Db, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await db.selectFrom('rome_fiche').select(['code', 'label']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.label]));
}

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** The portrait, or undefined when the territory is unknown. */
export async function territoryPortrait(db: Db, level: PortraitLevel, code: string): Promise<TerritoryPortrait | undefined> {
  const notes: string[] = [];
  let base: {
    name: string;
    departement: Named | null;
    region: Named | null;
    bassinBmo: Named | null;
    zoneEmploi: Named | null;
    notes: string[];
  };
  let epci: Named | null = null;
  if (level === 'epci') {
    const e = await db.selectFrom('epci').select(['siren', 'name']).where('siren', '=', code).executeTakeFirst();
    if (!e) return undefined;
    epci = { code: e.siren, name: e.name };
    // Figures of the département and région of most of its communes.
    const {
      rows: [main],
    } = await sql<{ departement: string; n: number; total: number; deps: number }>`
      SELECT c.departement, count(*)::int AS n, sum(count(*)) OVER ()::int AS total, count(*) OVER ()::int AS deps
      FROM epci_commune ec JOIN commune c ON c.code = ec.commune WHERE ec.siren = ${code}
      GROUP BY c.departement ORDER BY n DESC, c.departement LIMIT 1`.execute(db);
    const dep = main ? await resolveTerritory(labourMarketDb(db), 'departement', main.departement) : undefined;
    base = {
      name: e.name,
      departement: dep?.departement ?? null,
      region: dep?.region ?? null,
      bassinBmo: null,
      zoneEmploi: null,
      notes: [],
    };
    if (main && main.deps > 1 && dep?.departement) {
      notes.push(
        `L’intercommunalité s’étend sur ${main.deps} départements : les chiffres départementaux sont ceux de ${dep.departement.name} (${main.n} communes sur ${main.total}).`,
      );
    }
  } else {
    const t = await resolveTerritory(labourMarketDb(db), level, code);
    if (!t) return undefined;
    base = t;
  }
  notes.push(...base.notes.filter((n) => !n.startsWith('Les indicateurs de tension ne sont pas publiés')));
  if (level === 'commune') {
    const c = await db.selectFrom('commune').select('epci').where('code', '=', code).executeTakeFirst();
    if (c?.epci) {
      const e = await db.selectFrom('epci').select(['siren', 'name']).where('siren', '=', c.epci).executeTakeFirst();
      if (e) epci = { code: e.siren, name: e.name };
    }
  }

  const communes = await communesOf(db, level, code);
  const {
    rows: [pop],
  } = communes.length
    ? await sql<{ value: number | null; missing: number }>`
        SELECT sum(population)::int AS value, count(*) FILTER (WHERE population IS NULL)::int AS missing
        FROM commune WHERE code = ANY(${communes}::text[])`.execute(db)
    : { rows: [{ value: null, missing: 0 }] };
  const population =
    pop.value !== null
      ? {
          value: pop.value,
          communes: communes.length,
          communesSansPopulation: pop.missing,
          source: POPULATION_SOURCE,
          vintage: POPULATION_VINTAGE,
          geoLevel: level,
          geoCode: code,
        }
      : null;

  // Centre: the most populated commune with a position.
  const {
    rows: [centre],
  } = communes.length
    ? await sql<{ code: string; name: string; lat: number; lon: number }>`
        SELECT code, name, lat, lon FROM commune WHERE code = ANY(${communes}::text[]) AND lat IS NOT NULL
        ORDER BY population DESC NULLS LAST, code LIMIT 1`.execute(db)
    : { rows: [] };

  const [chomageDep, chomageReg] = [
    level !== 'region' && base.departement ? await unemployment(labourMarketDb(db), { departement: base.departement.code }) : null,
    base.region ? await unemployment(labourMarketDb(db), { region: base.region.code }) : null,
  ];

  // Bassins BMO covering the territory, biggest share first.
  const { rows: bassinRows } = communes.length
    ? await sql<{ code: string; name: string; n: number }>`
        SELECT b.code, b.name, count(*)::int AS n FROM commune c JOIN bassin_bmo b ON b.code = c.bassin_bmo
        WHERE c.code = ANY(${communes}::text[]) GROUP BY b.code, b.name ORDER BY n DESC, b.code`.execute(db)
    : { rows: [] };
  const bassins = bassinRows.map((b) => ({ code: b.code, name: b.name }));

  const tensions = await tensionsOf(db, level, base, bassins, notes);
  const metiersRecherches = await mostSought(db, level, bassins);
  const formations = await trainingsIn(db, level, code, base, communes, centre);

  return {
    territory: {
      level,
      levelName: LEVEL_NAMES[level],
      code,
      name: base.name,
      departement: level === 'region' ? null : base.departement,
      region: base.region,
      bassinBmo: level === 'commune' || level === 'bassin' ? base.bassinBmo : null,
      zoneEmploi: level === 'commune' || level === 'zone-emploi' ? base.zoneEmploi : null,
      epci,
      communes: communes.length,
      centre: centre ?? null,
    },
    population,
    chomage: { departement: chomageDep, region: chomageReg },
    tensions,
    metiersRecherches,
    formations,
    notes,
  };
}

const BASSIN_SCALE =
  'Tension par métier ROME dans le bassin BMO : classe de 1 (faible) à 5 (forte) ; offres et demandeurs d’emploi (catégories A, B, C) en moyenne annuelle.';
const DARES_SCALE =
  'Indicateur principal de tension DARES – France Travail par famille de métiers : 0 = tension moyenne 2014-2018, plus la valeur est élevée plus les recrutements sont difficiles ; classe de 1 à 5 quand elle est publiée.';

async function tensionsOf(
  db: Db,
  level: PortraitLevel,
  base: { departement: Named | null; region: Named | null },
  bassins: Named[],
  notes: string[],
): Promise<TerritoryPortrait['tensions']> {
  // Finest level: the bassin BMO when the territory lies in one bassin, else the département, else the région.
  if (bassins.length === 1 && level !== 'departement' && level !== 'region') {
    const { rows } = await sql<Provenance & { rome: string; tension: number | null; offres: number | null; demandeurs: number | null }>`
      SELECT source, vintage, geo_level AS "geoLevel", geo_code AS "geoCode", rome, tension, offres, demandeurs
      FROM tension_rome_bassin WHERE geo_level = 'bassin' AND geo_code = ${bassins[0].code} AND tension IS NOT NULL
        AND vintage = (SELECT max(vintage) FROM tension_rome_bassin WHERE geo_code = ${bassins[0].code})
      ORDER BY tension DESC, offres DESC NULLS LAST, rome LIMIT 10`.execute(db);
    if (rows.length) {
      const labels = await romeLabels(
        db,
        rows.map((r) => r.rome),
      );
      return {
        level: `bassin d’emploi ${deName(titleCase(bassins[0].name))}`,
        scale: BASSIN_SCALE,
        items: rows.map((r) => ({
          source: r.source,
          vintage: r.vintage,
          geoLevel: r.geoLevel,
          geoCode: r.geoCode,
          code: r.rome,
          kind: 'rome' as const,
          label: labels.get(r.rome) ?? `ROME ${r.rome}`,
          occupations: labels.has(r.rome) ? [{ code: r.rome, label: labels.get(r.rome)! }] : [],
          tension: r.tension,
          categorie: r.tension,
          offres: r.offres === null ? null : Math.round(r.offres),
          demandeurs: round1(r.demandeurs),
        })),
      };
    }
  }
  const where: { geo: GeoLevel; code: string; name: string }[] = [];
  if (level !== 'region' && base.departement) where.push({ geo: 'dep', code: base.departement.code, name: base.departement.name });
  if (base.region) where.push({ geo: 'reg', code: base.region.code, name: base.region.name });
  for (const w of where) {
    const { rows } = await sql<Provenance & { fap: string; tension: number; categorie: number | null; emploi: number | null }>`
      SELECT source, vintage, geo_level AS "geoLevel", geo_code AS "geoCode", fap, tension, categorie, emploi_moyen AS emploi
      FROM dares_tension WHERE geo_level = ${w.geo} AND geo_code = ${w.code} AND nomenclature = 'FAP 225' AND tension IS NOT NULL
        AND vintage = (SELECT max(vintage) FROM dares_tension WHERE geo_level = ${w.geo} AND geo_code = ${w.code})
      ORDER BY tension DESC, fap LIMIT 10`.execute(db);
    if (!rows.length) continue;
    const { rows: links } = await sql<{ fap: string; rome: string; label: string | null }>`
      SELECT l.fap, l.rome, coalesce(f.label, l.rome_label) AS label FROM fap_rome l LEFT JOIN rome_fiche f ON f.code = l.rome
      WHERE l.fap = ANY(${rows.map((r) => r.fap)}::text[]) ORDER BY l.fap, l.rome`.execute(db);
    if (w.geo === 'reg' && where.length > 1)
      notes.push(`Pas d’indicateur de tension DARES publié pour le département ${where[0].name} : ceux de la région sont donnés.`);
    return {
      level: `${w.geo === 'dep' ? 'département' : 'région'} ${w.name}`,
      scale: DARES_SCALE,
      items: rows.map((r) => {
        const occupations = links.filter((l) => l.fap === r.fap).map((l) => ({ code: l.rome, label: l.label ?? l.rome }));
        return {
          source: r.source,
          vintage: r.vintage,
          geoLevel: r.geoLevel,
          geoCode: r.geoCode,
          code: r.fap,
          kind: 'fap' as const,
          label: occupations.length
            ? occupations
                .slice(0, 2)
                .map((o) => o.label)
                .join(' ; ') + (occupations.length > 2 ? '…' : '')
            : 'Famille de métiers sans libellé',
          occupations,
          tension: Math.round(r.tension * 100) / 100,
          categorie: r.categorie,
          offres: null,
          demandeurs: null,
        };
      }),
    };
  }
  notes.push('Aucun indicateur de tension publié pour ce territoire.');
  return { level: '', scale: DARES_SCALE, items: [] };
}

async function mostSought(db: Db, level: PortraitLevel, bassins: Named[]): Promise<TerritoryPortrait['metiersRecherches']> {
  if (!bassins.length) return { bassins, items: [], note: 'Bassin d’emploi non renseigné pour ce territoire.' };
  const codes = bassins.map((b) => b.code);
  const { rows } = await sql<{ rome: string; offres: number; demandeurs: number | null; source: string; vintage: string }>`
    SELECT rome, sum(offres)::float8 AS offres, sum(demandeurs)::float8 AS demandeurs, min(source) AS source, max(vintage) AS vintage
    FROM tension_rome_bassin WHERE geo_level = 'bassin' AND geo_code = ANY(${codes}::text[]) AND offres IS NOT NULL
    GROUP BY rome ORDER BY sum(offres) DESC, rome LIMIT 10`.execute(db);
  const labels = await romeLabels(
    db,
    rows.map((r) => r.rome),
  );
  const one = bassins.length === 1;
  return {
    bassins,
    note: one
      ? level === 'bassin'
        ? null
        : `Chiffres du bassin d’emploi ${deName(titleCase(bassins[0].name))}, qui contient ${level === 'commune' ? 'la commune' : 'le territoire'}.`
      : `Somme des ${bassins.length} bassins d’emploi qui recouvrent le territoire (${bassins
          .slice(0, 4)
          .map((b) => titleCase(b.name))
          .join(', ')}${bassins.length > 4 ? '…' : ''}) : ils peuvent déborder de ses limites.`,
    items: rows.map((r) => ({
      source: r.source,
      vintage: r.vintage,
      geoLevel: 'bassin',
      geoCode: one ? bassins[0].code : codes.join(','),
      rome: r.rome,
      label: labels.get(r.rome) ?? `ROME ${r.rome}`,
      offres: Math.round(r.offres),
      demandeurs: r.demandeurs === null ? null : Math.round(r.demandeurs),
    })),
  };
}

async function trainingsIn(
  db: Db,
  level: PortraitLevel,
  code: string,
  base: { departement: Named | null; region: Named | null },
  communes: string[],
  centre: { code: string; name: string; lat: number; lon: number } | undefined,
): Promise<TerritoryPortrait['formations']> {
  if (level === 'departement' || level === 'region') {
    const departements =
      level === 'departement'
        ? [code]
        : (await db.selectFrom('departement').select('code').where('region', '=', code).execute()).map((d) => d.code);
    const r = await searchTrainings(db, { departements, pageSize: 5, sort: 'start' });
    return {
      total: r.total,
      where: level === 'departement' ? `dans le département` : `dans les ${departements.length} départements de la région`,
      search: { departements: departements.join(',') },
      items: r.results,
    };
  }
  if (!centre) return { total: 0, where: 'position du territoire inconnue', search: {}, items: [] };
  let radius = 15;
  if (level !== 'commune') {
    // The circle around the main commune that holds every commune of the territory (10 to 60 km).
    const {
      rows: [far],
    } = await sql<{ km: number | null }>`
      SELECT max(6371 * 2 * asin(sqrt(power(sin(radians(lat - ${centre.lat}::float8) / 2), 2)
        + cos(radians(${centre.lat}::float8)) * cos(radians(lat)) * power(sin(radians(lon - ${centre.lon}::float8) / 2), 2)))) AS km
      FROM commune WHERE code = ANY(${communes}::text[]) AND lat IS NOT NULL`.execute(db);
    radius = Math.min(60, Math.max(10, Math.ceil(far?.km ?? 10)));
  }
  const r = await searchTrainings(db, { near: { commune: centre.code }, radiusKm: radius, pageSize: 5, sort: 'distance' });
  return {
    total: r.total,
    where: `à moins de ${radius} km de ${centre.name}`,
    search: { commune: centre.code, rayon: String(radius) },
    items: r.results,
  };
}
