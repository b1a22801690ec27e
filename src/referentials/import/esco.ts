/**
 * ESCO importer: French occupations and skills (the classification's CSV export) and the official
 * ESCO ↔ ROME crosswalk (FR_<date>_mapping_esco_rome.csv, at the appellation level). Runs after
 * ROME: a crosswalk row must name an appellation that the database holds.
 */
import fs from 'node:fs';
import { ImportError } from '../../platform/import/errors.ts';
import type { ImportContext, ImportSource } from '../../platform/import/run.ts';
import { uniqueByKey } from '../../platform/import/sync.ts';
import { findFile, requireFile, rowsOf, sync, text, type FoundFile } from './files.ts';

const FOLDER = 'esco';
const OCCUPATIONS = /^esco_v(.+?)_occupations_fr\.csv$/;
const SKILLS = /^esco_v(.+?)_skills_fr\.csv$/;
const MAPPING = /^FR_(\d{8})_mapping_esco_rome\.csv$/;
const MAPPING_HEADER = 'classification 1 ID';
const RELATIONS = new Set(['exactMatch', 'closeMatch', 'narrowMatch', 'broadMatch']);

export const escoSource: ImportSource = {
  name: 'esco',
  present: (dir) => findFile(dir, FOLDER, OCCUPATIONS) !== undefined,
  async run(ctx) {
    const occupations = requireFile(ctx.dir, FOLDER, OCCUPATIONS, 'esco_v*_occupations_fr.csv');
    const skills = requireFile(ctx.dir, FOLDER, SKILLS, 'esco_v*_skills_fr.csv');
    const mapping = requireFile(ctx.dir, FOLDER, MAPPING, 'FR_*_mapping_esco_rome.csv');
    const uris = await importOccupations(ctx, occupations);
    await importSkills(ctx, skills);
    await importMapping(ctx, mapping, uris);
  },
};

function escoVersion(token: string): string {
  return /^\d/.test(token) ? `ESCO v${token}` : `ESCO (${token})`;
}

/** altLabels and hiddenLabels hold one label per line. */
function labelList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

type Occupation = { line: number; uri: string; modified: number } & Record<string, unknown>;

async function importOccupations(ctx: ImportContext, file: FoundFile): Promise<Set<string>> {
  const report = ctx.report(file.label, escoVersion(file.token));
  const byUri = new Map<string, Occupation>();
  const twice = new Map<string, number[]>();
  for await (const { line, row } of rowsOf(ctx, file, report, {
    encoding: 'utf-8',
    floor: 2500, // ESCO 1.2 has 3,039 occupations
    columns: [
      'conceptUri',
      'iscoGroup',
      'preferredLabel',
      'altLabels',
      'hiddenLabels',
      'modifiedDate',
      'regulatedProfessionNote',
      'definition',
      'description',
      'code',
    ],
  })) {
    const uri = text(row.conceptUri);
    if (uri === null) {
      report.reject(line, 'URI ESCO vide');
      continue;
    }
    const label = text(row.preferredLabel);
    if (label === null) {
      report.reject(line, 'libellé préféré vide');
      continue;
    }
    const modifiedAt = text(row.modifiedDate);
    const modified = modifiedAt === null ? NaN : Date.parse(modifiedAt);
    if (modifiedAt !== null && Number.isNaN(modified)) {
      report.reject(line, `date de modification invalide « ${row.modifiedDate} »`);
      continue;
    }
    const occupation: Occupation = {
      line,
      uri,
      modified: Number.isNaN(modified) ? -Infinity : modified,
      code: text(row.code),
      isco_group: text(row.iscoGroup),
      label,
      alt_labels: labelList(row.altLabels),
      hidden_labels: labelList(row.hiddenLabels),
      description: text(row.description),
      definition: text(row.definition),
      regulated_note: text(row.regulatedProfessionNote),
      modified_at: modifiedAt,
    };
    // The v1.2 export lists a few occupations twice with different modifiedDate: the latest wins.
    const seen = byUri.get(uri);
    if (seen) {
      twice.set(uri, [...(twice.get(uri) ?? [seen.line]), line]);
      if (occupation.modified > seen.modified) byUri.set(uri, occupation);
    } else {
      byUri.set(uri, occupation);
    }
  }
  if (twice.size) {
    const named = [...twice].slice(0, 20).map(([uri, lines]) => `${uri} « ${byUri.get(uri)!.label} » (lignes ${lines.join(', ')})`);
    report.note(
      `${twice.size} URI présente(s) plusieurs fois : la version la plus récente (modifiedDate) est gardée : ` +
        `${named.join(' ; ')}${twice.size > 20 ? ' ; …' : ''}`,
    );
  }
  await sync(
    ctx,
    report,
    {
      table: 'esco_occupation',
      key: ['uri'],
      columns: {
        uri: 'text',
        code: 'text',
        isco_group: 'text',
        label: 'text',
        alt_labels: 'text[]',
        hidden_labels: 'text[]',
        description: 'text',
        definition: 'text',
        regulated_note: 'text',
        modified_at: 'timestamptz',
      },
    },
    [...byUri.values()],
  );
  ctx.progress.done(report);
  return new Set(byUri.keys());
}

async function importSkills(ctx: ImportContext, file: FoundFile): Promise<void> {
  const report = ctx.report(file.label, escoVersion(file.token));
  const out: ({ line: number } & Record<string, unknown>)[] = [];
  for await (const { line, row } of rowsOf(ctx, file, report, {
    encoding: 'utf-8',
    floor: 10000, // ESCO 1.0 has 13,485 skills
    columns: ['conceptUri', 'skillType', 'reuseLevel', 'preferredLabel', 'altLabels', 'description'],
  })) {
    const uri = text(row.conceptUri);
    if (uri === null) {
      report.reject(line, 'URI ESCO vide');
      continue;
    }
    const label = text(row.preferredLabel);
    if (label === null) {
      report.reject(line, 'libellé préféré vide');
      continue;
    }
    out.push({
      line,
      uri,
      skill_type: text(row.skillType),
      reuse_level: text(row.reuseLevel),
      label,
      alt_labels: labelList(row.altLabels),
      description: text(row.description),
    });
  }
  const kept = uniqueByKey(
    out,
    (r) => String(r.uri),
    (line, reason) => report.reject(line, reason),
  );
  await sync(
    ctx,
    report,
    {
      table: 'esco_skill',
      key: ['uri'],
      columns: { uri: 'text', skill_type: 'text', reuse_level: 'text', label: 'text', alt_labels: 'text[]', description: 'text' },
    },
    kept,
  );
  ctx.progress.done(report);
}

/**
 * The crosswalk file starts with "key,value" metadata lines (project, version, date…) and blank
 * lines; the table's header follows. Returns that header's line and the metadata.
 */
export function readMappingHead(file: FoundFile): { headerLine: number; meta: Map<string, string> } {
  const fd = fs.openSync(file.path, 'r');
  const buf = Buffer.alloc(64 * 1024);
  const n = fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  const lines = buf
    .subarray(0, n)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const meta = new Map<string, string>();
  // The last line read may be cut: never take it as the header.
  for (let i = 0; i < lines.length - 1; i++) {
    const l = lines[i];
    if (l.startsWith(MAPPING_HEADER)) return { headerLine: i + 1, meta };
    const comma = l.indexOf(',');
    if (comma > 0) meta.set(l.slice(0, comma).trim(), l.slice(comma + 1).trim());
  }
  throw new ImportError(file.label, 1, `en-tête « ${MAPPING_HEADER}, … » introuvable au début du fichier`);
}

async function importMapping(ctx: ImportContext, file: FoundFile, escoUris: Set<string>): Promise<void> {
  const { headerLine, meta } = readMappingHead(file);
  const version = [meta.get('Mapping project version'), meta.get('Mapping project version date')].filter(Boolean).join(' ');
  const report = ctx.report(file.label, version ? `ESCO–ROME ${version}` : `ESCO–ROME ${file.token}`);
  const esco = meta.get('Classification 1 Version');
  const rome = meta.get('Classification 2 Version');
  if (esco || rome) report.note(`table établie entre ESCO ${esco ?? '?'} et ROME ${rome?.trim() ?? '?'}`);

  // Appellations already in the database (ROME runs first in the same transaction).
  const appellations = new Set((await ctx.trx.selectFrom('rome_appellation').select('code_ogr').execute()).map((r) => r.code_ogr));
  const out: ({ line: number } & Record<string, unknown>)[] = [];
  const missingUris = new Map<string, string>();
  for await (const { line, row } of rowsOf(ctx, file, report, {
    encoding: 'utf-8',
    floor: 5000, // the 2023 table has 11,000 links
    headerLine,
    columns: [MAPPING_HEADER, 'classification 1 prefered label', 'classification 2 ID', 'mapping relation'],
  })) {
    const uri = text(row[MAPPING_HEADER]);
    if (uri === null) {
      report.reject(line, 'URI ESCO vide');
      continue;
    }
    const codeOgr = text(row['classification 2 ID']);
    if (codeOgr === null) {
      report.reject(line, 'code OGR de l’appellation ROME vide');
      continue;
    }
    if (!appellations.has(codeOgr)) {
      report.reject(line, `appellation ROME inconnue : code OGR ${codeOgr}`);
      continue;
    }
    const relation = row['mapping relation'].trim().replace(/^skos:/, '');
    if (!RELATIONS.has(relation)) {
      report.reject(line, `relation inattendue « ${row['mapping relation']} » (attendu exactMatch, closeMatch, narrowMatch ou broadMatch)`);
      continue;
    }
    const label = text(row['classification 1 prefered label']);
    if (!escoUris.has(uri)) missingUris.set(uri, label ?? '');
    out.push({ line, esco_uri: uri, code_ogr: codeOgr, relation, esco_label: label });
  }
  const kept = uniqueByKey(
    out,
    (r) => `${r.esco_uri} ${r.code_ogr}`,
    (line, reason) => report.reject(line, reason),
  );
  if (missingUris.size) {
    const named = [...missingUris].slice(0, 10).map(([uri, label]) => `${uri} « ${label} »`);
    report.note(
      `${missingUris.size} métier(s) ESCO de la table absents du fichier des métiers ESCO (gardés avec le libellé de la table) : ` +
        `${named.join(' ; ')}${missingUris.size > 10 ? ' ; …' : ''}`,
    );
  }
  await sync(
    ctx,
    report,
    {
      table: 'esco_rome',
      key: ['esco_uri', 'code_ogr'],
      columns: { esco_uri: 'text', code_ogr: 'text', relation: 'text', esco_label: 'text' },
    },
    kept,
  );
  ctx.progress.done(report);
}
