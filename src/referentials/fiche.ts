import type { Kysely } from 'kysely';
import type { Refreshable } from '../platform/module.ts';
import { Memo } from '../common/memo.ts';
import type { ReferentialSchema } from './db.ts';

/** A skill or savoir cited by a fiche, with its cœur de métier flags (unix_coherence_item). */
export interface FicheItem {
  codeOgr: string;
  label: string;
  /** "Principale": at the heart of the occupation. */
  coeurMetier: boolean;
  /** "Émergente": becoming part of the occupation. */
  emergente: boolean;
}

/** Savoir-faire of a fiche under one macro-compétence (the group's label). */
export interface FicheSkillGroup {
  codeOgr: string;
  label: string;
  /** The fiche cites the macro-compétence itself, not only compétences under it. */
  cited: boolean;
  coeurMetier: boolean;
  emergente: boolean;
  items: FicheItem[];
}

export type EscoRelation = 'exactMatch' | 'closeMatch' | 'narrowMatch' | 'broadMatch';

export interface FicheClassification {
  code: string;
  label: string;
  principal: boolean;
}

/** A whole ROME 4.0 fiche, as `occupations show` prints it and GET /api/v1/occupations/{code} returns it. */
export interface Fiche {
  code: string;
  codeOgr: string;
  label: string;
  grandDomaine: { code: string; label: string } | null;
  domaineProfessionnel: { code: string; label: string } | null;
  /** Category for the ecological transition (Emploi Vert, Emploi Brun, Emploi Blanc, …). */
  transitionEcologique: string | null;
  transitionNumerique: boolean;
  transitionDemographique: boolean;
  emploiReglemente: boolean;
  emploiCadre: boolean;
  /** The ROME v3 fiche this one comes from. */
  romeV3Parent: string | null;
  riasec: { majeur: string; mineur: string | null } | null;
  /** Sentences of the definition, one per line, in their official order. */
  definition: string | null;
  accesMetier: string | null;
  /** Principale first, then synonyms in alphabetical order. */
  appellations: {
    codeOgr: string;
    label: string;
    labelCourt: string | null;
    principale: boolean;
    peuUsite: boolean;
    emploiReglemente: boolean;
    emploiCadre: boolean;
  }[];
  savoirFaire: FicheSkillGroup[];
  savoirEtre: FicheItem[];
  savoirs: { categorie: string; items: FicheItem[] }[];
  contextes: { type: string; items: { codeOgr: string; label: string }[] }[];
  /** Official mobilités (ROME 4.0 has no proche / si évolution split), in their official order. */
  mobilites: { code: string; label: string; ordre: number }[];
  /** ESCO occupations mapped to the fiche's appellations, once each with the strongest relation. */
  esco: { uri: string; label: string; relation: EscoRelation }[];
  centresInteret: FicheClassification[];
  secteursActivite: (FicheClassification & { sousSecteurs: FicheClassification[] })[];
  secteursNaf: { code: string; label: string }[];
  themes: { code: string; label: string }[];
}

const RELATION_RANK: Record<EscoRelation, number> = { exactMatch: 0, closeMatch: 1, narrowMatch: 2, broadMatch: 3 };
const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
const byLabel = (a: { label: string }, b: { label: string }) => collator.compare(a.label, b.label);
/** Cœur de métier first, then émergent, then the rest; alphabetical within. */
const byWeight = (a: FicheItem, b: FicheItem) =>
  Number(b.coeurMetier) - Number(a.coeurMetier) || Number(b.emergente) - Number(a.emergente) || byLabel(a, b);

/**
 * The whole fiche of a code ROME, or null when the database has no such fiche. Six queries, one
 * after the other on one connection: a busy server should not spend five pool connections on a
 * request that takes a few milliseconds.
 */
export function getFiche(db: Kysely<ReferentialSchema>, code: string): Promise<Fiche | null> {
  return db.connection().execute((conn) => readFiche(conn, code));
}

/**
 * The fiches as the API sends them (their JSON), kept in memory until the next import: a fiche
 * depends only on its code and the imported referentials, and it is the largest part of a fiche
 * page's cost. Kept as the text sent, so that none is serialised twice. Each process keeps its own
 * (rebuilt from the data version like every index); at most 2,000 fiches.
 */
export class FicheCache implements Refreshable {
  readonly #fiches = new Memo<string | null>(2000);
  /** The codes of every fiche, read by `warm`. */
  #codes: string[] = [];
  constructor(private readonly db: Kysely<ReferentialSchema>) {}

  /** The fiche's JSON (the route's schema is the fiche as it is: nothing dropped), or null when there is no such fiche. */
  json(code: string): Promise<string | null> {
    return this.#fiches.get(code, async () => {
      const fiche = await getFiche(this.db, code);
      return fiche && JSON.stringify(fiche);
    });
  }

  /** Called when the data changed (src/app/server.ts): every fiche is read again. */
  async refresh(): Promise<boolean> {
    this.#fiches.clear();
    return true;
  }

  async warm(): Promise<void> {
    this.#codes = (await this.db.selectFrom('rome_fiche').select('code').orderBy('code').execute()).map((f) => f.code);
    for (const code of this.#codes) await this.json(code);
  }

  pages(): string[] {
    return this.#codes.map((code) => `/metiers/${code}`);
  }
}

async function readFiche(db: Kysely<ReferentialSchema>, code: string): Promise<Fiche | null> {
  const f = await db
    .selectFrom('rome_fiche as f')
    .leftJoin('rome_grand_domaine as gd', 'gd.code', 'f.grand_domaine')
    .leftJoin('rome_domaine_professionnel as dp', 'dp.code', 'f.domaine_professionnel')
    .selectAll('f')
    .select(['gd.label as gd_label', 'dp.label as dp_label'])
    .where('f.code', '=', code)
    .executeTakeFirst();
  if (!f) return null;

  const appellations = await db
    .selectFrom('rome_appellation')
    .select(['code_ogr', 'label', 'label_court', 'principale', 'peu_usite', 'emploi_reglemente', 'emploi_cadre'])
    .where('code_rome', '=', code)
    .execute();
  const items = await db
    .selectFrom('rome_fiche_item as fi')
    .leftJoin('rome_item as i', 'i.code_ogr', 'fi.code_ogr')
    .leftJoin('rome_competence as c', 'c.code_ogr', 'fi.code_ogr')
    .leftJoin('rome_competence as m', 'm.code_ogr', 'c.macro_code_ogr')
    .leftJoin('rome_savoir as s', 's.code_ogr', 'fi.code_ogr')
    .leftJoin('rome_contexte as x', 'x.code_ogr', 'fi.code_ogr')
    .select([
      'fi.code_ogr',
      'fi.bloc',
      'fi.rubrique',
      'fi.coeur_metier',
      'i.label as item_label',
      'c.label as c_label',
      'c.macro',
      'c.macro_code_ogr',
      'm.label as m_label',
      's.label as s_label',
      's.categorie as s_categorie',
      'x.label as x_label',
      'x.type_code as x_type_code',
      'x.type_label as x_type_label',
    ])
    .where('fi.code_rome', '=', code)
    .where('fi.bloc', 'in', ['5', '6'])
    .execute();
  const mobilites = await db
    .selectFrom('rome_mobilite as mo')
    .innerJoin('rome_fiche as t', 't.code', 'mo.code_rome_cible')
    .select(['t.code', 't.label', 'mo.numero_ordre'])
    .where('mo.code_rome', '=', code)
    .orderBy('mo.numero_ordre')
    .orderBy('t.code')
    .execute();
  const esco = await db
    .selectFrom('esco_rome as r')
    .innerJoin('rome_appellation as a', 'a.code_ogr', 'r.code_ogr')
    .leftJoin('esco_occupation as o', 'o.uri', 'r.esco_uri')
    .select(['r.esco_uri', 'r.relation', 'r.esco_label', 'o.label'])
    .where('a.code_rome', '=', code)
    .execute();
  const classifications = await db
    .selectFrom('rome_fiche_classification as fc')
    .innerJoin('rome_classification as c', (j) => j.onRef('c.kind', '=', 'fc.kind').onRef('c.code', '=', 'fc.code'))
    .select(['fc.kind', 'fc.code', 'fc.principal', 'c.label', 'c.parent'])
    .where('fc.code_rome', '=', code)
    .execute();

  // Savoir-faire by macro-compétence; savoir-être; savoirs by catégorie; contextes by type.
  const groups = new Map<string, FicheSkillGroup>();
  const group = (codeOgr: string, label: string) => {
    let g = groups.get(codeOgr);
    if (!g) groups.set(codeOgr, (g = { codeOgr, label, cited: false, coeurMetier: false, emergente: false, items: [] }));
    return g;
  };
  const savoirEtre: FicheItem[] = [];
  const savoirs = new Map<string, FicheItem[]>();
  const contextes = new Map<string, { order: number; items: { codeOgr: string; label: string }[] }>();
  for (const it of items) {
    const flags = { coeurMetier: it.coeur_metier === 'Principale', emergente: it.coeur_metier === 'Émergente' };
    if (it.bloc === '6') {
      const type = it.x_type_label ?? 'Autres contextes';
      let c = contextes.get(type);
      if (!c) contextes.set(type, (c = { order: Number(it.x_type_code ?? 99), items: [] }));
      c.items.push({ codeOgr: it.code_ogr, label: it.x_label ?? it.item_label ?? it.code_ogr });
    } else if (it.rubrique === '2') {
      savoirEtre.push({ codeOgr: it.code_ogr, label: it.c_label ?? it.item_label ?? it.code_ogr, ...flags });
    } else if (it.rubrique === '3') {
      const cat = it.s_categorie ?? 'Autres savoirs';
      const list = savoirs.get(cat) ?? [];
      list.push({ codeOgr: it.code_ogr, label: it.s_label ?? it.item_label ?? it.code_ogr, ...flags });
      savoirs.set(cat, list);
    } else if (it.macro) {
      // The fiche cites the macro-compétence itself: its group carries the flags.
      const g = group(it.code_ogr, it.c_label!);
      g.cited = true;
      g.coeurMetier ||= flags.coeurMetier;
      g.emergente ||= flags.emergente;
    } else if (it.macro_code_ogr && it.m_label) {
      group(it.macro_code_ogr, it.m_label).items.push({ codeOgr: it.code_ogr, label: it.c_label!, ...flags });
    } else {
      group('', 'Autres savoir-faire').items.push({ codeOgr: it.code_ogr, label: it.c_label ?? it.item_label ?? it.code_ogr, ...flags });
    }
  }
  const weight = (g: FicheSkillGroup) => (g.coeurMetier || g.items.some((i) => i.coeurMetier) ? 1 : 0);
  const savoirFaire = [...groups.values()]
    .map((g) => ({ ...g, items: g.items.sort(byWeight) }))
    .sort((a, b) => Number(a.codeOgr === '') - Number(b.codeOgr === '') || weight(b) - weight(a) || byLabel(a, b));

  // One line per ESCO occupation: the strongest relation over all the fiche's appellations.
  const escoByUri = new Map<string, Fiche['esco'][number]>();
  for (const r of esco) {
    const relation = r.relation as EscoRelation;
    const seen = escoByUri.get(r.esco_uri);
    if (!seen || RELATION_RANK[relation] < RELATION_RANK[seen.relation]) {
      escoByUri.set(r.esco_uri, { uri: r.esco_uri, label: r.label ?? r.esco_label ?? r.esco_uri, relation });
    }
  }

  const ofKind = (kind: string) => classifications.filter((c) => c.kind === kind);
  const entry = (c: (typeof classifications)[number]): FicheClassification => ({
    code: c.code,
    label: c.label,
    principal: c.principal ?? false,
  });
  const byPrincipal = (a: FicheClassification, b: FicheClassification) => Number(b.principal) - Number(a.principal) || byLabel(a, b);
  const sousSecteurs = ofKind('sous_secteur_activite');

  return {
    code: f.code,
    codeOgr: f.code_ogr,
    label: f.label,
    grandDomaine: f.grand_domaine && f.gd_label ? { code: f.grand_domaine, label: f.gd_label } : null,
    domaineProfessionnel: f.domaine_professionnel && f.dp_label ? { code: f.domaine_professionnel, label: f.dp_label } : null,
    transitionEcologique: f.transition_eco,
    transitionNumerique: f.transition_num,
    transitionDemographique: f.transition_demo,
    emploiReglemente: f.emploi_reglemente,
    emploiCadre: f.emploi_cadre,
    romeV3Parent: f.rome_v3_parent,
    riasec: f.riasec_majeur ? { majeur: f.riasec_majeur, mineur: f.riasec_mineur } : null,
    definition: f.definition,
    accesMetier: f.acces_metier,
    appellations: appellations
      .map((a) => ({
        codeOgr: a.code_ogr,
        label: a.label,
        labelCourt: a.label_court,
        principale: a.principale,
        peuUsite: a.peu_usite,
        emploiReglemente: a.emploi_reglemente,
        emploiCadre: a.emploi_cadre,
      }))
      .sort((a, b) => Number(b.principale) - Number(a.principale) || Number(a.peuUsite) - Number(b.peuUsite) || byLabel(a, b)),
    savoirFaire,
    savoirEtre: savoirEtre.sort(byWeight),
    savoirs: [...savoirs]
      .map(([categorie, list]) => ({ categorie, items: list.sort(byWeight) }))
      .sort((a, b) => collator.compare(a.categorie, b.categorie)),
    contextes: [...contextes]
      .sort(([ta, a], [tb, b]) => a.order - b.order || collator.compare(ta, tb))
      .map(([type, c]) => ({ type, items: c.items.sort(byLabel) })),
    mobilites: mobilites.map((m) => ({ code: m.code, label: m.label, ordre: m.numero_ordre })),
    esco: [...escoByUri.values()].sort((a, b) => RELATION_RANK[a.relation] - RELATION_RANK[b.relation] || byLabel(a, b)),
    centresInteret: ofKind('centre_interet').map(entry).sort(byPrincipal),
    secteursActivite: ofKind('secteur_activite')
      .map((s) => ({
        ...entry(s),
        sousSecteurs: sousSecteurs
          .filter((ss) => ss.parent === s.code)
          .map(entry)
          .sort(byPrincipal),
      }))
      .sort(byPrincipal),
    secteursNaf: ofKind('secteur_naf')
      .map((c) => ({ code: c.code, label: c.label }))
      .sort(byLabel),
    themes: ofKind('theme')
      .map((c) => ({ code: c.code, label: c.label }))
      .sort(byLabel),
  };
}
