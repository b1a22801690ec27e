/**
 * The counselling points: the public list, and what steering accounts change — one point added
 * (an operator of the conseil en évolution professionnelle, most often), a point removed, and an
 * operator's CSV file of points.
 *
 * CSV layout (UTF-8, a BOM allowed; « ; » or « , » between columns, read from the header line):
 *
 *   nom;operateur;commune;adresse;latitude;longitude
 *   CIBC Nantes;CEP Pays de la Loire;44109;12 rue de Strasbourg;47.2173;-1.5534
 *   Permanence de Clisson;CEP Pays de la Loire;44043;;;
 *
 * - nom, operateur, commune (code INSEE) are required; adresse is optional;
 * - latitude and longitude (decimal degrees, a point or a comma) go together; without them the
 *   point is placed at the centre of the commune.
 *
 * The file is the complete list of the points of the operators it names: their points that the file
 * no longer lists are removed, the others updated, so that importing the same file twice gives the
 * same state. It is all-or-nothing: one faulty line refuses the whole file, with a French message
 * naming each faulty line and why (the first 20).
 */
import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { sql, type Selectable } from 'kysely';
import { InputError, NotFoundError } from '../platform/errors.ts';
import { COMMUNE_CODE } from '../common/codes.ts';
import { foldWords } from '../common/text.ts';
import type { CoverageDb } from './coverage-db.ts';
import { POINT_KIND_LABELS, type CsvImportReport, type Point, type PointInput } from './coverage-contract.ts';
import type { CoverageTables, PointKind } from './coverage-tables.ts';

type PointRow = CoverageTables['steering_point'];
type PointSelected = Selectable<PointRow>;

export const CSV_COLUMNS = ['nom', 'operateur', 'commune', 'adresse', 'latitude', 'longitude'] as const;
const REQUIRED = ['nom', 'operateur', 'commune'] as const;
const MAX_ROWS = 5000;
const MAX_ERRORS_SHOWN = 20;

function toPoint(r: Omit<PointSelected, 'created_at' | 'updated_at' | 'run_id' | 'import_key'>): Point {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: POINT_KIND_LABELS[r.kind],
    name: r.name,
    operator: r.operator,
    address: r.address,
    postCode: r.post_code,
    city: r.city,
    commune: r.commune,
    departement: r.departement,
    region: r.region,
    lat: r.lat,
    lon: r.lon,
    placed: r.placed,
    origin: r.origin,
    source: r.source_file,
  };
}

const COLUMNS = [
  'id',
  'kind',
  'name',
  'operator',
  'address',
  'post_code',
  'city',
  'commune',
  'departement',
  'region',
  'lat',
  'lon',
  'placed',
  'origin',
  'source_file',
  'removed_at',
] as const;

export async function listPoints(db: CoverageDb, filters: { region?: string; kind?: PointKind } = {}): Promise<Point[]> {
  let q = db.selectFrom('steering_point').select(COLUMNS).where('removed_at', 'is', null);
  if (filters.region) q = q.where('region', '=', filters.region);
  if (filters.kind) q = q.where('kind', '=', filters.kind);
  const rows = await q.orderBy('departement').orderBy('name').orderBy('id').execute();
  return rows.map(toPoint);
}

interface Place {
  commune: { code: string; name: string; departement: string; region: string };
  lat: number;
  lon: number;
  placed: 'adresse' | 'commune';
}

/** The commune's row and the point's position: the coordinates given, else the commune's centre. */
async function placeOf(
  db: CoverageDb,
  code: string,
  lat: number | undefined,
  lon: number | undefined,
): Promise<{ place: Place } | { error: string }> {
  const c = code.trim().toUpperCase();
  if (!COMMUNE_CODE.test(c)) return { error: `commune « ${code} » : code INSEE attendu (5 caractères, ex. 44109)` };
  const commune = await db
    .selectFrom('commune')
    .select(['code', 'name', 'departement', 'region', 'lat', 'lon'])
    .where('code', '=', c)
    .executeTakeFirst();
  if (!commune) return { error: `commune ${c} inconnue` };
  if ((lat === undefined) !== (lon === undefined)) return { error: 'latitude et longitude vont ensemble (ou aucune des deux)' };
  if (lat !== undefined && lon !== undefined) return { place: { commune, lat, lon, placed: 'adresse' } };
  if (commune.lat == null || commune.lon == null) {
    return { error: `commune ${commune.name} (${c}) sans position connue : donnez latitude et longitude` };
  }
  return { place: { commune, lat: commune.lat, lon: commune.lon, placed: 'commune' } };
}

export async function addPoint(db: CoverageDb, input: PointInput): Promise<Point> {
  const name = input.name.replace(/\s+/g, ' ').trim();
  const operator = input.operator.replace(/\s+/g, ' ').trim();
  if (!name) throw new InputError('name', 'le nom du point est obligatoire');
  if (!operator) throw new InputError('operator', 'l’opérateur est obligatoire');
  const found = await placeOf(db, input.commune, input.lat, input.lon);
  if ('error' in found) throw new InputError(found.error.startsWith('latitude') ? 'lat' : 'commune', found.error);
  const { place } = found;
  const row = await db
    .insertInto('steering_point')
    .values({
      import_key: null,
      source_file: null,
      origin: 'saisie',
      kind: input.kind ?? 'cep',
      name,
      operator,
      address: input.address?.trim() || null,
      post_code: null,
      city: place.commune.name,
      departement: place.commune.departement,
      region: place.commune.region,
      commune: place.commune.code,
      lat: place.lat,
      lon: place.lon,
      placed: place.placed,
      removed_at: null,
      run_id: null,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toPoint(row);
}

/**
 * Removes a point: one entered by hand or by CSV is deleted; one of the data bundle is marked
 * removed, and stays so when the bundle is imported again.
 */
export async function removePoint(db: CoverageDb, id: number): Promise<string> {
  const point = await db
    .selectFrom('steering_point')
    .select(['id', 'name', 'origin'])
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (!point) throw new NotFoundError(`point de conseil ${id} introuvable`, 'id');
  if (point.origin === 'lot') {
    await db.updateTable('steering_point').set({ removed_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', id).execute();
    return `Point « ${point.name} » retiré : il ne compte plus dans la couverture, et reste retiré aux prochains imports du lot.`;
  }
  await db.deleteFrom('steering_point').where('id', '=', id).execute();
  return `Point « ${point.name} » supprimé.`;
}

const readNumber = (text: string): number | undefined | null => {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t.replace(',', '.'));
  return /^-?\d+([.,]\d+)?$/.test(t) && Number.isFinite(n) ? n : null;
};

/** Reads an operator's CSV (see the layout above) and makes the database hold exactly its points. */
export async function importCsvPoints(db: CoverageDb, text: string): Promise<CsvImportReport> {
  const content = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const headerLine = content.split('\n', 1)[0] ?? '';
  const delimiter = headerLine.includes(';') ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content, { delimiter, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as never;
  } catch (error) {
    const e = error as { lines?: number; code?: string };
    throw new InputError(
      'csv',
      `fichier CSV illisible ligne ${e.lines ?? '?'} : ${e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'guillemet non fermé' : 'guillemets mal placés'}`,
    );
  }
  if (!records.length)
    throw new InputError('csv', 'fichier vide : une ligne d’en-tête est attendue (nom;operateur;commune;adresse;latitude;longitude)');
  const header = records[0].record.map((h) => foldWords(h).replace(/\s+/g, ''));
  const index = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof CSV_COLUMNS)[number], number>;
  const missing = REQUIRED.filter((c) => index[c] < 0);
  if (missing.length) {
    throw new InputError(
      'csv',
      `ligne 1 : colonne${missing.length > 1 ? 's' : ''} absente${missing.length > 1 ? 's' : ''} : ${missing.join(', ')} ` +
        `(en-tête attendu : ${CSV_COLUMNS.join(delimiter)})`,
    );
  }
  const data = records.slice(1);
  if (!data.length) throw new InputError('csv', 'aucun point : le fichier n’a que sa ligne d’en-tête');
  if (data.length > MAX_ROWS) throw new InputError('csv', `trop de lignes : ${data.length} (au plus ${MAX_ROWS})`);

  const errors: string[] = [];
  const rows: (Omit<PointRow, 'id' | 'created_at' | 'updated_at'> & { line: number })[] = [];
  const seen = new Map<string, number>();
  const communes = new Map<string, Awaited<ReturnType<typeof placeOf>>>();
  for (const { record, info } of data) {
    const line = info.lines;
    const cell = (c: (typeof CSV_COLUMNS)[number]) => (index[c] >= 0 ? (record[index[c]] ?? '').replace(/\s+/g, ' ').trim() : '');
    if (record.length !== header.length) {
      errors.push(`ligne ${line} : ${record.length} colonnes au lieu de ${header.length}`);
      continue;
    }
    const empty = REQUIRED.filter((c) => !cell(c));
    if (empty.length) {
      errors.push(`ligne ${line} : ${empty.join(', ')} vide${empty.length > 1 ? 's' : ''}`);
      continue;
    }
    if (cell('nom').length > 200 || cell('operateur').length > 200 || cell('adresse').length > 300) {
      errors.push(`ligne ${line} : texte trop long (nom et opérateur : 200 caractères, adresse : 300)`);
      continue;
    }
    const lat = readNumber(cell('latitude'));
    const lon = readNumber(cell('longitude'));
    if (lat === null || lon === null) {
      errors.push(`ligne ${line} : latitude ou longitude illisible (nombre décimal attendu, ex. 47.2173)`);
      continue;
    }
    if ((lat !== undefined && Math.abs(lat) > 90) || (lon !== undefined && Math.abs(lon) > 180)) {
      errors.push(`ligne ${line} : latitude entre -90 et 90, longitude entre -180 et 180`);
      continue;
    }
    const key = `${cell('commune')}|${lat}|${lon}`;
    if (!communes.has(key)) communes.set(key, await placeOf(db, cell('commune'), lat, lon));
    const found = communes.get(key)!;
    if ('error' in found) {
      errors.push(`ligne ${line} : ${found.error}`);
      continue;
    }
    const { place } = found;
    const operator = cell('operateur');
    const importKey = `csv:${hash(`${foldWords(operator)}|${place.commune.code}|${foldWords(cell('nom'))}`)}`;
    const first = seen.get(importKey);
    if (first !== undefined) {
      errors.push(`ligne ${line} : même point que la ligne ${first} (même opérateur, commune et nom)`);
      continue;
    }
    seen.set(importKey, line);
    rows.push({
      line,
      import_key: importKey,
      source_file: 'CSV',
      origin: 'csv',
      kind: 'cep',
      name: cell('nom'),
      operator,
      address: cell('adresse') || null,
      post_code: null,
      city: place.commune.name,
      departement: place.commune.departement,
      region: place.commune.region,
      commune: place.commune.code,
      lat: place.lat,
      lon: place.lon,
      placed: place.placed,
      removed_at: null,
      run_id: null,
    });
  }
  if (errors.length) {
    const more = errors.length > MAX_ERRORS_SHOWN ? ` ; et ${errors.length - MAX_ERRORS_SHOWN} autre(s)` : '';
    throw new InputError(
      'csv',
      `fichier refusé, aucun point importé (${errors.length} ligne${errors.length > 1 ? 's' : ''} en erreur) : ` +
        `${errors.slice(0, MAX_ERRORS_SHOWN).join(' ; ')}${more}`,
    );
  }

  const operators = [...new Set(rows.map((r) => r.operator!))].sort((a, b) => a.localeCompare(b, 'fr'));
  const folded = new Set(operators.map(foldWords));
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('steering_point')
      .select(['id', 'import_key', 'operator', 'name', 'address', 'commune', 'lat', 'lon', 'placed'])
      .where('origin', '=', 'csv')
      .execute();
    const mine = existing.filter((e) => folded.has(foldWords(e.operator ?? '')));
    const byKey = new Map(mine.map((e) => [e.import_key, e]));
    let inserted = 0;
    let updated = 0;
    for (const { line: _line, ...r } of rows) {
      const before = byKey.get(r.import_key);
      if (!before) {
        await trx.insertInto('steering_point').values(r).execute();
        inserted++;
        continue;
      }
      byKey.delete(r.import_key);
      const same =
        before.name === r.name &&
        before.operator === r.operator &&
        before.address === r.address &&
        before.lat === r.lat &&
        before.lon === r.lon &&
        before.placed === r.placed;
      if (same) continue;
      await trx
        .updateTable('steering_point')
        .set({ name: r.name, operator: r.operator, address: r.address, lat: r.lat, lon: r.lon, placed: r.placed, updated_at: sql`now()` })
        .where('id', '=', before.id)
        .execute();
      updated++;
    }
    const gone = [...byKey.values()].map((e) => e.id);
    if (gone.length) await trx.deleteFrom('steering_point').where('id', 'in', gone).execute();
    return {
      read: rows.length,
      inserted,
      updated,
      deleted: gone.length,
      operators,
      message:
        `${rows.length} point${rows.length > 1 ? 's' : ''} lu${rows.length > 1 ? 's' : ''} : ${inserted} ajouté(s), ${updated} modifié(s), ` +
        `${gone.length} retiré(s) (absents du fichier) pour ${operators.join(', ')}.`,
    };
  });
}

const hash = (text: string) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
