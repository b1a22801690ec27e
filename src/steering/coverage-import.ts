/**
 * Counselling points from the bundle's `accompagnement/` folder:
 *
 * - `prescribers__organization.json` (Les Emplois de l'inclusion, a Django fixture): France Travail
 *   agencies, Missions locales and Cap emploi with their address, post code, département and a
 *   PostGIS point (`SRID=4326;POINT (lon lat)`). Other prescribers (SPIP, PJJ, CCAS…) are not
 *   counselling points and are only counted. The file's phone numbers and e-mails are fake
 *   (Faker): they are never read.
 * - `referentiel_structures_milo.json` (i-milo): every Mission locale, whose id starts with the
 *   INSEE code of the commune of its seat; placed at that commune's centre (the file has no address).
 *
 * `agences_milo.json` and `agences_pe.json` list agency names by département without any address
 * or commune: they cannot be placed and are not imported (the report says so).
 *
 * Every point of the files is kept, whatever its région: a point of a neighbouring région within
 * the radius covers the border communes. Each file is all-or-nothing with the whole import; an
 * entry that cannot be placed is rejected with its line, its key and why. Points are keyed by the
 * source's identifier, so a re-run gives the same rows; a point removed by a steering account
 * (removed_at) stays removed, and points entered by hand or by CSV are never touched.
 */
import { entryLines } from '../platform/import/json-lines.ts';
import fs from 'node:fs';
import { sql } from 'kysely';
import { findFile, type BundleFile } from '../platform/import/bundle.ts';
import { ImportError } from '../platform/import/errors.ts';
import { PendingReport } from '../platform/import/report.ts';
import type { ImportContext, ImportSource } from '../platform/import/run.ts';
import { syncReported, uniqueByKey, type TableSpec } from '../platform/import/sync.ts';
import { haversineKm } from '../trainings/index.ts';
import { coverageDb } from './coverage-db.ts';
import type { PointKind } from './coverage-tables.ts';

const FOLDER = 'accompagnement';
const PRESCRIBERS = /^prescribers__organization(.*)\.json$/i;
const MILO = /^referentiel_structures_milo(.*)\.json$/i;
const UNPLACED = [/^agences_milo.*\.json$/i, /^agences_pe.*\.json$/i];

export const coverageSource: ImportSource = {
  name: 'points-conseil',
  present: (dir) => Boolean(findFile(dir, FOLDER, PRESCRIBERS) ?? findFile(dir, FOLDER, MILO)),
  async run(ctx) {
    const prescribers = findFile(ctx.dir, FOLDER, PRESCRIBERS);
    if (prescribers) await importPrescribers(ctx, prescribers);
    const milo = findFile(ctx.dir, FOLDER, MILO);
    if (milo) await importMilo(ctx, milo);
  },
};

export const POINT_COLUMNS = {
  import_key: 'text',
  source_file: 'text',
  origin: 'text',
  kind: 'text',
  name: 'text',
  operator: 'text',
  address: 'text',
  post_code: 'text',
  city: 'text',
  departement: 'text',
  region: 'text',
  commune: 'text',
  lat: 'float8',
  lon: 'float8',
  placed: 'text',
} as const;

type PointRow = { -readonly [K in keyof typeof POINT_COLUMNS]: string | number | null } & { line: number; import_key: string };

const SPEC = (file: string): TableSpec => ({
  table: 'steering_point',
  key: ['import_key'],
  columns: POINT_COLUMNS,
  scope: sql`origin = 'lot' AND source_file = ${file}`,
  label: `points de conseil de ${file}`,
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.replace(/\s+/g, ' ').trim() : null);

/** The file's JSON and the line of each top-level array element, or an ImportError naming the line of the fault. */
function readJsonArray(file: BundleFile, expected: string): { entries: unknown[]; lines: number[] } {
  const raw = fs.readFileSync(file.path, 'utf8').replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    throw new ImportError(file.label, at ? raw.slice(0, Number(at[1])).split('\n').length : 0, `JSON illisible : ${message}`);
  }
  if (!Array.isArray(value)) throw new ImportError(file.label, 1, `structure inattendue : ${expected}`);
  return { entries: value, lines: entryLines(raw) };
}

/** `SRID=4326;POINT (lon lat)` → { lat, lon }, or null. */
export function readPostgisPoint(text: string): { lat: number; lon: number } | null {
  const m = /^(?:SRID=4326;)?\s*POINT\s*\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*\)$/i.exec(text.trim());
  if (!m) return null;
  const lon = Number(m[1]);
  const lat = Number(m[2]);
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { lat, lon };
}

const KINDS: Record<string, PointKind> = { FT: 'france_travail', ML: 'mission_locale', CAP_EMPLOI: 'cap_emploi' };

async function regionsOfDepartements(ctx: ImportContext): Promise<Map<string, string>> {
  const rows = await coverageDb(ctx.trx).selectFrom('departement').select(['code', 'region']).execute();
  return new Map(rows.map((r) => [r.code, r.region]));
}

async function importPrescribers(ctx: ImportContext, file: BundleFile): Promise<void> {
  ctx.progress.start(file.label, fs.statSync(file.path).size);
  const { entries, lines } = readJsonArray(file, 'une liste d’objets { model, pk, fields } est attendue');
  const regionOf = await regionsOfDepartements(ctx);
  const pending = new PendingReport();
  const rows: PointRow[] = [];
  const others = new Map<string, number>();
  for (const [i, entry] of entries.entries()) {
    const line = lines[i] ?? 0;
    pending.read++;
    const fields = isObject(entry) && isObject(entry.fields) ? entry.fields : null;
    if (!fields) {
      pending.reject(line, `élément ${i + 1} : un objet { model, pk, fields } est attendu`);
      continue;
    }
    const pk = isObject(entry) ? String(entry.pk ?? i + 1) : String(i + 1);
    const kindCode = str(fields.kind) ?? '';
    const kind = KINDS[kindCode];
    if (!kind) {
      others.set(kindCode || '(sans type)', (others.get(kindCode || '(sans type)') ?? 0) + 1);
      continue;
    }
    const name = str(fields.name);
    const where = `pk ${pk}${name ? ` « ${name} »` : ''}`;
    if (!name) {
      pending.reject(line, `${where} : nom absent`);
      continue;
    }
    const coords = str(fields.coords);
    if (!coords) {
      pending.reject(line, `${where} : pas de position (coords vide), le point ne peut pas être placé`);
      continue;
    }
    const point = readPostgisPoint(coords);
    if (!point) {
      pending.reject(line, `${where} : position « ${coords} » illisible (attendu SRID=4326;POINT (longitude latitude))`);
      continue;
    }
    const departement = str(fields.department);
    const uid = str(fields.uid);
    rows.push({
      line,
      import_key: `prescriber:${uid ?? pk}`,
      source_file: file.label,
      origin: 'lot',
      kind,
      name,
      operator: kind === 'france_travail' ? 'France Travail' : kind === 'cap_emploi' ? 'Cap emploi' : 'Mission locale',
      address: [str(fields.address_line_1), str(fields.address_line_2)].filter(Boolean).join(', ') || null,
      post_code: str(fields.post_code),
      city: str(fields.city),
      departement,
      region: departement ? (regionOf.get(departement) ?? null) : null,
      commune: null,
      lat: point.lat,
      lon: point.lon,
      placed: 'adresse',
    });
  }
  await placeOnCommunes(ctx, rows);
  const consistent = await checkDepartements(ctx, rows, pending.reject);
  const kept = uniqueByKey(consistent, (r) => r.import_key, pending.reject);
  const count = (k: PointKind) => kept.filter((r) => r.kind === k).length;
  pending.notes.push(
    `${kept.length} points de conseil : ${count('france_travail')} agences France Travail, ${count('mission_locale')} Missions locales, ${count('cap_emploi')} Cap emploi`,
    'numéros de téléphone et adresses électroniques du fichier non lus (données fictives)',
  );
  if (others.size) {
    pending.notes.push(
      `non retenus (pas des points de conseil en évolution professionnelle) : ${[...others]
        .sort()
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}`,
    );
  }
  const report = pending.open(ctx, file, 'Les Emplois de l’inclusion, organisations prescriptrices');
  await syncReported(ctx, report, SPEC(file.label), kept);
  ctx.progress.done(report);
}

/** The commune of each point: among those of its post code, the one whose centre is nearest. */
async function placeOnCommunes(ctx: ImportContext, rows: PointRow[]): Promise<void> {
  const codes = [...new Set(rows.map((r) => r.post_code).filter((p): p is string => typeof p === 'string'))];
  if (!codes.length) return;
  const found = await coverageDb(ctx.trx)
    .selectFrom('commune_postcode as p')
    .innerJoin('commune as c', 'c.code', 'p.commune')
    .select(['p.postcode', 'c.code', 'c.lat', 'c.lon'])
    .where('p.postcode', 'in', codes)
    .execute();
  const byPostcode = new Map<string, typeof found>();
  for (const f of found) byPostcode.set(f.postcode, [...(byPostcode.get(f.postcode) ?? []), f]);
  for (const r of rows) {
    const candidates = byPostcode.get(String(r.post_code)) ?? [];
    let best: { code: string; d: number } | undefined;
    for (const c of candidates) {
      const d = c.lat == null || c.lon == null ? Number.MAX_VALUE : (c.lat - Number(r.lat)) ** 2 + (c.lon - Number(r.lon)) ** 2;
      if (!best || d < best.d) best = { code: c.code, d };
    }
    r.commune = best?.code ?? null;
  }
}

/** Farther than this from every commune of its département, a point's position or département is wrong. */
const MAX_KM_FROM_DEPARTEMENT = 50;

/**
 * Keeps the points whose position lies within MAX_KM_FROM_DEPARTEMENT of a commune of their
 * département (the fixture holds a few mis-geocoded agencies: one of Lille placed in the Sarthe,
 * one of La Réunion in the Moselle). A département without placed communes cannot be checked.
 */
async function checkDepartements(
  ctx: ImportContext,
  rows: PointRow[],
  reject: (line: number, reason: string) => void,
): Promise<PointRow[]> {
  const communes = await coverageDb(ctx.trx)
    .selectFrom('commune')
    .select(['departement', 'lat', 'lon'])
    .where('lat', 'is not', null)
    .where('lon', 'is not', null)
    .execute();
  const byDepartement = new Map<string, { lat: number; lon: number }[]>();
  for (const c of communes) {
    const list = byDepartement.get(c.departement) ?? [];
    list.push({ lat: c.lat!, lon: c.lon! });
    byDepartement.set(c.departement, list);
  }
  return rows.filter((r) => {
    const list = r.departement ? byDepartement.get(String(r.departement)) : undefined;
    if (!list?.length) return true;
    const lat = Number(r.lat);
    const lon = Number(r.lon);
    let nearest = Number.POSITIVE_INFINITY;
    for (const c of list) nearest = Math.min(nearest, haversineKm(lat, lon, c.lat, c.lon));
    if (nearest <= MAX_KM_FROM_DEPARTEMENT) return true;
    reject(
      r.line,
      `« ${r.name} » : position (${lat}, ${lon}) à ${Math.round(nearest)} km de toute commune du département ${r.departement} : ` +
        'position ou département erroné, le point n’est pas retenu',
    );
    return false;
  });
}

/** Municipal arrondissements (Paris, Lyon, Marseille) → their commune. */
export function communeOfArrondissement(code: string): string {
  if (/^751(0\d|1\d|20)$/.test(code)) return '75056';
  if (/^6938\d$/.test(code)) return '69123';
  if (/^132(0\d|1[0-6])$/.test(code)) return '13055';
  return code;
}

const MILO_ID = /^((?:\d{2}|2[AB])\d{3})S\d{2}$/;

async function importMilo(ctx: ImportContext, file: BundleFile): Promise<void> {
  ctx.progress.start(file.label, fs.statSync(file.path).size);
  const { entries, lines } = readJsonArray(file, 'une liste d’objets { id, nom_officiel, nom_usuel, code_departement } est attendue');
  const communes = new Map(
    (await coverageDb(ctx.trx).selectFrom('commune').select(['code', 'name', 'departement', 'region', 'lat', 'lon']).execute()).map((c) => [
      c.code,
      c,
    ]),
  );
  const pending = new PendingReport();
  const rows: PointRow[] = [];
  for (const [i, entry] of entries.entries()) {
    const line = lines[i] ?? 0;
    pending.read++;
    if (!isObject(entry)) {
      pending.reject(line, `élément ${i + 1} : un objet est attendu`);
      continue;
    }
    const id = str(entry.id) ?? '';
    const official = str(entry.nom_officiel);
    const name = str(entry.nom_usuel) ?? official?.replace(/^\d[\dAB]\s*-\s*/, '') ?? null;
    const where = `id ${id || '(absent)'}${official ? ` « ${official} »` : ''}`;
    const m = MILO_ID.exec(id);
    if (!m) {
      pending.reject(line, `${where} : identifiant i-milo attendu (code INSEE de la commune du siège, « S », deux chiffres)`);
      continue;
    }
    if (!name) {
      pending.reject(line, `${where} : nom absent`);
      continue;
    }
    const commune = communes.get(communeOfArrondissement(m[1]));
    if (!commune) {
      pending.reject(line, `${where} : commune du siège ${m[1]} inconnue, la Mission locale ne peut pas être placée`);
      continue;
    }
    if (commune.lat == null || commune.lon == null) {
      pending.reject(line, `${where} : commune du siège ${commune.name} (${commune.code}) sans position connue`);
      continue;
    }
    rows.push({
      line,
      import_key: `milo:${id}`,
      source_file: file.label,
      origin: 'lot',
      kind: 'mission_locale',
      name,
      operator: 'Mission locale',
      address: null,
      post_code: null,
      city: commune.name,
      departement: commune.departement,
      region: commune.region,
      commune: commune.code,
      lat: commune.lat,
      lon: commune.lon,
      placed: 'commune',
    });
  }
  const kept = uniqueByKey(rows, (r) => r.import_key, pending.reject);
  pending.notes.push(`${kept.length} Missions locales placées au centre de la commune de leur siège (le fichier ne donne pas d’adresse)`);
  const unplaced = UNPLACED.map((p) => findFile(ctx.dir, FOLDER, p)).filter((f): f is BundleFile => Boolean(f));
  if (unplaced.length) {
    pending.notes.push(
      `${unplaced.map((f) => f.label).join(' et ')} : noms d’agences par département, sans adresse ni commune ; non importés`,
    );
  }
  const report = pending.open(ctx, file, 'i-milo, référentiel des structures Missions locales');
  await syncReported(ctx, report, SPEC(file.label), kept);
  ctx.progress.done(report);
}
