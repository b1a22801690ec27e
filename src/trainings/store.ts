/**
 * Training offers in the database: writing offers of one source in batches (upsert by LHEO
 * identifier, untouched rows keep their run_id, identifiers no longer in the file retired), and
 * reading them back as `LheoOffer`s, page by page, for the LHEO export.
 *
 * Not syncRows: it needs every row of a table in memory at once, and a large LHEO file must import
 * in flat memory. Here each batch of offers is merged as it comes; only the identifiers seen are
 * kept (in a temporary table) to retire the others at the end.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { TrainingSchema } from './db.ts';
import type {
  Action,
  Adresse,
  Contact,
  Coordonnees,
  LheoOffer,
  LieuFormation,
  OrganismeResponsable,
  Session,
  XmlElement,
} from './lheo/model.ts';
import { dateRange } from './lheo/validate.ts';

type Db = Kysely<TrainingSchema> | Transaction<TrainingSchema>;
type Row = Record<string, unknown>;

interface TableDef {
  table: string;
  key: readonly string[];
  /** Column → SQL type, as jsonb_to_recordset needs it (key columns included). */
  columns: Readonly<Record<string, string>>;
  /** Whether stale rows of the batch's formations are deleted (children are replaced whole). */
  child: boolean;
}

const F = { source: 'text', formation: 'text' } as const;
const A = { ...F, action: 'text' } as const;
const S = { ...A, session: 'text' } as const;

/** Parents first (foreign keys). */
const TABLES: readonly TableDef[] = [
  {
    table: 'training_formation',
    key: ['source', 'formation'],
    child: false,
    columns: {
      ...F,
      attrs: 'jsonb',
      intitule: 'text',
      objectif: 'text',
      resultats_attendus: 'text',
      contenu: 'text',
      certifiante: 'boolean',
      contacts: 'jsonb',
      parcours: 'text',
      niveau_entree: 'text',
      objectif_general: 'text',
      types_formation: 'jsonb',
      niveau_sortie: 'text',
      urls: 'text[]',
      organisme_siret: 'text',
      organisme_nom: 'text',
      organisme: 'jsonb',
      module: 'jsonb',
      extras: 'jsonb',
      demo: 'boolean',
      eligible_cpf: 'boolean',
    },
  },
  {
    table: 'training_domaine',
    key: ['source', 'formation', 'kind', 'position'],
    child: true,
    columns: { ...F, kind: 'text', position: 'int', code: 'text', ref: 'text' },
  },
  {
    table: 'training_certification',
    key: ['source', 'formation', 'position'],
    child: true,
    columns: { ...F, position: 'int', rncp: 'text', certifinfo: 'text', rs: 'text', cpf: 'text', formacode: 'text' },
  },
  {
    table: 'training_action',
    key: ['source', 'formation', 'action'],
    child: true,
    columns: {
      ...A,
      position: 'int',
      attrs: 'jsonb',
      rythme: 'text',
      publics_vises: 'jsonb',
      info_public_vise: 'text',
      niveau_entree_obligatoire: 'boolean',
      modalites_alternance: 'text',
      modalites_enseignement: 'text',
      conditions_specifiques: 'text',
      prise_en_charge_frais_possible: 'boolean',
      entrees_sorties_permanentes: 'boolean',
      urls: 'text[]',
      duree_cycle: 'int',
      adresse_information: 'jsonb',
      dates_information: 'text[]',
      restauration: 'text',
      hebergement: 'text',
      transport: 'text',
      acces_handicapes: 'text',
      langues: 'text[]',
      modalites_recrutement: 'text',
      modalites_pedagogiques: 'text',
      codes_modalite_pedagogique: 'text[]',
      equipements: 'jsonb',
      frais_restants: 'text',
      code_perimetre_recrutement: 'text',
      infos_perimetre_recrutement: 'text',
      prix_horaire_ttc: 'text',
      prix_total_ttc: 'text',
      prix_horaire: 'numeric',
      prix_total: 'numeric',
      duree_indicative: 'text',
      nombre_heures_centre: 'int',
      nombre_heures_entreprise: 'int',
      nombre_heures_total: 'int',
      detail_conditions_prise_en_charge: 'text',
      conventionnement: 'boolean',
      duree_conventionnee: 'int',
      enseignements: 'jsonb',
      extras: 'jsonb',
      alternance: 'boolean',
    },
  },
  {
    table: 'training_lieu',
    key: ['source', 'formation', 'action', 'position'],
    child: true,
    columns: {
      ...A,
      position: 'int',
      siret: 'text',
      uai: 'text',
      coordonnees: 'jsonb',
      extras: 'jsonb',
      codepostal: 'text',
      ville: 'text',
      departement: 'text',
      region: 'text',
      commune: 'text',
      lat: 'float8',
      lon: 'float8',
    },
  },
  {
    table: 'training_session',
    key: ['source', 'formation', 'action', 'session'],
    child: true,
    columns: {
      ...S,
      position: 'int',
      attrs: 'jsonb',
      debut: 'text',
      fin: 'text',
      date_debut: 'date',
      date_fin: 'date',
      adresse_inscription: 'jsonb',
      commune_inscription: 'text',
      modalites_inscription: 'text',
      periode_inscription: 'jsonb',
      etat_recrutement: 'text',
      recrutements: 'jsonb',
      urls: 'text[]',
      contacts: 'jsonb',
      references_certification: 'jsonb',
      cycles: 'jsonb',
      extras: 'jsonb',
      eligible_cpf: 'boolean',
    },
  },
  {
    table: 'training_bloc',
    key: ['source', 'formation', 'action', 'session', 'grp', 'position'],
    child: true,
    columns: { ...S, grp: 'int', position: 'int', validation: 'text', reference: 'jsonb', code: 'text', libelle: 'text' },
  },
  {
    table: 'training_formateur',
    key: ['source', 'formation', 'action', 'position'],
    child: true,
    columns: {
      ...A,
      position: 'int',
      siret: 'text',
      raison_sociale: 'text',
      contacts: 'jsonb',
      potentiel: 'jsonb',
      uai: 'text',
      references_certification: 'jsonb',
      extras: 'jsonb',
    },
  },
  {
    table: 'training_financeur',
    key: ['source', 'formation', 'action', 'position'],
    child: true,
    columns: { ...A, position: 'int', code: 'text', nb_places: 'int', extras: 'jsonb' },
  },
];

type Rows = Record<string, Row[]>;

// ---- offer → rows -------------------------------------------------------------------------------

const json = (v: unknown) => (v === undefined ? null : v);

/** Decimal degrees from LHEO text ("47.28", "47,28"); null when unreadable or out of range. */
export function degrees(text: string | undefined, limit: number): number | null {
  if (!text || !/^\s*[+-]?\d+([.,]\d+)?\s*$/.test(text)) return null;
  const v = Number(text.trim().replace(',', '.'));
  return Math.abs(v) <= limit ? v : null;
}

/** A price as a number: "1 200,50 €" → 1200.5; null when unreadable. */
export function price(text: string | undefined): number | null {
  if (!text) return null;
  const t = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}

function isoDate(lheo: string, end: boolean): string | null {
  const r = dateRange(lheo);
  if (!r) return null;
  const d = end ? r.last : r.first;
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
}

function extrasWith(extras: XmlElement[], info: string): XmlElement[] {
  return extras.filter((x) => x.attrs.info === info);
}

function extraValue(x: XmlElement, info: string): string | undefined {
  for (const c of x.children) {
    if (typeof c !== 'string' && c.name === 'extra' && c.attrs.info === info)
      return c.children
        .filter((t) => typeof t === 'string')
        .join('')
        .trim();
  }
  return undefined;
}

/** Carif-Oref files mark CPF eligibility on sessions with `<extras info="eligibilite-cpf">`. */
function sessionEligibleCpf(s: Session): boolean {
  return extrasWith(s.extras, 'eligibilite-cpf').length > 0;
}

/** Apprenticeship cycle, alternance rhythm, or a contract flagged in the Carif extras "dispositif". */
function actionAlternance(a: Action): boolean {
  if (a.sessions.some((s) => s.cycles.some((c) => c.typeCycle === '1' || c.alternance))) return true;
  return extrasWith(a.extras, 'dispositif').some(
    (x) => extraValue(x, 'contrat-apprentissage') === '1' || extraValue(x, 'contrat-professionnalisation') === '1',
  );
}

export function offerRows(source: string, o: LheoOffer, counters?: { badCoordinates: number }): Rows {
  const f = { source, formation: o.numero };
  const rows: Rows = Object.fromEntries(TABLES.map((t) => [t.table, []]));
  const eligible =
    o.certifications.some((c) => c.cpf) ||
    o.typesFormation.some((t) => t.cpf) ||
    o.actions.some((a) => a.sessions.some(sessionEligibleCpf));
  rows.training_formation.push({
    ...f,
    attrs: o.attrs,
    intitule: o.intitule,
    objectif: o.objectif,
    resultats_attendus: o.resultatsAttendus,
    contenu: o.contenu,
    certifiante: o.certifiante,
    contacts: o.contacts,
    parcours: o.parcours,
    niveau_entree: o.niveauEntree,
    objectif_general: o.objectifGeneral,
    types_formation: o.typesFormation,
    niveau_sortie: o.niveauSortie,
    urls: o.urls,
    organisme_siret: o.organisme.siret,
    organisme_nom: o.organisme.nom,
    organisme: o.organisme,
    module: json(o.module),
    extras: o.extras,
    demo: o.demo,
    eligible_cpf: eligible,
  });
  const codes = (kind: string, list: { code: string; ref?: string }[]) =>
    list.forEach((c, i) => rows.training_domaine.push({ ...f, kind, position: i + 1, code: c.code, ref: c.ref }));
  codes('FORMACODE', o.domaine.formacodes);
  codes(
    'NSF',
    o.domaine.nsf.map((code) => ({ code })),
  );
  codes('ROME', o.domaine.rome);
  o.certifications.forEach((c, i) => rows.training_certification.push({ ...f, position: i + 1, ...c }));

  o.actions.forEach((a, ai) => {
    const k = { ...f, action: a.numero };
    rows.training_action.push({
      ...k,
      position: ai + 1,
      attrs: a.attrs,
      rythme: a.rythme,
      publics_vises: a.publicsVises,
      info_public_vise: a.infoPublicVise,
      niveau_entree_obligatoire: a.niveauEntreeObligatoire,
      modalites_alternance: a.modalitesAlternance,
      modalites_enseignement: a.modalitesEnseignement,
      conditions_specifiques: a.conditionsSpecifiques,
      prise_en_charge_frais_possible: a.priseEnChargeFraisPossible,
      entrees_sorties_permanentes: a.entreesSortiesPermanentes,
      urls: a.urls,
      duree_cycle: a.dureeCycle,
      adresse_information: json(a.adresseInformation),
      dates_information: a.datesInformation,
      restauration: a.restauration,
      hebergement: a.hebergement,
      transport: a.transport,
      acces_handicapes: a.accesHandicapes,
      langues: a.langues,
      modalites_recrutement: a.modalitesRecrutement,
      modalites_pedagogiques: a.modalitesPedagogiques,
      codes_modalite_pedagogique: a.codesModalitePedagogique,
      equipements: a.equipements,
      frais_restants: a.fraisRestants,
      code_perimetre_recrutement: a.codePerimetreRecrutement,
      infos_perimetre_recrutement: a.infosPerimetreRecrutement,
      prix_horaire_ttc: a.prixHoraireTTC,
      prix_total_ttc: a.prixTotalTTC,
      prix_horaire: price(a.prixHoraireTTC),
      prix_total: price(a.prixTotalTTC),
      duree_indicative: a.dureeIndicative,
      nombre_heures_centre: a.nombreHeuresCentre,
      nombre_heures_entreprise: a.nombreHeuresEntreprise,
      nombre_heures_total: a.nombreHeuresTotal,
      detail_conditions_prise_en_charge: a.detailConditionsPriseEnCharge,
      conventionnement: a.conventionnement,
      duree_conventionnee: a.dureeConventionnee,
      enseignements: a.enseignements,
      extras: a.extras,
      alternance: actionAlternance(a),
    });
    a.lieux.forEach((l, li) => rows.training_lieu.push({ ...k, position: li + 1, ...lieuColumns(l, counters) }));
    a.sessions.forEach((s, si) => {
      const sk = { ...k, session: s.numero };
      rows.training_session.push({
        ...sk,
        position: si + 1,
        attrs: s.attrs,
        debut: s.periode.debut,
        fin: s.periode.fin,
        date_debut: isoDate(s.periode.debut, false),
        date_fin: isoDate(s.periode.fin, true),
        adresse_inscription: s.adresseInscription,
        commune_inscription: s.adresseInscription.codeInseeCommune,
        modalites_inscription: s.modalitesInscription,
        periode_inscription: json(s.periodeInscription),
        etat_recrutement: s.etatRecrutement,
        recrutements: s.recrutements,
        urls: s.urls,
        contacts: s.contacts,
        references_certification: s.referencesCertification,
        cycles: s.cycles,
        extras: s.extras,
        eligible_cpf: sessionEligibleCpf(s),
      });
      s.blocsCompetences.forEach((g, gi) =>
        g.blocs.forEach((b, bi) =>
          rows.training_bloc.push({
            ...sk,
            grp: gi + 1,
            position: bi + 1,
            validation: g.validation,
            reference: g.reference,
            code: b.code,
            libelle: b.libelle,
          }),
        ),
      );
    });
    a.formateurs.forEach((o2, i) =>
      rows.training_formateur.push({
        ...k,
        position: i + 1,
        siret: o2.siret,
        raison_sociale: o2.raisonSociale,
        contacts: o2.contacts,
        potentiel: o2.potentiel,
        uai: o2.uai,
        references_certification: o2.referencesCertification,
        extras: o2.extras,
      }),
    );
    a.financeurs.forEach((x, i) =>
      rows.training_financeur.push({
        ...k,
        position: i + 1,
        code: x.code,
        nb_places: x.nbPlaces,
        extras: x.extras,
      }),
    );
  });
  return rows;
}

function lieuColumns(l: LieuFormation, counters?: { badCoordinates: number }): Row {
  const a = l.coordonnees.adresse;
  const geo = a?.geolocalisation;
  const lat = degrees(geo?.latitude, 90);
  const lon = degrees(geo?.longitude, 180);
  if (geo && (lat === null || lon === null) && counters) counters.badCoordinates++;
  return {
    siret: l.siret,
    uai: l.uai,
    coordonnees: l.coordonnees,
    extras: l.extras,
    codepostal: a?.codepostal,
    ville: a?.ville,
    departement: a?.departement,
    region: a?.region,
    commune: a?.codeInseeCommune,
    lat: lat !== null && lon !== null ? lat : null,
    lon: lat !== null && lon !== null ? lon : null,
  };
}

// ---- batched writer -----------------------------------------------------------------------------

export interface StoreCounts {
  read: number;
  inserted: number;
  updated: number;
  deleted: number;
  /** Identifiers rejected in this file whose previous version was kept. */
  keptPrevious: number;
  badCoordinates: number;
  unknownCommunes: number;
}

let seenSeq = 0;

/**
 * Writes the offers of one source within the caller's transaction. `add` offers as they are read,
 * `protect` the identifiers of rejected offers (their previous version stays), then `finish` to
 * retire the identifiers not seen and rebuild the source's organisme directory.
 */
export class OfferWriter {
  private batch: LheoOffer[] = [];
  private inflight: Promise<void> = Promise.resolve();
  private batchActions = 0;
  private readonly seen = `lheo_seen_${process.pid}_${++seenSeq}`;
  private started = false;
  private protectedKeys: string[] = [];
  readonly counts: StoreCounts = { read: 0, inserted: 0, updated: 0, deleted: 0, keptPrevious: 0, badCoordinates: 0, unknownCommunes: 0 };

  constructor(
    private readonly trx: Transaction<TrainingSchema>,
    private readonly runId: number,
    private readonly source: { name: string; kind: 'lot' | 'fichier'; file: string; lheoVersion: string },
    // Small batches keep the garbage of each round young (measured: 100 offers, +110 MB on 50k actions).
    private readonly batchSize = 100,
  ) {}

  private async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await sql`CREATE TEMP TABLE ${sql.id(this.seen)} (formation text PRIMARY KEY)`.execute(this.trx);
    const s = this.source;
    await sql`INSERT INTO training_source AS t (name, kind, file, lheo_version, run_id)
      VALUES (${s.name}, ${s.kind}, ${s.file}, ${s.lheoVersion}, ${this.runId})
      ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, file = excluded.file,
        lheo_version = excluded.lheo_version, run_id = excluded.run_id
      WHERE (t.kind, t.file, t.lheo_version) IS DISTINCT FROM (excluded.kind, excluded.file, excluded.lheo_version)`.execute(this.trx);
  }

  async add(offer: LheoOffer): Promise<void> {
    await this.start();
    this.counts.read++;
    this.batch.push(offer);
    this.batchActions += offer.actions.length;
    if (this.batch.length >= this.batchSize || this.batchActions >= this.batchSize * 2) {
      // One batch in flight: on PostgreSQL the server writes it while the next one is parsed.
      await this.inflight;
      this.inflight = this.flush();
      this.inflight.catch(() => {}); // awaited (and rethrown) by the next add or by finish
    }
  }

  /** An offer of this file was rejected: keep its previous version rather than retire it. */
  async protect(numero: string | undefined): Promise<void> {
    await this.start();
    if (numero === undefined) return;
    this.protectedKeys.push(numero);
    if (this.protectedKeys.length >= 1000) await this.flushProtected();
  }

  private async flushProtected(): Promise<void> {
    if (!this.protectedKeys.length) return;
    await this.inflight;
    const { rows } = await sql<{ n: number }>`
      WITH ins AS (
        INSERT INTO ${sql.id(this.seen)} (formation)
        SELECT DISTINCT k FROM unnest(${this.protectedKeys}::text[]) AS k
        ON CONFLICT DO NOTHING RETURNING formation)
      SELECT count(*)::int AS n FROM ins
      WHERE EXISTS (SELECT 1 FROM training_formation f WHERE f.source = ${this.source.name} AND f.formation = ins.formation
        AND f.run_id IS DISTINCT FROM ${this.runId}::int)`.execute(this.trx);
    this.counts.keptPrevious += rows[0].n;
    this.protectedKeys = [];
  }

  private async flush(): Promise<void> {
    if (!this.batch.length) return;
    const offers = this.batch;
    this.batch = [];
    this.batchActions = 0;
    const all: Rows = Object.fromEntries(TABLES.map((t) => [t.table, []]));
    for (const o of offers) {
      const rows = offerRows(this.source.name, o, this.counts);
      for (const t of TABLES) for (const r of rows[t.table]) all[t.table].push(r);
    }
    const keys = offers.map((o) => o.numero);
    await sql`INSERT INTO ${sql.id(this.seen)} (formation) SELECT unnest(${keys}::text[]) ON CONFLICT DO NOTHING`.execute(this.trx);
    const inserted = new Set<string>();
    const touched = new Set<string>();
    for (const t of TABLES) {
      const result = await mergeRows(this.trx, t, all[t.table], this.source.name, keys, this.runId);
      for (const r of result) {
        if (r.ins && t.table === 'training_formation') inserted.add(r.formation);
        touched.add(r.formation);
      }
    }
    this.counts.inserted += inserted.size;
    for (const k of touched) if (!inserted.has(k)) this.counts.updated++;
  }

  async finish(): Promise<StoreCounts> {
    await this.start();
    await this.inflight;
    await this.flush();
    await this.flushProtected();
    const name = this.source.name;
    const deleted = await sql`DELETE FROM training_formation f WHERE f.source = ${name}
      AND NOT EXISTS (SELECT 1 FROM ${sql.id(this.seen)} s WHERE s.formation = f.formation)`.execute(this.trx);
    this.counts.deleted += Number(deleted.numAffectedRows ?? 0);
    await sql`DROP TABLE ${sql.id(this.seen)}`.execute(this.trx);
    await rebuildOrganismes(this.trx, name, this.runId);
    this.counts.unknownCommunes = await unknownCommunes(this.trx, name);
    return this.counts;
  }
}

/**
 * Upserts `rows` into one table (rows whose values are unchanged are not touched) and, for child
 * tables, deletes the rows of the batch's formations that the batch no longer has. Returns the
 * formations whose rows changed, and whether each formation row was new.
 */
async function mergeRows(
  trx: Transaction<TrainingSchema>,
  t: TableDef,
  rows: Row[],
  source: string,
  formations: string[],
  runId: number,
): Promise<{ formation: string; ins: boolean }[]> {
  const cols = Object.keys(t.columns);
  const nonKey = cols.filter((c) => !t.key.includes(c));
  const ids = (names: readonly string[], prefix?: string) => sql.join(names.map((n) => (prefix ? sql.ref(`${prefix}.${n}`) : sql.id(n))));
  const recordType = sql.join(cols.map((c) => sql`${sql.id(c)} ${sql.raw(t.columns[c])}`));
  const data = JSON.stringify(
    rows.map((r) => {
      const out: Row = {};
      for (const c of cols) out[c] = r[c] ?? null;
      return out;
    }),
  );
  const sameKey = sql.join(
    t.key.map((k) => sql`i.${sql.id(k)} = t.${sql.id(k)}`),
    sql` AND `,
  );
  // Stale children: found through the primary key (source, formation…) of the batch's formations,
  // checked against the batch with a hashed NOT IN (a nested anti-join was quadratic).
  const del = t.child
    ? sql`, del AS (
        DELETE FROM ${sql.table(t.table)} AS t USING unnest(${formations}::text[]) AS k(formation)
        WHERE t.source = ${source} AND t.formation = k.formation
          AND (${ids(t.key, 't')}) NOT IN (SELECT ${ids(t.key, 'i')} FROM input i)
        RETURNING t.formation, false AS ins)`
    : sql``;
  // Rows equal to the stored ones are left out before the upsert: ON CONFLICT would lock (hence
  // write) every existing row even when its WHERE finds nothing to change, and a re-import would
  // rewrite the whole table. LATERAL … LIMIT 1 keeps that lookup on the primary key whatever the
  // planner thinks of the batch size (a hash join would scan the whole table for each batch).
  const { rows: changed } = await sql<{ formation: string; ins: boolean }>`
    WITH input AS MATERIALIZED (SELECT * FROM jsonb_to_recordset(${data}::jsonb) AS x(${recordType})),
    changed AS (
      SELECT i.* FROM input i
      LEFT JOIN LATERAL (SELECT * FROM ${sql.table(t.table)} t WHERE ${sameKey} LIMIT 1) t ON true
      WHERE t.source IS NULL OR (${ids(nonKey, 't')}) IS DISTINCT FROM (${ids(nonKey, 'i')})),
    up AS (
      INSERT INTO ${sql.table(t.table)} AS t (${ids(cols)}, run_id)
      SELECT ${ids(cols)}, ${runId}::int FROM changed
      ON CONFLICT (${ids(t.key)}) DO UPDATE SET
        ${sql.join([...nonKey, 'run_id'].map((c) => sql`${sql.id(c)} = excluded.${sql.id(c)}`))}
      WHERE (${ids(nonKey, 't')}) IS DISTINCT FROM (${ids(nonKey, 'excluded')})
      RETURNING t.formation, (xmax = 0) AS ins)
    ${del}
    SELECT formation, ins FROM up ${t.child ? sql`UNION ALL SELECT formation, ins FROM del` : sql``}`.execute(trx);
  return changed;
}

/** SQL for a LHEO decimal-degree text as float8, null when unreadable or out of range. */
// Nested CASE: PostgreSQL does not promise to evaluate AND operands in order.
const degreesSql = (text: ReturnType<typeof sql>, limit: number) => sql`
  CASE WHEN ${text} ~ '^\\s*[+-]?\\d+([.,]\\d+)?\\s*$' THEN
    CASE WHEN abs(replace(btrim(${text}), ',', '.')::float8) <= ${sql.lit(limit)}
    THEN replace(btrim(${text}), ',', '.')::float8 END END`;

/**
 * The source's organisme directory, from its offers: one row per SIRET. For a SIRET given several
 * names, the responsable wins over the formateur, then the lowest formation identifier (byte
 * order): the result does not depend on the order of the file.
 */
async function rebuildOrganismes(trx: Transaction<TrainingSchema>, source: string, runId: number): Promise<void> {
  const adresse = (o: string) => sql.raw(`${o}->'coordonnees'->'adresse'`);
  await sql`CREATE TEMP TABLE lheo_organisme ON COMMIT DROP AS
    WITH cand AS (
      SELECT f.organisme_siret AS siret, f.organisme_nom AS nom, f.organisme->>'raisonSociale' AS raison_sociale,
        f.organisme->>'numeroActivite' AS numero_activite, f.organisme->>'uai' AS uai,
        ${adresse('f.organisme')}->>'codeInseeCommune' AS commune, ${adresse('f.organisme')}->>'ville' AS ville,
        ${adresse('f.organisme')}->'geolocalisation'->>'latitude' AS lat_text,
        ${adresse('f.organisme')}->'geolocalisation'->>'longitude' AS lon_text,
        0 AS rank, f.formation COLLATE "C" AS k1, '' COLLATE "C" AS k2, 0 AS k3
      FROM training_formation f WHERE f.source = ${source}
      UNION ALL
      SELECT o.siret, o.raison_sociale, NULL, NULL, o.uai, NULL, NULL, NULL, NULL,
        1, o.formation COLLATE "C", o.action COLLATE "C", o.position
      FROM training_formateur o WHERE o.source = ${source}),
    flags AS (SELECT siret, bool_or(rank = 0) AS responsable, bool_or(rank = 1) AS formateur FROM cand GROUP BY siret),
    best AS (SELECT DISTINCT ON (siret) * FROM cand ORDER BY siret, rank, k1, k2, k3)
    SELECT b.siret, b.nom, b.raison_sociale, b.numero_activite, b.uai, fl.responsable, fl.formateur, b.commune, b.ville,
      ${degreesSql(sql`b.lat_text`, 90)} AS lat, ${degreesSql(sql`b.lon_text`, 180)} AS lon
    FROM best b JOIN flags fl USING (siret)`.execute(trx);
  await sql`INSERT INTO training_organisme AS t
      (source, siret, nom, raison_sociale, numero_activite, uai, responsable, formateur, commune, ville, lat, lon, run_id)
    SELECT ${source}, siret, nom, raison_sociale, numero_activite, uai, responsable, formateur, commune, ville,
      CASE WHEN lon IS NOT NULL THEN lat END, CASE WHEN lat IS NOT NULL THEN lon END, ${runId}::int
    FROM lheo_organisme
    ON CONFLICT (source, siret) DO UPDATE SET nom = excluded.nom, raison_sociale = excluded.raison_sociale,
      numero_activite = excluded.numero_activite, uai = excluded.uai, responsable = excluded.responsable,
      formateur = excluded.formateur, commune = excluded.commune, ville = excluded.ville, lat = excluded.lat,
      lon = excluded.lon, run_id = excluded.run_id
    WHERE (t.nom, t.raison_sociale, t.numero_activite, t.uai, t.responsable, t.formateur, t.commune, t.ville, t.lat, t.lon)
      IS DISTINCT FROM (excluded.nom, excluded.raison_sociale, excluded.numero_activite, excluded.uai,
        excluded.responsable, excluded.formateur, excluded.commune, excluded.ville, excluded.lat, excluded.lon)`.execute(trx);
  await sql`DELETE FROM training_organisme t WHERE t.source = ${source}
    AND NOT EXISTS (SELECT 1 FROM lheo_organisme o WHERE o.siret = t.siret)`.execute(trx);
  await sql`DROP TABLE lheo_organisme`.execute(trx);
}

/** Places whose commune code the COG does not know (only when communes are imported). */
async function unknownCommunes(trx: Transaction<TrainingSchema>, source: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM training_lieu l
    WHERE l.source = ${source} AND l.commune IS NOT NULL
      AND EXISTS (SELECT 1 FROM commune)
      AND NOT EXISTS (SELECT 1 FROM commune c WHERE c.code = l.commune)`.execute(trx);
  return rows[0].n;
}

/** Retires whole sources (their offers and directory cascade). */
export async function deleteSources(trx: Db, names: readonly string[]): Promise<number> {
  if (!names.length) return 0;
  const { rows } = await sql<{ n: number }>`
    WITH gone AS (SELECT name FROM training_source WHERE name = ANY(${names}::text[])),
    f AS (SELECT count(*)::int AS n FROM training_formation WHERE source IN (SELECT name FROM gone))
    SELECT n FROM f`.execute(trx);
  await sql`DELETE FROM training_source WHERE name = ANY(${names}::text[])`.execute(trx);
  return rows[0].n;
}

// ---- rows → offers (export) ---------------------------------------------------------------------

export interface OfferFilter {
  /** Only these sources (all when absent). */
  sources?: readonly string[];
  /** Leave demonstration offers out. */
  excludeDemo?: boolean;
  /** Only these identifiers. */
  formations?: readonly string[];
}

export interface StoredOffer {
  source: string;
  offer: LheoOffer;
}

/**
 * Streams the stored offers ordered by identifier then source (byte order), a page at a time: one
 * query per table and page, so memory stays flat whatever the catalogue size.
 */
export async function* loadOffers(db: Db, filter: OfferFilter = {}, pageSize = 200): AsyncGenerator<StoredOffer> {
  let after: { formation: string; source: string } | undefined;
  for (;;) {
    const { rows: page } = await sql<Row & { source: string; formation: string }>`
      SELECT * FROM training_formation f
      WHERE true
        ${filter.sources ? sql`AND f.source = ANY(${filter.sources}::text[])` : sql``}
        ${filter.formations ? sql`AND f.formation = ANY(${filter.formations}::text[])` : sql``}
        ${filter.excludeDemo ? sql`AND NOT f.demo` : sql``}
        ${after ? sql`AND (f.formation COLLATE "C", f.source COLLATE "C") > (${after.formation}::text COLLATE "C", ${after.source}::text COLLATE "C")` : sql``}
      ORDER BY f.formation COLLATE "C", f.source COLLATE "C"
      LIMIT ${pageSize}`.execute(db);
    if (!page.length) return;
    const sources = page.map((r) => r.source);
    const formations = page.map((r) => r.formation);
    const child = async (table: string, order: string) => {
      const { rows } = await sql<Row>`
        SELECT t.* FROM ${sql.table(table)} t
        JOIN unnest(${sources}::text[], ${formations}::text[]) AS k(source, formation)
          ON k.source = t.source AND k.formation = t.formation
        ORDER BY ${sql.raw(order)}`.execute(db);
      const by = new Map<string, Row[]>();
      for (const r of rows) {
        const key = `${r.source}\u0000${r.formation}`;
        let list = by.get(key);
        if (!list) by.set(key, (list = []));
        list.push(r);
      }
      return (source: string, formation: string) => by.get(`${source}\u0000${formation}`) ?? [];
    };
    const domaines = await child('training_domaine', 'kind, position');
    const certifications = await child('training_certification', 'position');
    const actions = await child('training_action', 'position');
    const lieux = await child('training_lieu', 'action, position');
    const sessions = await child('training_session', 'action, position');
    const blocs = await child('training_bloc', 'action, session, grp, position');
    const formateurs = await child('training_formateur', 'action, position');
    const financeurs = await child('training_financeur', 'action, position');

    for (const f of page) {
      const { source, formation } = f;
      const dom = domaines(source, formation);
      const codes = (kind: string) =>
        dom
          .filter((d) => d.kind === kind)
          .map((d) => (d.ref ? { code: d.code as string, ref: d.ref as string } : { code: d.code as string }));
      const byAction = (rows: Row[], action: string) => rows.filter((r) => r.action === action);
      const offer: LheoOffer = {
        numero: formation,
        attrs: f.attrs as Record<string, string>,
        domaine: { formacodes: codes('FORMACODE'), nsf: codes('NSF').map((c) => c.code), rome: codes('ROME') },
        intitule: f.intitule as string,
        objectif: f.objectif as string,
        resultatsAttendus: f.resultats_attendus as string,
        contenu: f.contenu as string,
        certifiante: f.certifiante as boolean,
        contacts: f.contacts as Contact[],
        parcours: f.parcours as string,
        niveauEntree: f.niveau_entree as string,
        certifications: certifications(source, formation).map((c) =>
          clean({
            rncp: c.rncp,
            certifinfo: c.certifinfo,
            rs: c.rs,
            cpf: c.cpf,
            formacode: c.formacode,
          }),
        ),
        typesFormation: f.types_formation as LheoOffer['typesFormation'],
        urls: f.urls as string[],
        actions: [],
        organisme: f.organisme as OrganismeResponsable,
        extras: f.extras as XmlElement[],
        demo: f.demo as boolean,
      };
      if (f.objectif_general !== null) offer.objectifGeneral = f.objectif_general as string;
      if (f.niveau_sortie !== null) offer.niveauSortie = f.niveau_sortie as string;
      if (f.module !== null) offer.module = f.module as LheoOffer['module'];
      const sess = sessions(source, formation);
      const bl = blocs(source, formation);
      for (const a of actions(source, formation)) {
        const action = a.action as string;
        offer.actions.push(
          toAction(
            a,
            byAction(lieux(source, formation), action),
            byAction(sess, action),
            byAction(bl, action),
            byAction(formateurs(source, formation), action),
            byAction(financeurs(source, formation), action),
          ),
        );
      }
      yield { source, offer };
    }
    const last = page[page.length - 1];
    after = { formation: last.formation, source: last.source };
    if (page.length < pageSize) return;
  }
}

/**
 * The offers to export as one LHEO document. Identifiers are unique within a source only: when
 * several sources share one, the later ones (source order) are written `IDENTIFIANT@SOURCE`, so that
 * the document stays usable (a reader keeps one offer per identifier).
 */
export async function* exportOffers(db: Db, filter: OfferFilter = {}): AsyncGenerator<LheoOffer> {
  let previous: string | undefined;
  for await (const { source, offer } of loadOffers(db, filter)) {
    if (offer.numero === previous) {
      yield { ...offer, numero: `${offer.numero}@${source}` };
    } else {
      previous = offer.numero;
      yield offer;
    }
  }
}

/** Drops null values (absent optional elements). */
function clean<T extends object>(o: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = v;
  return out as T;
}

function toAction(a: Row, lieux: Row[], sessions: Row[], blocs: Row[], formateurs: Row[], financeurs: Row[]): Action {
  const opt = clean<Partial<Action>>({
    infoPublicVise: a.info_public_vise,
    dureeCycle: a.duree_cycle,
    adresseInformation: a.adresse_information as Adresse | null,
    restauration: a.restauration,
    hebergement: a.hebergement,
    transport: a.transport,
    accesHandicapes: a.acces_handicapes,
    modalitesRecrutement: a.modalites_recrutement,
    modalitesPedagogiques: a.modalites_pedagogiques,
    fraisRestants: a.frais_restants,
    codePerimetreRecrutement: a.code_perimetre_recrutement,
    infosPerimetreRecrutement: a.infos_perimetre_recrutement,
    prixHoraireTTC: a.prix_horaire_ttc,
    prixTotalTTC: a.prix_total_ttc,
    dureeIndicative: a.duree_indicative,
    nombreHeuresCentre: a.nombre_heures_centre,
    nombreHeuresEntreprise: a.nombre_heures_entreprise,
    nombreHeuresTotal: a.nombre_heures_total,
    detailConditionsPriseEnCharge: a.detail_conditions_prise_en_charge,
    conventionnement: a.conventionnement,
    dureeConventionnee: a.duree_conventionnee,
  });
  return {
    numero: a.action as string,
    attrs: a.attrs as Record<string, string>,
    rythme: a.rythme as string,
    publicsVises: a.publics_vises as Action['publicsVises'],
    niveauEntreeObligatoire: a.niveau_entree_obligatoire as boolean,
    modalitesAlternance: a.modalites_alternance as string,
    modalitesEnseignement: a.modalites_enseignement as string,
    conditionsSpecifiques: a.conditions_specifiques as string,
    priseEnChargeFraisPossible: a.prise_en_charge_frais_possible as boolean,
    lieux: lieux.map((l) =>
      clean<LieuFormation>({ siret: l.siret, uai: l.uai, coordonnees: l.coordonnees as Coordonnees, extras: l.extras }),
    ),
    entreesSortiesPermanentes: a.entrees_sorties_permanentes as boolean,
    urls: a.urls as string[],
    sessions: sessions.map((s) => {
      const mine = blocs.filter((b) => b.session === s.session);
      const groups: Session['blocsCompetences'] = [];
      for (const b of mine) {
        const g = (b.grp as number) - 1;
        groups[g] ??= {
          validation: b.validation as string,
          reference: b.reference as Session['blocsCompetences'][number]['reference'],
          blocs: [],
        };
        groups[g].blocs.push({ libelle: b.libelle as string, code: b.code as string });
      }
      return {
        numero: s.session as string,
        attrs: s.attrs as Record<string, string>,
        periode: { debut: s.debut as string, fin: s.fin as string },
        adresseInscription: s.adresse_inscription as Adresse,
        recrutements: s.recrutements as Session['recrutements'],
        urls: s.urls as string[],
        contacts: s.contacts as Contact[],
        referencesCertification: s.references_certification as Session['referencesCertification'],
        blocsCompetences: groups.filter(Boolean),
        cycles: s.cycles as Session['cycles'],
        extras: s.extras as XmlElement[],
        ...clean<Partial<Session>>({
          modalitesInscription: s.modalites_inscription,
          periodeInscription: s.periode_inscription,
          etatRecrutement: s.etat_recrutement,
        }),
      };
    }),
    datesInformation: a.dates_information as string[],
    langues: a.langues as string[],
    codesModalitePedagogique: a.codes_modalite_pedagogique as string[],
    equipements: a.equipements as Action['equipements'],
    formateurs: formateurs.map((o) =>
      clean({
        siret: o.siret,
        raisonSociale: o.raison_sociale,
        contacts: o.contacts,
        potentiel: o.potentiel,
        uai: o.uai,
        referencesCertification: o.references_certification,
        extras: o.extras,
      }),
    ),
    financeurs: financeurs.map((x) => clean({ code: x.code, nbPlaces: x.nb_places, extras: x.extras })),
    enseignements: a.enseignements as Action['enseignements'],
    extras: a.extras as XmlElement[],
    ...opt,
  };
}
