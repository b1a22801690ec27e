/**
 * ROME 4.0 importer: the RefRomeCsv export of France Travail (files `rome/unix_*_v<NNN>_utf8.csv`).
 *
 * Files are found by pattern so that a new release (v461…) or our sample (v000) is taken as is.
 * Row faults (bad code, unknown fiche or item, empty label, duplicate key) are rejected with their
 * line and the rest is kept; structural faults (readCsv) abort the whole import.
 *
 * Several files feed columns of one table (texts, RIASEC and domains of rome_fiche; cœur de métier
 * of rome_fiche_item…). Each such file is synced on its own columns after the main file, so that
 * its report counts what it changed. Those follow-up syncs also carry the NOT NULL columns:
 * PostgreSQL checks NOT NULL on the proposed row before ON CONFLICT turns it into an update.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { CsvRow, Encoding } from '../../platform/import/csv.ts';
import type { FileReport } from '../../platform/import/report.ts';
import type { ImportContext, ImportSource } from '../../platform/import/run.ts';
import { uniqueByKey, type TableSpec } from '../../platform/import/sync.ts';
import { findFile, requireFile, rowsOf, sync, text, type FoundFile } from './files.ts';
import { ROME_CODE, ROME_DOMAINE_CODE, ROME_GRAND_DOMAINE_CODE } from '../../common/codes.ts';

const FOLDER = 'rome';
const RIASEC = /^[RIASEC]$/;

const pattern = (stem: string) => new RegExp(`^unix_${stem}_v(\\d+)_utf8\\.csv$`);

/** Every file read, with its declared encoding: all UTF-8 but one, whatever the names say. */
const FILES = {
  grandDomaine: { stem: 'grand_domaine', encoding: 'utf-8' },
  domaine: { stem: 'domaine_professionnel', encoding: 'utf-8' },
  fiche: { stem: 'referentiel_code_rome', encoding: 'utf-8' },
  arbre: { stem: 'cr_gd_dp', encoding: 'utf-8' },
  arbreAppellations: { stem: 'cr_gd_dp_appellations', encoding: 'utf-8' },
  appellation: { stem: 'referentiel_appellation', encoding: 'utf-8' },
  competence: { stem: 'referentiel_competence', encoding: 'utf-8' },
  macroRiasec: { stem: 'referentiel_macro_competence_riasec', encoding: 'utf-8' },
  savoir: { stem: 'referentiel_savoir', encoding: 'utf-8' },
  contexte: { stem: 'referentiel_contexte_travail', encoding: 'utf-8' },
  item: { stem: 'item', encoding: 'utf-8' },
  liens: { stem: 'liens_rome_referentiels', encoding: 'utf-8' },
  coherence: { stem: 'coherence_item', encoding: 'utf-8' },
  texte: { stem: 'texte', encoding: 'utf-8' },
  ficheRiasec: { stem: 'referentiel_code_rome_riasec', encoding: 'utf-8' },
  mobilite: { stem: 'rubrique_mobilite', encoding: 'utf-8' },
  centreInteret: { stem: 'centre_interet', encoding: 'utf-8' },
  arboCentreInteret: { stem: 'arborescence_centre_interet', encoding: 'utf-8' },
  secteur: { stem: 'secteur_activite', encoding: 'utf-8' },
  sousSecteur: { stem: 'sous_secteur_activite', encoding: 'utf-8' },
  arboSecteur: { stem: 'arborescence_secteur_activite', encoding: 'utf-8' },
  naf: { stem: 'secteur_naf', encoding: 'utf-8' },
  // Named _utf8 but written in ISO-8859-15 (bytes 0xE9 for é, 0xBD for œ): checked on v460.
  arboNaf: { stem: 'arborescence_secteur_naf', encoding: 'iso-8859-15' },
  theme: { stem: 'themes', encoding: 'utf-8' },
  arboTheme: { stem: 'arborescence_thematique', encoding: 'utf-8' },
} as const satisfies Record<string, { stem: string; encoding: Encoding }>;

type FileKey = keyof typeof FILES;

/**
 * Fewest data rows each main official file ever has (v460 has 1,584 fiches, 13,120 appellations,
 * 33,850 items…): a file below its floor is truncated, and would empty the referential.
 */
const FLOORS: Partial<Record<FileKey, number>> = {
  fiche: 1000,
  arbre: 1000,
  ficheRiasec: 1000,
  appellation: 10000,
  arbreAppellations: 10000,
  competence: 10000,
  savoir: 10000,
  item: 20000,
  liens: 80000,
  coherence: 50000,
  texte: 5000,
};

/** The official mobilités file, or the development sample shipped in its place. */
const MOBILITE_SAMPLE = /^unix_rubrique_mobilite_v(\d+)_utf8\.sample\.csv$/;
const VERSION_FILE = /^rome_version_v(\d+)\.txt$/;

export const romeSource: ImportSource = {
  name: 'rome',
  present: (dir) => findFile(dir, FOLDER, pattern(FILES.fiche.stem)) !== undefined,
  run: (ctx) => new RomeImport(ctx).run(),
};

/** Reads the release title of rome_version_v*.txt ("ROME 4.0 version 60 - 25M09"). */
export function romeVersion(dir: string, token: string): string {
  const found = findFile(dir, FOLDER, VERSION_FILE);
  if (found) {
    const content = fs.readFileSync(found.path, 'utf8');
    const title = /^\s*Titre\/commentaire\s*:\s*(.+?)\s*$/m.exec(content)?.[1];
    if (title) return title;
    const number = /^\s*Num[ée]ro de version\s*:\s*(\S+)/m.exec(content)?.[1];
    if (number) return `ROME 4.0 version ${number}`;
  }
  return `ROME v${token}`;
}

type Row = Record<string, unknown>;

class RomeImport {
  private readonly files = new Map<FileKey, FoundFile>();
  private version = '';

  // What the earlier files established, for the later files' checks.
  private grandDomaines = new Set<string>();
  private domaines = new Set<string>();
  private fiches = new Map<string, Row>(); // code ROME → base row
  private ficheByOgr = new Map<string, string>(); // code OGR of the fiche → code ROME
  private appellations = new Map<string, string>(); // code OGR → code ROME
  private competences = new Map<string, Row>();
  private items = new Set<string>();
  private links = new Map<string, Row>(); // "code_rome|code_ogr" → link row

  constructor(private readonly ctx: ImportContext) {}

  async run(): Promise<void> {
    const { dir } = this.ctx;
    for (const key of Object.keys(FILES) as FileKey[]) {
      if (key === 'mobilite') continue;
      const { stem } = FILES[key];
      this.files.set(key, requireFile(dir, FOLDER, pattern(stem), `unix_${stem}_v*_utf8.csv`));
    }
    // Prefer the full mobilités file; a bundle may carry only the development sample.
    const mobilite = findFile(dir, FOLDER, pattern(FILES.mobilite.stem)) ?? findFile(dir, FOLDER, MOBILITE_SAMPLE);
    this.files.set('mobilite', mobilite ?? requireFile(dir, FOLDER, pattern(FILES.mobilite.stem), 'unix_rubrique_mobilite_v*_utf8.csv'));
    const fiche = this.files.get('fiche')!;
    this.version = romeVersion(dir, fiche.token);

    await this.grandDomaine();
    await this.domaine();
    const ficheReport = await this.fiche();
    const tokens = new Set([...this.files.values()].map((f) => f.token));
    if (tokens.size > 1) {
      ficheReport.note(
        `fichiers de versions différentes dans le dossier rome : ${[...tokens].map((t) => `v${t}`).join(', ')} (le plus récent de chaque fichier est pris)`,
      );
    }
    await this.arbre();
    await this.appellation();
    await this.arbreAppellations();
    await this.competence();
    await this.macroRiasec();
    await this.savoir();
    await this.contexte();
    await this.item();
    await this.liens();
    await this.coherence();
    await this.texte();
    await this.ficheRiasec();
    await this.mobilite(mobilite !== undefined && MOBILITE_SAMPLE.test(path.basename(mobilite.path)));
    await this.simpleClassification('centre_interet', 'centreInteret', 'arboCentreInteret', {
      code: 'code_centre_interet',
      label: 'libelle_centre_interet',
      definition: 'definition_centre_interet',
      principal: 'principal',
    });
    await this.secteurs();
    await this.simpleClassification('secteur_naf', 'naf', 'arboNaf', { code: 'code_secteur_naf', label: 'libelle_secteur_naf' });
    await this.simpleClassification('theme', 'theme', 'arboTheme', {
      code: 'code_theme',
      label: 'libelle_theme',
      definition: 'definition_theme',
    });
  }

  // ---- helpers -------------------------------------------------------------------------------

  private async read(
    key: FileKey,
    columns: readonly string[],
  ): Promise<{ rows: AsyncIterable<CsvRow>; report: FileReport; file: FoundFile }> {
    const f = this.files.get(key)!;
    const report = this.ctx.report(f.label, this.version);
    return { rows: rowsOf(this.ctx, f, report, { encoding: FILES[key].encoding, columns, floor: FLOORS[key] }), report, file: f };
  }

  private async sync(report: FileReport, spec: TableSpec, rows: readonly Row[]): Promise<void> {
    await sync(this.ctx, report, spec, rows);
  }

  private done(report: FileReport): void {
    this.ctx.progress.done(report);
  }

  /** Reads an O/N flag ('' = no); any other value rejects the row. */
  private flag(value: string, field: string, line: number, report: FileReport): boolean | undefined {
    const v = value.trim().toUpperCase();
    if (v === 'O' || v === 'OUI') return true;
    if (v === 'N' || v === 'NON' || v === '') return false;
    report.reject(line, `valeur inattendue « ${value} » pour ${field} (attendu O, N ou vide)`);
    return undefined;
  }

  private romeCode(value: string, line: number, report: FileReport, field = 'code ROME'): string | undefined {
    const code = value.trim();
    if (!ROME_CODE.test(code)) {
      report.reject(line, `${field} invalide « ${value} » (attendu une lettre de A à N et 4 chiffres)`);
      return undefined;
    }
    return code;
  }

  /** A code ROME that must name a fiche of this import. */
  private knownFiche(value: string, line: number, report: FileReport, field = 'code ROME'): string | undefined {
    const code = this.romeCode(value, line, report, field);
    if (code === undefined) return undefined;
    if (!this.fiches.has(code)) {
      report.reject(line, `fiche ROME inconnue : ${code}`);
      return undefined;
    }
    return code;
  }

  private label(value: string, line: number, report: FileReport, field = 'libellé'): string | undefined {
    const v = text(value);
    if (v === null) report.reject(line, `${field} vide`);
    return v ?? undefined;
  }

  private requiredCode(value: string, line: number, report: FileReport, field: string): string | undefined {
    const v = text(value);
    if (v === null) report.reject(line, `${field} vide`);
    return v ?? undefined;
  }

  private unique<T extends { line: number }>(rows: T[], keyOf: (r: T) => string, report: FileReport): T[] {
    return uniqueByKey(rows, keyOf, (line, reason) => report.reject(line, reason));
  }

  // ---- domains and fiches --------------------------------------------------------------------

  private async grandDomaine(): Promise<void> {
    const { rows, report } = await this.read('grandDomaine', ['code_grand_domaine', 'libelle_grand_domaine']);
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const code = row.code_grand_domaine.trim();
      if (!ROME_GRAND_DOMAINE_CODE.test(code)) {
        report.reject(line, `code de grand domaine invalide « ${row.code_grand_domaine} » (attendu une lettre de A à N)`);
        continue;
      }
      const label = this.label(row.libelle_grand_domaine, line, report);
      if (label !== undefined) out.push({ line, code, label });
    }
    const kept = this.unique(out, (r) => String(r.code), report);
    for (const r of kept) this.grandDomaines.add(String(r.code));
    await this.sync(report, { table: 'rome_grand_domaine', key: ['code'], columns: { code: 'text', label: 'text' } }, kept);
    this.done(report);
  }

  private async domaine(): Promise<void> {
    const { rows, report } = await this.read('domaine', ['code_domaine_professionnel', 'libelle_domaine_professionnel']);
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const code = row.code_domaine_professionnel.trim();
      // A domaine's code is its grand domaine's letter and two digits (A11 is under A).
      if (!ROME_DOMAINE_CODE.test(code)) {
        report.reject(
          line,
          `code de domaine professionnel invalide « ${row.code_domaine_professionnel} » (attendu une lettre et 2 chiffres)`,
        );
        continue;
      }
      if (!this.grandDomaines.has(code[0])) {
        report.reject(line, `grand domaine inconnu : ${code[0]}`);
        continue;
      }
      const label = this.label(row.libelle_domaine_professionnel, line, report);
      if (label !== undefined) out.push({ line, code, label, grand_domaine: code[0] });
    }
    const kept = this.unique(out, (r) => String(r.code), report);
    for (const r of kept) this.domaines.add(String(r.code));
    await this.sync(
      report,
      {
        table: 'rome_domaine_professionnel',
        key: ['code'],
        columns: { code: 'text', label: 'text', grand_domaine: 'text' },
      },
      kept,
    );
    this.done(report);
  }

  private async fiche(): Promise<FileReport> {
    const { rows, report } = await this.read('fiche', [
      'code_rome',
      'code_fiche_metier',
      'code_ogr',
      'libelle_rome',
      'transition_eco',
      'transition_num',
      'transition_demo',
      'emploi_reglemente',
      'emploi_cadre',
      'code_rome_parent',
    ]);
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const code = this.romeCode(row.code_rome, line, report);
      if (code === undefined) continue;
      const codeOgr = this.requiredCode(row.code_ogr, line, report, 'code OGR');
      if (codeOgr === undefined) continue;
      const label = this.label(row.libelle_rome, line, report);
      if (label === undefined) continue;
      const num = this.flag(row.transition_num, 'transition_num', line, report);
      const demo = num === undefined ? undefined : this.flag(row.transition_demo, 'transition_demo', line, report);
      const regl = demo === undefined ? undefined : this.flag(row.emploi_reglemente, 'emploi_reglemente', line, report);
      const cadre = regl === undefined ? undefined : this.flag(row.emploi_cadre, 'emploi_cadre', line, report);
      if (cadre === undefined) continue;
      const parent = text(row.code_rome_parent);
      out.push({
        line,
        code,
        code_ogr: codeOgr,
        code_fiche_metier: text(row.code_fiche_metier),
        label,
        transition_eco: text(row.transition_eco),
        transition_num: num,
        transition_demo: demo,
        emploi_reglemente: regl,
        emploi_cadre: cadre,
        rome_v3_parent: parent,
      });
    }
    const kept = this.unique(out, (r) => String(r.code), report);
    for (const r of kept) {
      this.fiches.set(String(r.code), r);
      this.ficheByOgr.set(String(r.code_ogr), String(r.code));
    }
    await this.sync(report, { table: 'rome_fiche', key: ['code'], columns: FICHE_BASE }, kept);
    this.done(report);
    return report;
  }

  /** Follow-up sync of some columns of rome_fiche, one row per fiche (null where a file says nothing). */
  private async ficheColumns(report: FileReport, columns: Record<string, string>, values: Map<string, Row>): Promise<void> {
    const rows = [...this.fiches.values()].map((f) => ({
      code: f.code,
      code_ogr: f.code_ogr,
      label: f.label,
      ...values.get(String(f.code)),
    }));
    await this.sync(
      report,
      {
        table: 'rome_fiche',
        key: ['code'],
        columns: { code: 'text', code_ogr: 'text', label: 'text', ...columns },
      },
      rows,
    );
  }

  /** unix_cr_gd_dp: the fiche's grand domaine and domaine professionnel. */
  private async arbre(): Promise<void> {
    // "professionel" (sic) is the official header.
    const { rows, report } = await this.read('arbre', ['code_rome', 'code_grand_domaine', 'code_domaine_professionel']);
    const values = new Map<string, Row & { line: number }>();
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const code = this.knownFiche(row.code_rome, line, report);
      if (code === undefined) continue;
      const gd = row.code_grand_domaine.trim();
      const dp = row.code_domaine_professionel.trim();
      if (!this.grandDomaines.has(gd)) {
        report.reject(line, `grand domaine inconnu : ${gd || '(vide)'}`);
        continue;
      }
      if (!this.domaines.has(dp) || dp[0] !== gd) {
        report.reject(line, `domaine professionnel inconnu dans le grand domaine ${gd} : ${dp || '(vide)'}`);
        continue;
      }
      out.push({ line, code, grand_domaine: gd, domaine_professionnel: dp });
    }
    for (const r of this.unique(out, (r) => String(r.code), report)) values.set(String(r.code), r);
    const missing = [...this.fiches.keys()].filter((c) => !values.has(c));
    if (missing.length) report.note(`${missing.length} fiche(s) sans domaine professionnel : ${sample(missing)}`);
    await this.ficheColumns(report, { grand_domaine: 'text', domaine_professionnel: 'text' }, values);
    this.done(report);
  }

  private async appellation(): Promise<void> {
    const { rows, report } = await this.read('appellation', [
      'code_ogr',
      'libelle_appellation_long',
      'libelle_appellation_court',
      'code_rome',
      'transition_eco',
      'transition_num',
      'transition_demo',
      'emploi_reglemente',
      'emploi_cadre',
      'classification',
      'origine',
      'peu_usite',
    ]);
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const codeOgr = this.requiredCode(row.code_ogr, line, report, 'code OGR');
      if (codeOgr === undefined) continue;
      const code = this.knownFiche(row.code_rome, line, report);
      if (code === undefined) continue;
      const label = this.label(row.libelle_appellation_long, line, report);
      if (label === undefined) continue;
      const kind = row.classification.trim().toUpperCase();
      if (kind !== 'PRINCIPALE' && kind !== 'SYNONYME') {
        report.reject(line, `classification inattendue « ${row.classification} » (attendu PRINCIPALE ou SYNONYME)`);
        continue;
      }
      const num = this.flag(row.transition_num, 'transition_num', line, report);
      const demo = num === undefined ? undefined : this.flag(row.transition_demo, 'transition_demo', line, report);
      const regl = demo === undefined ? undefined : this.flag(row.emploi_reglemente, 'emploi_reglemente', line, report);
      const cadre = regl === undefined ? undefined : this.flag(row.emploi_cadre, 'emploi_cadre', line, report);
      const rare = cadre === undefined ? undefined : this.flag(row.peu_usite, 'peu_usite', line, report);
      if (rare === undefined) continue;
      out.push({
        line,
        code_ogr: codeOgr,
        code_rome: code,
        label,
        label_court: text(row.libelle_appellation_court),
        principale: kind === 'PRINCIPALE',
        transition_eco: text(row.transition_eco),
        transition_num: num,
        transition_demo: demo,
        emploi_reglemente: regl,
        emploi_cadre: cadre,
        origine: text(row.origine),
        peu_usite: rare,
      });
    }
    const kept = this.unique(out, (r) => String(r.code_ogr), report);
    const principales = new Map<string, number>();
    for (const r of kept) {
      this.appellations.set(String(r.code_ogr), String(r.code_rome));
      if (r.principale) principales.set(String(r.code_rome), (principales.get(String(r.code_rome)) ?? 0) + 1);
    }
    const without = [...this.fiches.keys()].filter((c) => !principales.has(c));
    if (without.length) report.note(`${without.length} fiche(s) sans appellation principale : ${sample(without)}`);
    const several = [...principales].filter(([, n]) => n > 1).map(([c]) => c);
    if (several.length) report.note(`${several.length} fiche(s) avec plusieurs appellations principales : ${sample(several)}`);
    await this.sync(
      report,
      {
        table: 'rome_appellation',
        key: ['code_ogr'],
        columns: {
          code_ogr: 'text',
          code_rome: 'text',
          label: 'text',
          label_court: 'text',
          principale: 'boolean',
          transition_eco: 'text',
          transition_num: 'boolean',
          transition_demo: 'boolean',
          emploi_reglemente: 'boolean',
          emploi_cadre: 'boolean',
          origine: 'text',
          peu_usite: 'boolean',
        },
      },
      kept,
    );
    this.done(report);
  }

  /**
   * unix_cr_gd_dp_appellations repeats the whole tree (grands domaines, domaines, fiches,
   * appellations); nothing new to store, so it is checked against the other files and its
   * disagreements are rejected lines.
   */
  private async arbreAppellations(): Promise<void> {
    const { rows, report } = await this.read('arbreAppellations', [
      'code_grand_domaine',
      'code_domaine_professionnel',
      'numero_fiche_rome',
      'type_provenance',
      'ogr_rome',
      'ogr_appellation',
    ]);
    let parent = { gd: '', dp: '' };
    let checked = 0;
    for await (const { line, row } of rows) {
      const type = row.type_provenance.trim();
      const gd = row.code_grand_domaine.trim() || parent.gd;
      if (type === '1') {
        parent = { gd, dp: '' };
        if (!this.grandDomaines.has(gd)) report.reject(line, `grand domaine inconnu : ${gd || '(vide)'}`);
        else checked++;
      } else if (type === '2') {
        const dp = `${gd}${row.code_domaine_professionnel.trim()}`;
        parent = { gd, dp };
        if (!this.domaines.has(dp)) report.reject(line, `domaine professionnel inconnu : ${dp}`);
        else checked++;
      } else if (type === '3') {
        const code = `${gd}${row.code_domaine_professionnel.trim()}${row.numero_fiche_rome.trim()}`;
        const byOgr = this.ficheByOgr.get(row.ogr_rome.trim());
        if (!this.fiches.has(code)) report.reject(line, `fiche ROME inconnue : ${code}`);
        else if (byOgr !== code) report.reject(line, `le code OGR ${row.ogr_rome} désigne la fiche ${byOgr ?? '(aucune)'}, pas ${code}`);
        else checked++;
      } else if (type === '4') {
        const fiche = this.ficheByOgr.get(row.ogr_rome.trim());
        const attached = this.appellations.get(row.ogr_appellation.trim());
        if (attached === undefined) report.reject(line, `appellation inconnue : code OGR ${row.ogr_appellation}`);
        else if (attached !== fiche) {
          report.reject(
            line,
            `appellation ${row.ogr_appellation} rattachée à ${attached} dans le référentiel des appellations, pas à ${fiche ?? `la fiche d'OGR ${row.ogr_rome}`}`,
          );
        } else checked++;
      } else {
        report.reject(line, `type_provenance inattendu « ${row.type_provenance} » (attendu 1 à 4)`);
      }
    }
    report.note(`arborescence contrôlée : ${checked} ligne(s) conformes aux référentiels (rien à enregistrer en plus)`);
    this.done(report);
  }

  // ---- compétences, savoirs, contextes, items ------------------------------------------------

  private async competence(): Promise<void> {
    const { rows, report } = await this.read('competence', [
      'code_ogr',
      'nature',
      'libelle_competence',
      'definition',
      'code_ogr_macro_comp',
      'code_macro_comp',
      'cat_comp',
      'sous_cat_comp',
      'transition_eco',
      'transition_num',
      'libelle_heterogeneite',
      'libelle_origine',
    ]);
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const codeOgr = this.requiredCode(row.code_ogr, line, report, 'code OGR');
      if (codeOgr === undefined) continue;
      const label = this.label(row.libelle_competence, line, report);
      if (label === undefined) continue;
      const nature = row.nature.trim().toLowerCase();
      if (nature !== 'compétence' && nature !== 'macro-compétence') {
        report.reject(line, `nature inattendue « ${row.nature} » (attendu Compétence ou Macro-compétence)`);
        continue;
      }
      const eco = this.flag(row.transition_eco, 'transition_eco', line, report);
      const num = eco === undefined ? undefined : this.flag(row.transition_num, 'transition_num', line, report);
      if (num === undefined) continue;
      out.push({
        line,
        code_ogr: codeOgr,
        macro: nature === 'macro-compétence',
        label,
        definition: text(row.definition),
        macro_code_ogr: text(row.code_ogr_macro_comp),
        code_macro: text(row.code_macro_comp),
        categorie: text(row.cat_comp),
        sous_categorie: text(row.sous_cat_comp),
        transition_eco: eco,
        transition_num: num,
        heterogeneite: text(row.libelle_heterogeneite),
        origine: text(row.libelle_origine),
      });
    }
    const unique = this.unique(out, (r) => String(r.code_ogr), report);
    // A compétence hangs under a macro-compétence of the same file: the fiche groups them so.
    const macros = new Set(unique.filter((r) => r.macro).map((r) => String(r.code_ogr)));
    const kept = unique.filter((r) => {
      if (r.macro || (r.macro_code_ogr !== null && macros.has(String(r.macro_code_ogr)))) return true;
      report.reject(
        r.line,
        r.macro_code_ogr === null
          ? 'compétence sans macro-compétence (code_ogr_macro_comp vide)'
          : `macro-compétence inconnue : code OGR ${r.macro_code_ogr}`,
      );
      return false;
    });
    for (const r of kept) this.competences.set(String(r.code_ogr), r);
    await this.sync(report, { table: 'rome_competence', key: ['code_ogr'], columns: COMPETENCE_BASE }, kept);
    this.done(report);
  }

  private async macroRiasec(): Promise<void> {
    const { rows, report } = await this.read('macroRiasec', ['code_ogr', 'riasec_majeur', 'riasec_mineur']);
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const codeOgr = row.code_ogr.trim();
      const comp = this.competences.get(codeOgr);
      if (!comp) {
        report.reject(line, `macro-compétence inconnue : code OGR ${codeOgr || '(vide)'}`);
        continue;
      }
      if (!comp.macro) {
        report.reject(line, `le code OGR ${codeOgr} est une compétence, pas une macro-compétence`);
        continue;
      }
      const riasec = this.riasec(row, line, report);
      if (riasec) out.push({ line, code_ogr: codeOgr, ...riasec });
    }
    const values = new Map(this.unique(out, (r) => String(r.code_ogr), report).map((r) => [String(r.code_ogr), r]));
    const rowsOut = [...this.competences.values()].map((c) => ({
      code_ogr: c.code_ogr,
      macro: c.macro,
      label: c.label,
      riasec_majeur: values.get(String(c.code_ogr))?.riasec_majeur ?? null,
      riasec_mineur: values.get(String(c.code_ogr))?.riasec_mineur ?? null,
    }));
    await this.sync(
      report,
      {
        table: 'rome_competence',
        key: ['code_ogr'],
        columns: { code_ogr: 'text', macro: 'boolean', label: 'text', riasec_majeur: 'text', riasec_mineur: 'text' },
      },
      rowsOut,
    );
    this.competences.clear();
    this.done(report);
  }

  private riasec(
    row: Record<string, string>,
    line: number,
    report: FileReport,
  ): { riasec_majeur: string | null; riasec_mineur: string | null } | undefined {
    const majeur = row.riasec_majeur.trim().toUpperCase();
    const mineur = row.riasec_mineur.trim().toUpperCase();
    // Some macro-compétences have no RIASEC profile at all: not a fault.
    if (!majeur && !mineur) return { riasec_majeur: null, riasec_mineur: null };
    if (!RIASEC.test(majeur)) {
      report.reject(line, `RIASEC majeur invalide « ${row.riasec_majeur} » (attendu une lettre parmi R, I, A, S, E, C)`);
      return undefined;
    }
    if (mineur && !RIASEC.test(mineur)) {
      report.reject(line, `RIASEC mineur invalide « ${row.riasec_mineur} » (attendu une lettre parmi R, I, A, S, E, C ou vide)`);
      return undefined;
    }
    return { riasec_majeur: majeur, riasec_mineur: mineur || null };
  }

  private async savoir(): Promise<void> {
    const { rows, report } = await this.read('savoir', [
      'code_ogr_savoir',
      'libelle_savoir',
      'categorie_savoir',
      'sous_categorie_savoir',
      'transition_eco',
      'transition_num',
    ]);
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const codeOgr = this.requiredCode(row.code_ogr_savoir, line, report, 'code OGR');
      if (codeOgr === undefined) continue;
      const label = this.label(row.libelle_savoir, line, report);
      if (label === undefined) continue;
      const eco = this.flag(row.transition_eco, 'transition_eco', line, report);
      const num = eco === undefined ? undefined : this.flag(row.transition_num, 'transition_num', line, report);
      if (num === undefined) continue;
      out.push({
        line,
        code_ogr: codeOgr,
        label,
        categorie: text(row.categorie_savoir),
        sous_categorie: text(row.sous_categorie_savoir),
        transition_eco: eco,
        transition_num: num,
      });
    }
    const kept = this.unique(out, (r) => String(r.code_ogr), report);
    await this.sync(
      report,
      {
        table: 'rome_savoir',
        key: ['code_ogr'],
        columns: {
          code_ogr: 'text',
          label: 'text',
          categorie: 'text',
          sous_categorie: 'text',
          transition_eco: 'boolean',
          transition_num: 'boolean',
        },
      },
      kept,
    );
    this.done(report);
  }

  private async contexte(): Promise<void> {
    const { rows, report } = await this.read('contexte', [
      'code_ogr',
      'libelle_cont_travail',
      'code_type_cont_trav',
      'libelle_type_cont_trav',
    ]);
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const codeOgr = this.requiredCode(row.code_ogr, line, report, 'code OGR');
      if (codeOgr === undefined) continue;
      const label = this.label(row.libelle_cont_travail, line, report);
      if (label === undefined) continue;
      out.push({ line, code_ogr: codeOgr, label, type_code: text(row.code_type_cont_trav), type_label: text(row.libelle_type_cont_trav) });
    }
    const kept = this.unique(out, (r) => String(r.code_ogr), report);
    await this.sync(
      report,
      {
        table: 'rome_contexte',
        key: ['code_ogr'],
        columns: { code_ogr: 'text', label: 'text', type_code: 'text', type_label: 'text' },
      },
      kept,
    );
    this.done(report);
  }

  private async item(): Promise<void> {
    const { rows, report } = await this.read('item', ['code_ogr', 'libelle', 'code_rubrique']);
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const codeOgr = this.requiredCode(row.code_ogr, line, report, 'code OGR');
      if (codeOgr === undefined) continue;
      const label = this.label(row.libelle, line, report);
      if (label === undefined) continue;
      const rubrique = text(row.code_rubrique);
      if (rubrique !== null && !['1', '2', '3'].includes(rubrique)) {
        report.reject(line, `rubrique inattendue « ${row.code_rubrique} » (attendu 1, 2, 3 ou vide)`);
        continue;
      }
      out.push({ line, code_ogr: codeOgr, label, rubrique });
    }
    const kept = this.unique(out, (r) => String(r.code_ogr), report);
    for (const r of kept) this.items.add(String(r.code_ogr));
    await this.sync(
      report,
      { table: 'rome_item', key: ['code_ogr'], columns: { code_ogr: 'text', label: 'text', rubrique: 'text' } },
      kept,
    );
    this.done(report);
  }

  // ---- fiche → item links --------------------------------------------------------------------

  private async liens(): Promise<void> {
    const { rows, report } = await this.read('liens', ['code_rome', 'code_compo_bloc', 'code_rubrique', 'code_ogr']);
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const code = this.knownFiche(row.code_rome, line, report);
      if (code === undefined) continue;
      const codeOgr = this.requiredCode(row.code_ogr, line, report, 'code OGR');
      if (codeOgr === undefined) continue;
      const bloc = row.code_compo_bloc.trim();
      const rubrique = text(row.code_rubrique);
      // Bloc 1 cites the fiche itself, bloc 2 its appellations, blocs 5 and 6 items.
      if (bloc === '1') {
        if (this.ficheByOgr.get(codeOgr) !== code) {
          report.reject(line, `le code OGR ${codeOgr} n'est pas celui de la fiche ${code}`);
          continue;
        }
      } else if (bloc === '2') {
        if (this.appellations.get(codeOgr) !== code) {
          report.reject(
            line,
            this.appellations.has(codeOgr)
              ? `appellation ${codeOgr} rattachée à ${this.appellations.get(codeOgr)}, pas à ${code}`
              : `appellation inconnue : code OGR ${codeOgr}`,
          );
          continue;
        }
      } else if (bloc === '5' || bloc === '6') {
        if (!this.items.has(codeOgr)) {
          report.reject(line, `item inconnu : code OGR ${codeOgr}`);
          continue;
        }
      } else {
        report.reject(line, `bloc inattendu « ${row.code_compo_bloc} » (attendu 1, 2, 5 ou 6)`);
        continue;
      }
      out.push({ line, code_rome: code, code_ogr: codeOgr, bloc, rubrique });
    }
    const kept = this.unique(out, (r) => `${r.code_rome}|${r.code_ogr}`, report);
    for (const r of kept) this.links.set(`${r.code_rome}|${r.code_ogr}`, r);
    await this.sync(
      report,
      {
        table: 'rome_fiche_item',
        key: ['code_rome', 'code_ogr'],
        columns: { code_rome: 'text', code_ogr: 'text', bloc: 'text', rubrique: 'text' },
      },
      kept,
    );
    this.done(report);
  }

  /** unix_coherence_item: the cœur de métier flag ('Principale', 'Émergente') of a fiche's items. */
  private async coherence(): Promise<void> {
    const { rows, report } = await this.read('coherence', ['code_rome', 'code_ogr', 'coeur_metier']);
    // The flag goes onto the link rows themselves: no second copy of 100k+ rows in memory.
    const seenAt = new Map<string, number>();
    for await (const { line, row } of rows) {
      const code = this.knownFiche(row.code_rome, line, report);
      if (code === undefined) continue;
      const codeOgr = row.code_ogr.trim();
      const key = `${code}|${codeOgr}`;
      const link = this.links.get(key);
      if (!link) {
        report.reject(
          line,
          this.items.has(codeOgr)
            ? `l'item ${codeOgr} n'est pas lié à la fiche ${code} dans unix_liens_rome_referentiels`
            : `item inconnu : code OGR ${codeOgr || '(vide)'}`,
        );
        continue;
      }
      const first = seenAt.get(key);
      if (first !== undefined) {
        report.reject(line, `doublon de la ligne ${first} (clé ${key})`);
        continue;
      }
      seenAt.set(key, line);
      link.coeur_metier = text(row.coeur_metier);
    }
    await this.sync(
      report,
      {
        table: 'rome_fiche_item',
        key: ['code_rome', 'code_ogr'],
        columns: { code_rome: 'text', code_ogr: 'text', bloc: 'text', coeur_metier: 'text' },
      },
      [...this.links.values()],
    );
    // Later files do not look at items or links.
    this.links.clear();
    this.items.clear();
    this.done(report);
  }

  // ---- texts, RIASEC, mobilités --------------------------------------------------------------

  /** Sentences joined by position (one per line) into the fiche's definition and accès au métier. */
  private async texte(): Promise<void> {
    const { rows, report } = await this.read('texte', [
      'code_rome',
      'code_compo_bloc',
      'libelle_type_texte',
      'position_phrase',
      'libelle_texte',
    ]);
    const out: { line: number; code: string; type: string; position: number; text: string }[] = [];
    let undoubled = 0;
    for await (const { line, row } of rows) {
      const code = this.knownFiche(row.code_rome, line, report);
      if (code === undefined) continue;
      const type = row.libelle_type_texte.trim();
      if (type !== 'definition' && type !== 'acces_metier') {
        report.reject(line, `type de texte inattendu « ${row.libelle_type_texte} » (attendu definition ou acces_metier)`);
        continue;
      }
      const position = Number(row.position_phrase.trim());
      if (!Number.isInteger(position) || position < 1) {
        report.reject(line, `position de phrase invalide « ${row.position_phrase} »`);
        continue;
      }
      const sentence = this.label(row.libelle_texte, line, report, 'texte');
      if (sentence === undefined) continue;
      // The export doubles apostrophes ("d''hygiène"), an SQL-escaping leftover: undo it.
      const fixed = sentence.replace(/''/g, "'");
      if (fixed !== sentence) undoubled++;
      out.push({ line, code, type, position, text: fixed });
    }
    const kept = this.unique(out, (r) => `${r.code}|${r.type}|${r.position}`, report);
    kept.sort((a, b) => a.position - b.position);
    const parts = new Map<string, { definition: string[]; acces_metier: string[] }>();
    for (const r of kept) {
      let p = parts.get(r.code);
      if (!p) parts.set(r.code, (p = { definition: [], acces_metier: [] }));
      p[r.type as 'definition' | 'acces_metier'].push(r.text);
    }
    const values = new Map<string, Row>();
    for (const [code, p] of parts) {
      values.set(code, {
        definition: p.definition.length ? p.definition.join('\n') : null,
        acces_metier: p.acces_metier.length ? p.acces_metier.join('\n') : null,
      });
    }
    if (undoubled) report.note(`apostrophes doublées ('') ramenées à une seule dans ${undoubled} phrase(s)`);
    report.note(`${kept.length} phrase(s) réunies en définition et accès au métier de ${parts.size} fiche(s)`);
    await this.ficheColumns(report, { definition: 'text', acces_metier: 'text' }, values);
    this.done(report);
  }

  private async ficheRiasec(): Promise<void> {
    const { rows, report } = await this.read('ficheRiasec', ['code_rome', 'riasec_majeur', 'riasec_mineur']);
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const code = this.knownFiche(row.code_rome, line, report);
      if (code === undefined) continue;
      const riasec = this.riasec(row, line, report);
      if (riasec) out.push({ line, code, ...riasec });
    }
    const values = new Map(this.unique(out, (r) => String(r.code), report).map((r) => [String(r.code), r]));
    await this.ficheColumns(report, { riasec_majeur: 'text', riasec_mineur: 'text' }, values);
    this.done(report);
  }

  private async mobilite(isSample: boolean): Promise<void> {
    const { rows, report } = await this.read('mobilite', ['code_rome', 'code_rome_cible', 'numero_ordre']);
    if (isSample) {
      report.note(
        "fichier d'échantillon (.sample.csv) : seules les mobilités qu'il contient sont importées ; le fichier complet unix_rubrique_mobilite_v*_utf8.csv le remplace dès qu'il est présent",
      );
    }
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const code = this.knownFiche(row.code_rome, line, report);
      if (code === undefined) continue;
      const target = this.knownFiche(row.code_rome_cible, line, report, 'code ROME cible');
      if (target === undefined) continue;
      if (target === code) {
        report.reject(line, `mobilité d'une fiche vers elle-même : ${code}`);
        continue;
      }
      const order = Number(row.numero_ordre.trim());
      if (!row.numero_ordre.trim() || !Number.isInteger(order)) {
        report.reject(line, `numéro d'ordre invalide « ${row.numero_ordre} »`);
        continue;
      }
      out.push({ line, code_rome: code, code_rome_cible: target, numero_ordre: order });
    }
    const kept = this.unique(out, (r) => `${r.code_rome}|${r.code_rome_cible}`, report);
    await this.sync(
      report,
      {
        table: 'rome_mobilite',
        key: ['code_rome', 'code_rome_cible'],
        columns: { code_rome: 'text', code_rome_cible: 'text', numero_ordre: 'int' },
      },
      kept,
    );
    this.done(report);
  }

  // ---- classifications -----------------------------------------------------------------------

  /** Reads a list of classification entries (code, label, definition, parent) of one kind. */
  private async classificationList(
    kind: string,
    key: FileKey,
    cols: { code: string; label: string; definition?: string; parent?: string },
    parents?: Set<string>,
  ): Promise<Map<string, string>> {
    const columns = [cols.code, cols.label, cols.definition, cols.parent].filter((c): c is string => !!c);
    const { rows, report } = await this.read(key, columns);
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const code = this.requiredCode(row[cols.code], line, report, 'code');
      if (code === undefined) continue;
      const label = this.label(row[cols.label], line, report);
      if (label === undefined) continue;
      const parent = cols.parent ? text(row[cols.parent]) : null;
      if (parents && (parent === null || !parents.has(parent))) {
        report.reject(line, `secteur d'activité parent inconnu : ${parent ?? '(vide)'}`);
        continue;
      }
      out.push({ line, kind, code, label, definition: cols.definition ? text(row[cols.definition]) : null, parent });
    }
    const kept = this.unique(out, (r) => String(r.code), report);
    await this.sync(
      report,
      {
        table: 'rome_classification',
        key: ['kind', 'code'],
        scope: sql`t.kind = ${kind}`,
        columns: { kind: 'text', code: 'text', label: 'text', definition: 'text', parent: 'text' },
      },
      kept,
    );
    this.done(report);
    return new Map(kept.map((r) => [String(r.code), String(r.label)]));
  }

  private async simpleClassification(
    kind: string,
    listKey: FileKey,
    arboKey: FileKey,
    cols: { code: string; label: string; definition?: string; principal?: string },
  ): Promise<void> {
    const entries = await this.classificationList(kind, listKey, cols);
    const columns = [cols.code, cols.label, 'code_rome', 'libelle_rome', cols.principal].filter((c): c is string => !!c);
    const { rows, report } = await this.read(arboKey, columns);
    const labels = new LabelCheck(cols.label, `de ${this.files.get(listKey)!.label}`);
    const romeLabels = new LabelCheck('libelle_rome', 'du libellé de la fiche');
    const out: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const code = row[cols.code].trim();
      if (!entries.has(code)) {
        report.reject(line, `${KIND_LABEL[kind]} inconnu : ${code || '(vide)'}`);
        continue;
      }
      const rome = this.knownFiche(row.code_rome, line, report);
      if (rome === undefined) continue;
      labels.check(line, row[cols.label], entries.get(code)!);
      romeLabels.check(line, row.libelle_rome, String(this.fiches.get(rome)!.label));
      const principal = cols.principal ? this.ouiNon(row[cols.principal], line, report) : null;
      if (principal === undefined) continue;
      out.push({ line, kind, code, code_rome: rome, principal });
    }
    labels.report(report);
    romeLabels.report(report);
    const kept = this.unique(out, (r) => `${r.code}|${r.code_rome}`, report);
    await this.sync(report, FICHE_CLASSIFICATION(kind), kept);
    this.done(report);
  }

  /** Secteurs d'activité and their sous-secteurs; the tree file links fiches to both levels. */
  private async secteurs(): Promise<void> {
    const secteurs = await this.classificationList('secteur_activite', 'secteur', {
      code: 'code_sect_activite',
      label: 'libelle_sect_activite',
      definition: 'definition_sect_activite',
    });
    const sousSecteurs = await this.classificationList(
      'sous_secteur_activite',
      'sousSecteur',
      {
        code: 'code_ss_sect_activite',
        label: 'libelle_ss_sect_activite',
        definition: 'definition_ss_sect_activite',
        parent: 'code_sect_activite',
      },
      new Set(secteurs.keys()),
    );
    const { rows, report } = await this.read('arboSecteur', [
      'code_sect_activite',
      'libelle_sect_activite',
      'code_ss_sect_activite',
      'libelle_ss_sect_activite',
      'code_rome',
      'libelle_rome',
      'principal',
    ]);
    const labels = new LabelCheck('libelle_sect_activite', `de ${this.files.get('secteur')!.label}`);
    const subLabels = new LabelCheck('libelle_ss_sect_activite', `de ${this.files.get('sousSecteur')!.label}`);
    const romeLabels = new LabelCheck('libelle_rome', 'du libellé de la fiche');
    const top: (Row & { line: number })[] = [];
    const sub: (Row & { line: number })[] = [];
    for await (const { line, row } of rows) {
      const code = row.code_sect_activite.trim();
      if (!secteurs.has(code)) {
        report.reject(line, `secteur d'activité inconnu : ${code || '(vide)'}`);
        continue;
      }
      const ss = text(row.code_ss_sect_activite);
      if (ss !== null && !sousSecteurs.has(ss)) {
        report.reject(line, `sous-secteur d'activité inconnu : ${ss}`);
        continue;
      }
      const rome = this.knownFiche(row.code_rome, line, report);
      if (rome === undefined) continue;
      const principal = this.ouiNon(row.principal, line, report);
      if (principal === undefined) continue;
      labels.check(line, row.libelle_sect_activite, secteurs.get(code)!);
      romeLabels.check(line, row.libelle_rome, String(this.fiches.get(rome)!.label));
      if (ss !== null) {
        subLabels.check(line, row.libelle_ss_sect_activite, sousSecteurs.get(ss)!);
        sub.push({ line, kind: 'sous_secteur_activite', code: ss, code_rome: rome, principal });
      }
      top.push({ line, kind: 'secteur_activite', code, code_rome: rome, principal });
    }
    labels.report(report);
    subLabels.report(report);
    romeLabels.report(report);
    // A fiche appears once per sous-secteur: at the secteur level it is principal if any line says so.
    const merged = new Map<string, Row & { line: number }>();
    for (const r of top) {
      const k = `${r.code}|${r.code_rome}`;
      const seen = merged.get(k);
      if (!seen) merged.set(k, { ...r });
      else seen.principal = Boolean(seen.principal) || Boolean(r.principal);
    }
    await this.sync(report, FICHE_CLASSIFICATION('secteur_activite'), [...merged.values()]);
    const kept = this.unique(sub, (r) => `${r.code}|${r.code_rome}`, report);
    await this.sync(report, FICHE_CLASSIFICATION('sous_secteur_activite'), kept);
    this.done(report);
  }

  private ouiNon(value: string, line: number, report: FileReport): boolean | undefined {
    const v = value.trim().toLowerCase();
    if (v === 'oui' || v === 'o') return true;
    if (v === 'non' || v === 'n' || v === '') return false;
    report.reject(line, `valeur inattendue « ${value} » pour principal (attendu oui ou non)`);
    return undefined;
  }
}

/**
 * The tree files repeat labels of other files (the entry's, the fiche's): a difference is worth a
 * note, as it is how a wrongly declared encoding shows ("Ã©" for "é"). The lines are kept.
 */
class LabelCheck {
  private count = 0;
  private first?: { line: number; got: string; expected: string };

  constructor(
    private readonly column: string,
    private readonly source: string,
  ) {}

  check(line: number, got: string, expected: string): void {
    if (got.trim() === expected) return;
    this.count++;
    this.first ??= { line, got: got.trim(), expected };
  }

  report(report: FileReport): void {
    if (!this.first) return;
    report.note(
      `${this.count} ligne(s) dont ${this.column} diffère ${this.source} ` +
        `(ligne ${this.first.line} : « ${this.first.got} » au lieu de « ${this.first.expected} ») : encodage du fichier à vérifier`,
    );
  }
}

const KIND_LABEL: Record<string, string> = {
  centre_interet: "centre d'intérêt",
  secteur_naf: 'secteur NAF',
  theme: 'thème',
};

const FICHE_BASE = {
  code: 'text',
  code_ogr: 'text',
  code_fiche_metier: 'text',
  label: 'text',
  transition_eco: 'text',
  transition_num: 'boolean',
  transition_demo: 'boolean',
  emploi_reglemente: 'boolean',
  emploi_cadre: 'boolean',
  rome_v3_parent: 'text',
};

const COMPETENCE_BASE = {
  code_ogr: 'text',
  macro: 'boolean',
  label: 'text',
  definition: 'text',
  macro_code_ogr: 'text',
  code_macro: 'text',
  categorie: 'text',
  sous_categorie: 'text',
  transition_eco: 'boolean',
  transition_num: 'boolean',
  heterogeneite: 'text',
  origine: 'text',
};

const FICHE_CLASSIFICATION = (kind: string): TableSpec => ({
  table: 'rome_fiche_classification',
  key: ['kind', 'code', 'code_rome'],
  scope: sql`t.kind = ${kind}`,
  columns: { kind: 'text', code: 'text', code_rome: 'text', principal: 'boolean' },
});

/** A few codes for a note, not thousands. */
function sample(codes: string[]): string {
  return codes.length > 10 ? `${codes.slice(0, 10).join(', ')}…` : codes.join(', ');
}
