/**
 * The CFA directory from the bundle's `apprentissage/` folder:
 *
 * - `CFASousConvRegionale_*.csv` (DEPP: CFA under regional convention; `;`, Windows-1252): UAI,
 *   SIRET, name, address, commune (INSEE code), ministry;
 * - `organismes-prepa-apprentissage*.csv` (référentiel UAI-SIRET; `;`, UTF-8 with BOM): one row
 *   per UAI × SIRET with name, nature, département, commune (name), address, prépa-apprentissage;
 * - `referentiel*.json` (API Apprentissage referential, an array of organismes): SIRET, UAI,
 *   nature, Qualiopi, address with its BAN geocoding, places of training.
 *
 * Each file's rows are kept as they are (`apprenticeship_organisme`, one per UAI × SIRET and
 * file); the directory (`apprenticeship_cfa`, one CFA per UAI) is then rebuilt from all of them,
 * so that a file missing from a bundle leaves its rows as they were. A commune is the current
 * commune of the territories capability: by INSEE code, else by postcode and name, else by
 * département and name. Coordinates are those of the geocoded address when the referential gives
 * them, else the commune's centroid.
 *
 * A CSV's encoding is read from its bytes: valid UTF-8 is read as UTF-8, anything else as
 * Windows-1252 (the DEPP publishes Windows-1252; a re-saved copy may be UTF-8), and the report
 * says so when a file is not in its usual encoding. Structural faults refuse the file (and the
 * whole import) with file, line and reason; faulty rows are rejected with their line.
 */
import { entryLines } from '../platform/import/json-lines.ts';
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { sql } from 'kysely';
import type { ImportContext, ImportSource } from '../platform/import/run.ts';
import { findFile, noteCounts, rowsOf, type BundleFile } from '../platform/import/bundle.ts';
import { ImportError } from '../platform/import/errors.ts';
import type { FileReport } from '../platform/import/report.ts';
import { checkShrink, syncReported, syncRows, uniqueByKey, type TableSpec } from '../platform/import/sync.ts';
import { text } from '../platform/import/values.ts';
import { SIRET } from '../common/codes.ts';
import { foldWords } from '../common/text.ts';
import { searchKeys } from '../territories/communes.ts';
import type { ApprenticeshipSchema } from './db.ts';
import type { CfaPlace } from './tables.ts';

const FOLDER = 'apprentissage';

const FILES = {
  depp: { pattern: /^CFASousConvRegionale(.*)\.csv$/i, usual: 'windows-1252' },
  'uai-siret': { pattern: /^organismes-prepa-apprentissage(.*)\.csv$/i, usual: 'utf-8' },
  'api-apprentissage': { pattern: /^referentiel(.*)\.json$/i, usual: 'utf-8' },
} as const;
type SourceKind = keyof typeof FILES;

/** What each file is, as its report names it. */
const EDITIONS: Record<SourceKind, string> = {
  depp: 'DEPP, CFA sous convention régionale',
  'uai-siret': 'Référentiel UAI-SIRET des organismes de formation',
  'api-apprentissage': 'API Apprentissage, référentiel des organismes',
};

/** UAI: seven digits and a letter (one published UAI is in lower case: read in capitals). */
export const UAI = /^\d{7}[A-Z]$/;
const NATURES = new Set(['responsable_formateur', 'responsable', 'formateur', 'inconnue']);
/** A referential larger than this is not a referential. */
const MAX_JSON_BYTES = 256 * 1024 * 1024;

export const cfaSource: ImportSource = {
  name: 'apprentissage',
  present: (dir) => (Object.keys(FILES) as SourceKind[]).some((k) => findFile(dir, FOLDER, FILES[k].pattern) !== undefined),
  run: importCfas,
};

/** One organisme as one file lists it (a row of apprenticeship_organisme, with its line). */
type Organisme = {
  line: number;
  source: SourceKind;
  key: string;
  file: string;
  uai: string;
  siret: string | null;
  name: string | null;
  nature: string | null;
  address: string | null;
  postcode: string | null;
  commune: string | null;
  commune_label: string | null;
  departement: string | null;
  lat: number | null;
  lon: number | null;
  qualiopi: boolean | null;
  prepa: boolean | null;
  tutelle: string | null;
  places: CfaPlace[];
};

const ORGANISME_SPEC = (source: SourceKind): TableSpec => ({
  table: 'apprenticeship_organisme',
  key: ['source', 'key'],
  columns: {
    source: 'text',
    key: 'text',
    file: 'text',
    uai: 'text',
    siret: 'text',
    name: 'text',
    nature: 'text',
    address: 'text',
    postcode: 'text',
    commune: 'text',
    commune_label: 'text',
    departement: 'text',
    lat: 'float8',
    lon: 'float8',
    qualiopi: 'boolean',
    prepa: 'boolean',
    tutelle: 'text',
    places: 'jsonb',
  },
  scope: sql`source = ${source}`,
  label: 'organismes',
});

async function importCfas(ctx: ImportContext): Promise<void> {
  const communes = await CommuneResolver.load(ctx.trx);
  const reports: FileReport[] = [];
  const readers: Record<SourceKind, (ctx: ImportContext, file: BundleFile, communes: CommuneResolver) => Promise<FileReport>> = {
    depp: importDepp,
    'uai-siret': importUaiSiret,
    'api-apprentissage': importReferentiel,
  };
  for (const kind of Object.keys(FILES) as SourceKind[]) {
    const file = findFile(ctx.dir, FOLDER, FILES[kind].pattern);
    if (file) reports.push(await readers[kind](ctx, file, communes));
  }
  await rebuildDirectory(ctx, communes, reports.at(-1)!);
  for (const r of reports) ctx.progress.done(r);
  await sql`ANALYZE apprenticeship_organisme, apprenticeship_cfa`.execute(ctx.trx);
}

// ---- files -------------------------------------------------------------------------------------

/** UTF-8 when the bytes are valid UTF-8, Windows-1252 otherwise; a note when it is not the file's usual one. */
function encodingOf(file: BundleFile, kind: SourceKind, notes: string[]): 'utf-8' | 'windows-1252' {
  const encoding = isUtf8(fs.readFileSync(file.path)) ? 'utf-8' : 'windows-1252';
  if (encoding !== FILES[kind].usual) {
    notes.push(
      encoding === 'utf-8'
        ? 'fichier encodé en UTF-8 (la publication est en Windows-1252) : lu en UTF-8'
        : 'fichier qui n’est pas en UTF-8 (octets invalides) : lu en Windows-1252',
    );
  }
  return encoding;
}

/** Reads a UAI cell: capitals, checked. */
function uaiOf(value: string | undefined): string | null | undefined {
  const v = value?.trim().toUpperCase() ?? '';
  if (!v) return null;
  return UAI.test(v) ? v : undefined;
}

function siretOf(value: string | undefined): string | null | undefined {
  const v = value?.replace(/\s/g, '') ?? '';
  if (!v) return null;
  return SIRET.test(v) ? v : undefined;
}

function organismeKey(uai: string, siret: string | null): string {
  return `${uai}/${siret ?? '-'}`;
}

const COMMON = { qualiopi: null, prepa: null, tutelle: null, lat: null, lon: null, places: [] };

async function importDepp(ctx: ImportContext, file: BundleFile, communes: CommuneResolver): Promise<FileReport> {
  const notes: string[] = [];
  const counter = { read: 0 };
  const rejects: { line: number; reason: string }[] = [];
  const reject = (line: number, reason: string) => rejects.push({ line, reason });
  const rows: Organisme[] = [];
  let closed = 0;
  let unplaced = 0;
  const encoding = encodingOf(file, 'depp', notes);
  const columns = [
    'numero_uai',
    'ministere_tutelle_libe',
    'commune',
    'commune_libe',
    'denomination_principale',
    'patronyme_uai',
    'numero_siren_siret_uai',
    'date_fermeture',
    'lieu_dit_uai',
    'adresse_uai',
    'boite_postale_uai',
    'code_postal_uai',
  ];
  for await (const { line, row } of rowsOf(ctx, file, counter, { encoding, delimiter: ';', columns, floor: 100 })) {
    const uai = uaiOf(row.numero_uai);
    if (!uai) {
      reject(line, `UAI ${uai === null ? 'vide' : `invalide « ${row.numero_uai} »`} (7 chiffres et une lettre attendus)`);
      continue;
    }
    // The SIREN alone (9 digits) names no establishment.
    const rawSiret = row.numero_siren_siret_uai.trim();
    const siret = /^\d{9}$/.test(rawSiret) ? null : siretOf(rawSiret);
    if (siret === undefined) {
      reject(line, `SIRET invalide « ${rawSiret} » (14 chiffres attendus)`);
      continue;
    }
    if (text(row.date_fermeture)) {
      closed++;
      continue;
    }
    const code = text(row.commune);
    const postcode = text(row.code_postal_uai);
    const commune = communes.resolve({ code, name: row.commune_libe, postcode });
    if (!commune) unplaced++;
    rows.push({
      ...COMMON,
      line,
      source: 'depp',
      key: organismeKey(uai, siret),
      file: file.label,
      uai,
      siret,
      name: deppName(row.denomination_principale, row.patronyme_uai),
      nature: null,
      address: [row.lieu_dit_uai, row.adresse_uai, row.boite_postale_uai].map(text).filter(Boolean).join(', ') || null,
      postcode,
      commune: commune?.code ?? null,
      commune_label: text(row.commune_libe),
      departement: commune?.departement ?? departementOfCommune(code),
      tutelle: text(row.ministere_tutelle_libe),
    });
  }
  if (closed) notes.push(`${closed} CFA fermés (date de fermeture) : hors de l’annuaire`);
  if (unplaced) notes.push(`${unplaced} organismes dont la commune est introuvable dans le COG : sans commune ni position`);
  return syncFile(ctx, file, 'depp', counter.read, rejects, notes, rows);
}

/** "CTR DE FORMATION D APPRENTIS" + "DE LAVAL" → "CFA DE LAVAL". */
function deppName(denomination: string, patronyme: string): string | null {
  const d = denomination.replace(/\s+/g, ' ').trim();
  const p = patronyme
    .replace(/\s+/g, ' ')
    .replace(/[\s\-–,.]+$/, '')
    .trim();
  if (!p) return d || null;
  return /FORMATION D.?APPRENTI/i.test(d) ? `CFA ${p}` : [d, p].filter(Boolean).join(' ');
}

async function importUaiSiret(ctx: ImportContext, file: BundleFile, communes: CommuneResolver): Promise<FileReport> {
  const notes: string[] = [];
  const counter = { read: 0 };
  const rejects: { line: number; reason: string }[] = [];
  const reject = (line: number, reason: string) => rejects.push({ line, reason });
  const rows: Organisme[] = [];
  let unplaced = 0;
  const encoding = encodingOf(file, 'uai-siret', notes);
  const columns = ['uai', 'siret', 'raison_sociale', 'enseigne', 'nature', 'departement', 'commune', 'adresse', 'prepa_apprentissage'];
  for await (const { line, row } of rowsOf(ctx, file, counter, { encoding, delimiter: ';', columns, floor: 1000 })) {
    const uai = uaiOf(row.uai);
    if (!uai) {
      reject(line, `UAI ${uai === null ? 'vide' : `invalide « ${row.uai} »`} (7 chiffres et une lettre attendus)`);
      continue;
    }
    const siret = siretOf(row.siret);
    if (!siret) {
      reject(line, `SIRET ${siret === null ? 'vide' : `invalide « ${row.siret} »`} (14 chiffres attendus)`);
      continue;
    }
    const nature = text(row.nature);
    if (nature && !NATURES.has(nature)) {
      reject(line, `nature inconnue « ${nature} » (responsable_formateur, responsable, formateur ou inconnue)`);
      continue;
    }
    const flag = row.prepa_apprentissage.trim().toUpperCase();
    if (flag !== '' && flag !== 'X') {
      reject(line, `indicateur prépa-apprentissage invalide « ${row.prepa_apprentissage} » (X ou vide)`);
      continue;
    }
    const address = text(row.adresse);
    const postcode = address?.match(/\b(\d{5})\b(?!.*\b\d{5}\b)/)?.[1] ?? null;
    const departement = text(row.departement);
    const commune = communes.resolve({ name: row.commune, postcode, departement });
    if (!commune) unplaced++;
    const raison = text(row.raison_sociale);
    const enseigne = text(row.enseigne);
    rows.push({
      ...COMMON,
      line,
      source: 'uai-siret',
      key: organismeKey(uai, siret),
      file: file.label,
      uai,
      siret,
      name: raison && enseigne && !raison.includes(enseigne) ? `${raison} (${enseigne})` : (raison ?? enseigne),
      nature,
      address,
      postcode,
      commune: commune?.code ?? null,
      commune_label: text(row.commune),
      departement: commune?.departement ?? departement,
      prepa: flag === 'X',
    });
  }
  if (unplaced) notes.push(`${unplaced} organismes dont la commune est introuvable dans le COG : sans commune ni position`);
  return syncFile(ctx, file, 'uai-siret', counter.read, rejects, notes, rows);
}

async function importReferentiel(ctx: ImportContext, file: BundleFile, communes: CommuneResolver): Promise<FileReport> {
  const notes: string[] = [];
  const rejects: { line: number; reason: string }[] = [];
  const reject = (line: number, reason: string) => rejects.push({ line, reason });
  const size = fs.statSync(file.path).size;
  ctx.progress.start(file.label, size);
  if (size > MAX_JSON_BYTES)
    throw new ImportError(file.label, 0, `fichier de plus de ${MAX_JSON_BYTES / 1024 / 1024} Mio : ce n’est pas le référentiel attendu`);
  const { items, lines } = readJsonArray(file);
  ctx.progress.update(size);
  const rows: Organisme[] = [];
  let withoutUai = 0;
  let closed = 0;
  let badPositions = 0;
  let unplaced = 0;
  items.forEach((item, i) => {
    const line = lines[i];
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      reject(line, 'élément qui n’est pas un objet JSON (un organisme attendu)');
      return;
    }
    const o = item as Record<string, unknown>;
    const siret = siretOf(typeof o.siret === 'string' ? o.siret : undefined);
    if (!siret) {
      reject(line, `SIRET ${siret === null ? 'absent' : `invalide « ${String(o.siret).slice(0, 20)} »`} (14 chiffres attendus)`);
      return;
    }
    const uai = o.uai == null ? null : uaiOf(String(o.uai));
    if (uai === undefined) {
      reject(line, `UAI invalide « ${String(o.uai).slice(0, 20)} » (7 chiffres et une lettre attendus)`);
      return;
    }
    if (!uai) {
      withoutUai++;
      return;
    }
    if (typeof o.etat_administratif === 'string' && o.etat_administratif !== 'actif') {
      closed++;
      return;
    }
    const nature = typeof o.nature === 'string' ? o.nature : null;
    if (nature && !NATURES.has(nature)) {
      reject(line, `nature inconnue « ${nature.slice(0, 30)} » (responsable_formateur, responsable, formateur ou inconnue)`);
      return;
    }
    const adresse = record(o.adresse);
    const point = pointOf(adresse?.geojson);
    if (point === undefined) badPositions++;
    const departement = str(record(adresse?.departement)?.code);
    const commune = communes.resolve({
      code: str(adresse?.code_insee),
      name: str(adresse?.localite) ?? '',
      postcode: str(adresse?.code_postal),
      departement,
    });
    if (adresse && !commune) unplaced++;
    const places: CfaPlace[] = [];
    for (const lieu of Array.isArray(o.lieux_de_formation) ? o.lieux_de_formation : []) {
      const a = record(record(lieu)?.adresse);
      if (!a) continue;
      const p = pointOf(a.geojson) ?? null;
      const label = str(a.label);
      places.push({
        // Some places are labelled by their coordinates ("-1.58_47.15"): no address to show.
        label: label && !/^-?\d+(\.\d+)?_-?\d+(\.\d+)?$/.test(label) ? label : null,
        commune: communes.resolve({ code: str(a.code_insee), name: str(a.localite) ?? '', postcode: str(a.code_postal) })?.code ?? null,
        lat: p?.lat ?? null,
        lon: p?.lon ?? null,
      });
    }
    const raison = str(o.raison_sociale);
    const enseigne = str(o.enseigne);
    rows.push({
      line,
      source: 'api-apprentissage',
      key: organismeKey(uai, siret),
      file: file.label,
      uai,
      siret,
      name: enseigne ?? raison,
      nature,
      address: str(adresse?.label),
      postcode: str(adresse?.code_postal),
      commune: commune?.code ?? null,
      commune_label: str(adresse?.localite),
      departement: commune?.departement ?? departement,
      lat: point?.lat ?? null,
      lon: point?.lon ?? null,
      qualiopi: typeof o.qualiopi === 'boolean' ? o.qualiopi : null,
      prepa: null,
      tutelle: null,
      places,
    });
  });
  if (withoutUai) notes.push(`${withoutUai} organismes sans UAI : hors de l’annuaire des CFA (qui les range par UAI)`);
  if (closed) notes.push(`${closed} organismes fermés (état administratif) : hors de l’annuaire`);
  if (badPositions) notes.push(`${badPositions} adresses à la géolocalisation illisible : position de la commune retenue`);
  if (unplaced) notes.push(`${unplaced} organismes dont la commune est introuvable dans le COG`);
  return syncFile(ctx, file, 'api-apprentissage', items.length, rejects, notes, rows);
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const record = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** A GeoJSON Point feature (or geometry) → WGS84 position; null when absent, undefined when unreadable. */
function pointOf(geojson: unknown): { lat: number; lon: number } | null | undefined {
  const g = record(geojson);
  if (!g) return null;
  const geometry = record(g.geometry) ?? g;
  const c = geometry.coordinates;
  if (geometry.type !== 'Point' || !Array.isArray(c) || c.length < 2) return undefined;
  const [lon, lat] = c;
  if (typeof lon !== 'number' || typeof lat !== 'number' || Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined;
  return { lat, lon };
}

/** Keeps the first row of each organisme, then makes the file's rows those of the table. */
async function syncFile(
  ctx: ImportContext,
  file: BundleFile,
  source: SourceKind,
  read: number,
  rejects: { line: number; reason: string }[],
  notes: string[],
  rows: Organisme[],
): Promise<FileReport> {
  const report = ctx.report(file.label, EDITIONS[source]);
  report.read = read;
  for (const r of rejects) report.reject(r.line, r.reason);
  const kept = uniqueByKey(
    rows,
    (r) => r.key,
    (line, reason) => report.reject(line, reason),
  );
  const uais = new Set(kept.map((r) => r.uai)).size;
  report.note(`${kept.length} organismes (UAI × SIRET), ${uais} UAI`);
  for (const n of notes) report.note(n);
  await syncReported(ctx, report, ORGANISME_SPEC(source), kept);
  return report;
}

// ---- JSON ----------------------------------------------------------------------------------------

/**
 * Parses a JSON file whose top level is an array, with the line each element starts on (for the
 * rejects). Invalid UTF-8, invalid JSON or another top level refuse the file with its line.
 */
export function readJsonArray(file: Pick<BundleFile, 'label' | 'path'>): { items: unknown[]; lines: number[] } {
  const bytes = fs.readFileSync(file.path);
  if (!isUtf8(bytes)) {
    let line = 1;
    let start = 0;
    for (let end = bytes.indexOf(0x0a); ; end = bytes.indexOf(0x0a, start)) {
      if (!isUtf8(bytes.subarray(start, end === -1 ? bytes.length : end))) break;
      if (end === -1) break;
      start = end + 1;
      line++;
    }
    throw new ImportError(file.label, line, 'octets invalides pour l’encodage UTF-8 d’un fichier JSON');
  }
  const content = bytes.toString('utf8').replace(/^\uFEFF/, '');
  let items: unknown;
  try {
    items = JSON.parse(content);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = Number(/at position (\d+)/.exec(message)?.[1] ?? content.length);
    const before = content.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new ImportError(file.label, line, `JSON invalide : ${jsonReason(message, at >= content.trimEnd().length)}`, column);
  }
  if (!Array.isArray(items)) throw new ImportError(file.label, 1, 'le fichier doit être un tableau JSON d’organismes ([…])');
  if (!items.length) throw new ImportError(file.label, 1, 'tableau vide : aucun organisme');
  return { items, lines: entryLines(content) };
}

function jsonReason(message: string, atEnd: boolean): string {
  if (atEnd || /end of JSON input/.test(message)) return 'fin de fichier inattendue (fichier tronqué ?)';
  if (/double-quoted property name/.test(message)) return 'nom de propriété entre guillemets attendu (virgule en trop ?)';
  if (/after property value/.test(message)) return 'virgule ou accolade fermante attendue après une valeur';
  if (/after array element/.test(message)) return 'virgule ou crochet fermant attendu après un élément';
  if (/after property name/.test(message)) return 'deux-points attendus après un nom de propriété';
  if (/after JSON/.test(message)) return 'caractères après la fin du document';
  return 'caractère inattendu';
}

// ---- communes ------------------------------------------------------------------------------------

interface Commune {
  code: string;
  name: string;
  departement: string;
  region: string;
  lat: number | null;
  lon: number | null;
}

/** Finds the current commune of a row: by INSEE code, else postcode and name, else département and name. */
export class CommuneResolver {
  readonly byCode = new Map<string, Commune>();
  private readonly byPostcode = new Map<string, { commune: Commune; names: string[] }[]>();
  private readonly byName = new Map<string, Commune[]>();

  static async load(trx: ImportContext['trx']): Promise<CommuneResolver> {
    const resolver = new CommuneResolver();
    const { rows } = await sql<Commune & { postcodes: string[]; search_name: string; search_alt: string | null }>`
      SELECT code, name, departement, region, lat, lon, postcodes, search_name, search_alt FROM commune ORDER BY code`.execute(trx);
    for (const r of rows) {
      const c: Commune = { code: r.code, name: r.name, departement: r.departement, region: r.region, lat: r.lat, lon: r.lon };
      resolver.byCode.set(c.code, c);
      const names = [r.search_name, ...(r.search_alt ? [r.search_alt] : [])];
      for (const p of r.postcodes) (resolver.byPostcode.get(p) ?? resolver.byPostcode.set(p, []).get(p)!).push({ commune: c, names });
      for (const n of names) {
        const key = `${c.departement}|${n}`;
        (resolver.byName.get(key) ?? resolver.byName.set(key, []).get(key)!).push(c);
      }
    }
    return resolver;
  }

  resolve(q: { code?: string | null; name: string; postcode?: string | null; departement?: string | null }): Commune | undefined {
    const code = q.code?.trim().toUpperCase();
    const byCode = code ? this.byCode.get(ARRONDISSEMENTS.test(code) ? arrondissementCommune(code) : code) : undefined;
    if (byCode) return byCode;
    // "ST HERBLAIN CEDEX" → "saint herblain".
    const name = searchKeys(q.name.replace(/\bcedex\b.*$/i, '')).name;
    const postcode = q.postcode?.trim();
    if (postcode) {
      const here = this.byPostcode.get(postcode) ?? [];
      const named = name ? here.filter((x) => x.names.includes(name)) : [];
      if (named.length === 1) return named[0].commune;
      // A postcode of one commune: that one, even under a former name (communes merge).
      if (here.length === 1) return here[0].commune;
    }
    const departement = q.departement ?? departementOfPostcode(postcode) ?? departementOfCommune(q.code ?? null);
    if (name && departement) {
      const same = this.byName.get(`${departement}|${name}`) ?? [];
      if (same.length === 1) return same[0];
    }
    return undefined;
  }
}

/** The municipal arrondissements of Paris, Marseille and Lyon have INSEE codes, not communes. */
const ARRONDISSEMENTS = /^(751(0[1-9]|1\d|20)|132(0[1-9]|1[0-6])|6938[1-9])$/;

function arrondissementCommune(code: string): string {
  return code.startsWith('75') ? '75056' : code.startsWith('13') ? '13055' : '69123';
}

function departementOfCommune(code: string | null): string | null {
  if (!code || !/^(\d{2}|2[AB])\d{3}$/.test(code)) return null;
  return code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2);
}

function departementOfPostcode(postcode: string | null | undefined): string | null {
  if (!postcode || !/^\d{5}$/.test(postcode) || postcode.startsWith('20')) return null;
  return postcode.startsWith('97') ? postcode.slice(0, 3) : postcode.slice(0, 2);
}

// ---- the directory -------------------------------------------------------------------------------

const NATURE_RANK: Record<string, number> = { responsable_formateur: 0, responsable: 1, formateur: 2, inconnue: 3 };
const rankOf = (nature: string | null) => (nature ? (NATURE_RANK[nature] ?? 4) : 4);

type StoredOrganisme = ApprenticeshipSchema['apprenticeship_organisme'];

const CFA_SPEC: TableSpec = {
  table: 'apprenticeship_cfa',
  key: ['uai'],
  columns: {
    uai: 'text',
    name: 'text',
    siret: 'text',
    sirets: 'text[]',
    nature: 'text',
    address: 'text',
    postcode: 'text',
    commune: 'text',
    commune_name: 'text',
    departement: 'text',
    region: 'text',
    lat: 'float8',
    lon: 'float8',
    position: 'text',
    prepa: 'boolean',
    qualiopi: 'boolean',
    convention: 'boolean',
    files: 'text[]',
    search: 'text',
  },
  label: 'CFA de l’annuaire',
};

/** Rebuilds the directory from every file's rows; its counts go to the last file's report. */
async function rebuildDirectory(ctx: ImportContext, communes: CommuneResolver, report: FileReport): Promise<void> {
  const { rows } = await sql<Omit<StoredOrganisme, 'places'>>`
    SELECT source, key, file, uai, siret, name, nature, address, postcode, commune, commune_label, departement, lat, lon,
      qualiopi, prepa, tutelle, run_id
    FROM apprenticeship_organisme ORDER BY uai, source, key`.execute(ctx.trx);
  const byUai = new Map<string, typeof rows>();
  for (const r of rows) (byUai.get(r.uai) ?? byUai.set(r.uai, []).get(r.uai)!).push(r);
  const cfas = [...byUai].map(([uai, list]) => mergeCfa(uai, list, communes));
  const counts = await syncRows(ctx.trx, CFA_SPEC, cfas, ctx.runId);
  checkShrink(ctx, report.file, CFA_SPEC, counts);
  const placed = cfas.filter((c) => c.position === 'adresse').length;
  const centroid = cfas.filter((c) => c.position === 'commune').length;
  report.note(
    `annuaire : ${cfas.length} CFA (un par UAI), dont ${placed} placés à leur adresse, ${centroid} au centre de leur commune, ` +
      `${cfas.length - placed - centroid} sans position`,
  );
  noteCounts(report, 'annuaire des CFA', counts);
}

function mergeCfa(uai: string, rows: Omit<StoredOrganisme, 'places'>[], communes: CommuneResolver) {
  const sirets = [...new Set(rows.map((r) => r.siret).filter((s): s is string => s !== null))].sort();
  // The main SIRET: the best nature, then the most files listing it, then the smallest number.
  const score = (siret: string) => {
    const of = rows.filter((r) => r.siret === siret);
    return { rank: Math.min(...of.map((r) => rankOf(r.nature))), files: new Set(of.map((r) => r.source)).size };
  };
  const main =
    sirets.map((s) => ({ s, ...score(s) })).sort((a, b) => a.rank - b.rank || b.files - a.files || (a.s < b.s ? -1 : 1))[0]?.s ?? null;
  const first = (source: string) =>
    rows
      .filter((r) => r.source === source)
      .sort((a, b) => Number(b.siret === main) - Number(a.siret === main) || rankOf(a.nature) - rankOf(b.nature));
  const named = [...first('uai-siret'), ...first('depp'), ...first('api-apprentissage')].find((r) => r.name);
  const located = first('api-apprentissage').find((r) => r.lat !== null) ?? first('depp')[0] ?? first('uai-siret')[0] ?? rows[0];
  const communeCode = located.commune ?? rows.find((r) => r.commune)?.commune ?? null;
  const commune = communeCode ? communes.byCode.get(communeCode) : undefined;
  const atAddress = located.lat !== null && located.lon !== null;
  const qualiopi = rows.filter((r) => r.qualiopi !== null);
  const name = named?.name ?? `Organisme UAI ${uai}`;
  return {
    uai,
    name,
    siret: main,
    sirets,
    nature: rows.filter((r) => r.siret === main && r.nature).sort((a, b) => rankOf(a.nature) - rankOf(b.nature))[0]?.nature ?? null,
    address: located.address,
    postcode: located.postcode,
    commune: commune?.code ?? null,
    commune_name: commune?.name ?? located.commune_label,
    departement: commune?.departement ?? located.departement ?? rows.find((r) => r.departement)?.departement ?? null,
    region: commune?.region ?? null,
    lat: atAddress ? located.lat : (commune?.lat ?? null),
    lon: atAddress ? located.lon : (commune?.lon ?? null),
    position: atAddress ? 'adresse' : commune?.lat != null ? 'commune' : null,
    prepa: rows.some((r) => r.prepa === true),
    qualiopi: qualiopi.length ? qualiopi.some((r) => r.qualiopi) : null,
    convention: rows.some((r) => r.source === 'depp'),
    files: [...new Set(rows.map((r) => r.file))].sort(),
    search: foldWords([...new Set(rows.map((r) => r.name ?? ''))].join(' ') + ` ${commune?.name ?? ''} ${uai} ${sirets.join(' ')}`),
  };
}
