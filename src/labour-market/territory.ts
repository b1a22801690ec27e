/**
 * A territory of the route GET /api/v1/occupations/{code}/territory/{level}/{territoryCode} and the
 * levels at which labour-market figures exist for it (département, région, bassin BMO).
 *
 * Reads the territory tables directly for the levels `getCommune` does not cover (département,
 * région, bassin, zone d'emploi); TODO: move these lookups into territories/ when it grows an
 * index.ts with them.
 */
import { sql, type Kysely } from 'kysely';
import type { LabourMarketSchema } from './db.ts';
import { getCommune } from '../territories/communes.ts';
import { territoryDb } from '../territories/db.ts';
import { BASSIN_BMO_CODE, COMMUNE_CODE, DEPARTEMENT_CODE, REGION_CODE, ZONE_EMPLOI_CODE } from '../common/codes.ts';
import type { TerritoryLevel } from '../common/territory-levels.ts';

type Db = Kysely<LabourMarketSchema>;

export { TERRITORY_LEVELS, type TerritoryLevel } from '../common/territory-levels.ts';

export interface Named {
  code: string;
  name: string;
}

export interface ResolvedTerritory {
  level: TerritoryLevel;
  code: string;
  name: string;
  /** The département whose figures apply (for a bassin or zone d'emploi: the one of most of its communes). */
  departement: Named | null;
  region: Named | null;
  bassinBmo: Named | null;
  zoneEmploi: Named | null;
  /** Approximations made, in French. */
  notes: string[];
}

/** The expected form of each level's code, with the French hint of the 400 answer. */
export const CODE_FORMS: Record<TerritoryLevel, { pattern: RegExp; hint: string }> = {
  commune: { pattern: COMMUNE_CODE, hint: 'code commune INSEE à 5 caractères, ex. 44109' },
  departement: { pattern: DEPARTEMENT_CODE, hint: 'code de département, ex. 44' },
  region: { pattern: REGION_CODE, hint: 'code de région INSEE à 2 chiffres, ex. 52' },
  bassin: { pattern: BASSIN_BMO_CODE, hint: 'code de bassin BMO, ex. 5216' },
  'zone-emploi': { pattern: ZONE_EMPLOI_CODE, hint: 'code de zone d’emploi à 4 chiffres, ex. 5216' },
};

const LEVEL_NAMES: Record<TerritoryLevel, string> = {
  commune: 'commune',
  departement: 'département',
  region: 'région',
  bassin: 'bassin BMO',
  'zone-emploi': 'zone d’emploi',
};

export function levelName(level: TerritoryLevel): string {
  return LEVEL_NAMES[level];
}

/** The 404 message for an unknown code at each level. */
export const UNKNOWN: Record<TerritoryLevel, (code: string) => string> = {
  commune: (code) => `Commune inconnue : ${code}`,
  departement: (code) => `Département inconnu : ${code}`,
  region: (code) => `Région inconnue : ${code}`,
  bassin: (code) => `Bassin BMO inconnu : ${code}`,
  'zone-emploi': (code) => `Zone d’emploi inconnue : ${code}`,
};

async function departement(db: Db, code: string): Promise<(Named & { region: Named }) | undefined> {
  const {
    rows: [d],
  } = await sql<{ code: string; name: string; region_code: string; region_name: string }>`
    SELECT d.code, d.name, r.code AS region_code, r.name AS region_name
    FROM departement d JOIN region r ON r.code = d.region WHERE d.code = ${code}`.execute(db);
  return d ? { code: d.code, name: d.name, region: { code: d.region_code, name: d.region_name } } : undefined;
}

/** The département holding most of a set of communes (ties: lowest code), and how many it holds. */
async function mainDepartement(
  db: Db,
  column: 'bassin_bmo' | 'zone_emploi',
  code: string,
): Promise<{ code: string; share: number; total: number; departements: number } | undefined> {
  const { rows } = await sql<{ departement: string; n: number }>`
    SELECT departement, count(*)::int AS n FROM commune WHERE ${sql.ref(column)} = ${code}
    GROUP BY departement ORDER BY n DESC, departement`.execute(db);
  if (!rows.length) return undefined;
  const total = rows.reduce((s, r) => s + r.n, 0);
  return { code: rows[0].departement, share: rows[0].n, total, departements: rows.length };
}

/** Resolves a territory; undefined when the code is unknown at that level. */
export async function resolveTerritory(db: Db, level: TerritoryLevel, code: string): Promise<ResolvedTerritory | undefined> {
  const notes: string[] = [];
  switch (level) {
    case 'commune': {
      const c = await getCommune(territoryDb(db), code);
      if (!c) return undefined;
      const d = await departement(db, c.departement);
      return {
        level,
        code: c.code,
        name: c.name,
        departement: d ? { code: d.code, name: d.name } : { code: c.departement, name: c.departement },
        region: d?.region ?? null,
        bassinBmo: c.bassinBmo,
        zoneEmploi: c.zoneEmploi,
        notes,
      };
    }
    case 'departement': {
      const d = await departement(db, code);
      if (!d) return undefined;
      return {
        level,
        code: d.code,
        name: d.name,
        departement: { code: d.code, name: d.name },
        region: d.region,
        bassinBmo: null,
        zoneEmploi: null,
        notes,
      };
    }
    case 'region': {
      const r = await db.selectFrom('region').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
      if (!r) return undefined;
      return { level, code: r.code, name: r.name, departement: null, region: r, bassinBmo: null, zoneEmploi: null, notes };
    }
    case 'bassin':
    case 'zone-emploi': {
      const table = level === 'bassin' ? 'bassin_bmo' : 'zone_emploi';
      const t = await db.selectFrom(table).select(['code', 'name']).where('code', '=', code).executeTakeFirst();
      if (!t) return undefined;
      const main = await mainDepartement(db, level === 'bassin' ? 'bassin_bmo' : 'zone_emploi', t.code);
      const d = main ? await departement(db, main.code) : undefined;
      if (main && d && main.departements > 1) {
        notes.push(
          `Le ${levelName(level)} ${t.name} s’étend sur ${main.departements} départements : les chiffres départementaux ` +
            `sont ceux du département qui en compte le plus de communes (${d.name}, ${main.share} sur ${main.total}).`,
        );
      }
      if (level === 'zone-emploi') {
        notes.push('Les indicateurs de tension ne sont pas publiés par zone d’emploi : ceux du département et de la région sont donnés.');
      }
      return {
        level,
        code: t.code,
        name: t.name,
        departement: d ? { code: d.code, name: d.name } : null,
        region: d?.region ?? null,
        bassinBmo: level === 'bassin' ? t : null,
        zoneEmploi: level === 'zone-emploi' ? t : null,
        notes,
      };
    }
  }
}
