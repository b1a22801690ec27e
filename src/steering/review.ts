/**
 * The training-map review: each formation of a région followed by InserJeunes (voie scolaire keyed
 * by MEF_STAT_11, apprentissage by CFD), its employment rate at 6 months and further-study rate
 * against the regional average of its voie, its pressure (wishes / places, Affelnet or Parcoursup),
 * fill rate (rentrée headcount / places) and régional priority flag; the « formations à examiner »
 * with their reasons in French.
 *
 * Links: InserJeunes' MEF_STAT_11 is the final year's MEF, Affelnet's and Parcoursup's the first
 * year's; both go to the diploma's CFD through the BCN (bcn_mef), and demand is matched to a
 * formation by CFD × statut (scolaire / apprentissage). A school stands in the région when its UAI
 * starts with one of the région's départements (0 + code: 044…), as every UAI does; it is named and
 * placed by the Affelnet offer file (steering_uai_commune), else by the CFA directory.
 */
import { sql } from 'kysely';
import { InputError, NotFoundError } from '../platform/errors.ts';
import type { FiguresDb } from './figures-db.ts';
import { latestDemandVintages } from './figures-vintages.ts';
import {
  GAP_POINTS,
  LOW_FILL,
  LOW_PRESSURE,
  MIN_COHORT,
  QUADRANT_LABELS,
  QUADRANTS,
  type Quadrant,
  type Review,
  type ReviewFormation,
  type ReviewQuery,
  type ReviewVoie,
} from './review-contract.ts';
import { DEFAULT_REGION } from './coverage-contract.ts';

const VOIE_NAMES: Record<ReviewVoie, string> = { scolaire: 'voie scolaire', apprentissage: 'apprentissage' };
const MIN_PLACES = 10;
const nf1 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const nf2 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const pct = (x: number) => `${Math.round(x)} %`;
/** « 0 demande », « 1 demande », « 2 demandes ». */
const count = (x: number, word: string) => `${x} ${word}${x >= 2 ? 's' : ''}`;
const sourceName = (source: string, vintage: string) => `${source === 'affelnet' ? 'Affelnet' : 'Parcoursup'} ${vintage}`;

/** UAI prefixes of a région's schools: 0 + the département's code (044), 620/720 for Corsica. */
const uaiPrefix = (departement: string) => (departement === '2A' ? '620' : departement === '2B' ? '720' : departement.padStart(3, '0'));

interface DemandAgg {
  capacity: number;
  wishes: number;
  pupils: number;
  placesWithPupils: number;
  source: string;
}

export async function computeReview(db: FiguresDb, query: ReviewQuery = {}): Promise<Review> {
  const regionCode = query.region ?? DEFAULT_REGION;
  if (!/^\d{2}$/.test(regionCode)) throw new InputError('region', 'un code de région à deux chiffres est attendu (ex. 52)');
  const region = await db.selectFrom('region').select(['code', 'name']).where('code', '=', regionCode).executeTakeFirst();
  if (!region) throw new NotFoundError(`région ${regionCode} inconnue`);
  const departements = await db.selectFrom('departement').select('code').where('region', '=', regionCode).execute();
  const prefixes = departements.map((d) => uaiPrefix(d.code));

  // ---- InserJeunes, latest vintage of the région
  const latest = await db
    .selectFrom('inserjeunes_region')
    .select((eb) => eb.fn.max('vintage').as('v'))
    .where('geo_level', '=', 'reg')
    .where('geo_code', '=', regionCode)
    .executeTakeFirst();
  const vintage = latest?.v ?? null;
  const rows = vintage
    ? await db
        .selectFrom('inserjeunes_region')
        .select([
          'voie',
          'cfd',
          'mefstat11',
          'nb_annee_term',
          'nb_sortant',
          'nb_en_emploi_6_mois',
          'nb_poursuite_etudes',
          'taux_emploi_6_mois',
          'taux_poursuite_etudes',
        ])
        .where('geo_level', '=', 'reg')
        .where('geo_code', '=', regionCode)
        .where('vintage', '=', vintage)
        .where('voie', 'in', ['scolaire', 'apprentissage'])
        .execute()
    : [];

  // Regional averages per voie: every leaver and final-year pupil of the voie (small cohorts too).
  const averages = (['scolaire', 'apprentissage'] as const).map((voie) => {
    let employed = 0;
    let leavers = 0;
    let further = 0;
    let term = 0;
    for (const r of rows) {
      if (r.voie !== voie) continue;
      if (r.nb_en_emploi_6_mois !== null && r.nb_sortant !== null) {
        employed += r.nb_en_emploi_6_mois;
        leavers += r.nb_sortant;
      }
      if (r.nb_poursuite_etudes !== null && r.nb_annee_term !== null) {
        further += r.nb_poursuite_etudes;
        term += r.nb_annee_term;
      }
    }
    return {
      voie,
      employment: leavers ? Math.round((employed / leavers) * 1000) / 10 : null,
      furtherStudy: term ? Math.round((further / term) * 1000) / 10 : null,
      formations: 0,
    };
  });
  const averageOf = (voie: ReviewVoie) => averages.find((a) => a.voie === voie)!;

  // ---- CFD, diploma and labels
  const mefs = [...new Set(rows.map((r) => r.mefstat11).filter((m): m is string => m !== null))];
  const cfdOfMef = await cfdsOfMefs(db, mefs);
  const cfdOf = (r: { voie: string; cfd: string | null; mefstat11: string | null }) =>
    r.voie === 'apprentissage' ? r.cfd : r.mefstat11 ? (cfdOfMef.get(r.mefstat11) ?? null) : null;
  const cfds = [...new Set(rows.map(cfdOf).filter((c): c is string => c !== null))];
  const diplomas = new Map<string, { label: string | null; diplome: string | null; niveau: string | null }>();
  if (cfds.length) {
    const { rows: ds } = await sql<{ cfd: string; label: string | null; diplome: string | null; niveau: string | null }>`
      SELECT d.cfd, coalesce(d.libelle_long, d.libelle_stat_33, d.libelle_court) AS label, n.libelle_court AS diplome,
             n.niveau_interministeriel AS niveau
      FROM bcn_diplome d LEFT JOIN bcn_niveau n ON n.code = d.niveau
      WHERE d.cfd = ANY(${cfds}::text[])`.execute(db);
    for (const d of ds) diplomas.set(d.cfd, d);
  }
  const certLabels = new Map<string, string>();
  if (cfds.length) {
    const { rows: cs } = await sql<{ cfd: string; label: string }>`
      SELECT DISTINCT ON (cfd) cfd, label FROM certification WHERE cfd = ANY(${cfds}::text[]) ORDER BY cfd, code`.execute(db);
    for (const c of cs) certLabels.set(c.cfd, c.label);
  }
  const mefLabels = new Map(
    (await db.selectFrom('steering_mef_label').select(['mefstat11', 'label']).execute()).map((m) => [m.mefstat11, m.label]),
  );
  const priorities = new Set(
    (await db.selectFrom('steering_priority').select('cfd').where('region', '=', regionCode).execute()).map((p) => p.cfd),
  );

  // ---- Demand (latest vintage of each source) and headcounts, per CFD × statut, in the région
  const { affelnet, parcoursup } = await latestDemandVintages(db);
  const headcountVintage =
    (
      await db
        .selectFrom('steering_headcount')
        .select((eb) => eb.fn.max('vintage').as('v'))
        .executeTakeFirst()
    )?.v ?? null;
  const demandRows = prefixes.length
    ? (
        await sql<{
          source: 'affelnet' | 'parcoursup';
          vintage: string;
          uai: string;
          mefstat11: string;
          statut: ReviewVoie;
          label: string | null;
          cfd: string | null;
          capacity: number | null;
          wishes: number | null;
          pupils: number | null;
          name: string | null;
          commune: string | null;
          mef_label: string | null;
        }>`
        SELECT d.source, d.vintage, d.uai, d.mefstat11, d.statut, d.label,
               coalesce(d.cfd, (SELECT m.cfd FROM bcn_mef m WHERE m.mef_stat_11 = d.mefstat11 AND m.cfd IS NOT NULL ORDER BY m.mef LIMIT 1)) AS cfd,
               d.capacity, d.wishes, h.pupils, coalesce(u.name, a.name) AS name, c.name AS commune,
               (SELECT m.libelle_long FROM bcn_mef m WHERE m.mef_stat_11 = d.mefstat11 ORDER BY m.mef LIMIT 1) AS mef_label
        FROM steering_demand d
        LEFT JOIN steering_headcount h ON h.uai = d.uai AND h.mefstat11 = d.mefstat11 AND h.vintage = ${headcountVintage}
        LEFT JOIN steering_uai_commune u ON u.uai = d.uai
        LEFT JOIN apprenticeship_cfa a ON a.uai = d.uai
        LEFT JOIN commune c ON c.code = coalesce(u.commune, a.commune)
        WHERE ((d.source = 'affelnet' AND d.vintage = ${affelnet}) OR (d.source = 'parcoursup' AND d.vintage = ${parcoursup}))
          AND substr(d.uai, 1, 3) = ANY(${prefixes}::text[])`.execute(db)
      ).rows
    : [];
  const demand = new Map<string, DemandAgg>();
  const demandLabels = new Map<string, string>();
  for (const d of demandRows) {
    if (d.label) demandLabels.set(d.mefstat11, d.label);
    if (!d.cfd || d.capacity === null) continue;
    const key = `${d.cfd}|${d.statut}`;
    const agg = demand.get(key) ?? { capacity: 0, wishes: 0, pupils: 0, placesWithPupils: 0, source: sourceName(d.source, d.vintage) };
    agg.capacity += d.capacity;
    agg.wishes += d.wishes ?? 0;
    if (d.pupils !== null && d.statut === 'scolaire') {
      agg.pupils += d.pupils;
      agg.placesWithPupils += d.capacity;
    }
    demand.set(key, agg);
  }

  // ---- Formations
  let excluded = 0;
  const formations: ReviewFormation[] = [];
  for (const r of rows) {
    const voie = r.voie as ReviewVoie;
    const key = voie === 'scolaire' ? r.mefstat11 : r.cfd;
    if (!key) continue;
    const cfd = cfdOf(r);
    const diploma = cfd ? diplomas.get(cfd) : undefined;
    if (query.niveau && diploma?.niveau !== query.niveau) continue;
    if (query.voie && voie !== query.voie) continue;
    if (r.nb_annee_term === null || r.nb_annee_term < MIN_COHORT) {
      excluded++;
      continue;
    }
    const labelled: [string | null | undefined, string][] = [
      [voie === 'scolaire' ? mefLabels.get(key) : undefined, 'libellé du MEF (offre Affelnet)'],
      [voie === 'scolaire' ? demandLabels.get(key) : undefined, 'libellé Parcoursup'],
      [cfd ? diploma?.label : undefined, 'BCN (diplôme)'],
      [cfd ? certLabels.get(cfd) : undefined, 'Certif Info'],
    ];
    const found = labelled.find(([l]) => l);
    const label = found?.[0] ?? `formation ${key}`;
    const labelSource = found ? found[1] : 'code seul';
    const avg = averageOf(voie);
    const employment = r.taux_emploi_6_mois;
    const furtherStudy = r.taux_poursuite_etudes;
    const employmentGap = employment !== null && avg.employment !== null ? Math.round((employment - avg.employment) * 10) / 10 : null;
    const furtherStudyGap =
      furtherStudy !== null && avg.furtherStudy !== null ? Math.round((furtherStudy - avg.furtherStudy) * 10) / 10 : null;
    const quadrant: Quadrant | null =
      employmentGap !== null && furtherStudyGap !== null
        ? (`emploi${employmentGap >= 0 ? '+' : '-'} etudes${furtherStudyGap >= 0 ? '+' : '-'}` as Quadrant)
        : null;
    const d = cfd ? demand.get(`${cfd}|${voie}`) : undefined;
    const pressure = d && d.capacity > 0 ? Math.round((d.wishes / d.capacity) * 100) / 100 : null;
    const fillRate = d && d.placesWithPupils > 0 ? Math.round((d.pupils / d.placesWithPupils) * 100) / 100 : null;
    const priority = cfd !== null && priorities.has(cfd);

    const reasons: string[] = [];
    if (employmentGap !== null && employmentGap <= -GAP_POINTS && employment !== null && avg.employment !== null) {
      const studyLow = furtherStudyGap !== null && furtherStudyGap < 0 && furtherStudy !== null && avg.furtherStudy !== null;
      if (studyLow) {
        reasons.push(
          `taux d’emploi à 6 mois de ${pct(employment)} contre ${pct(avg.employment)} en moyenne régionale (${VOIE_NAMES[voie]}), ` +
            `et poursuite d’études sous la moyenne (${pct(furtherStudy!)} contre ${pct(avg.furtherStudy!)})`,
        );
      }
    }
    if (d && pressure !== null && d.capacity >= MIN_PLACES && pressure < LOW_PRESSURE) {
      reasons.push(
        `pression ${nf2.format(pressure)} : ${count(Math.round(pressure * 100), 'demande')} pour 100 places (${d.source}, ${count(d.wishes, 'demande')} pour ${count(d.capacity, 'place')})`,
      );
    }
    if (d && fillRate !== null && d.placesWithPupils >= MIN_PLACES && fillRate < LOW_FILL) {
      reasons.push(
        `remplissage ${pct(fillRate * 100)} : ${Math.round(fillRate * 100)} élèves à la rentrée ${headcountVintage} pour 100 places (${d.source})`,
      );
    }
    if (reasons.length && priority) reasons.push('formation déclarée prioritaire par la région : à examiner avec elle');
    avg.formations++;
    formations.push({
      key,
      voie,
      cfd,
      label,
      labelSource,
      diplome: diploma?.diplome ?? null,
      niveau: diploma?.niveau ?? null,
      cohort: r.nb_annee_term,
      leavers: r.nb_sortant,
      employment,
      furtherStudy,
      employmentGap,
      furtherStudyGap,
      quadrant,
      capacity: d?.capacity ?? null,
      wishes: d ? d.wishes : null,
      pressure,
      demandSource: d?.source ?? null,
      pupils: d?.placesWithPupils ? d.pupils : null,
      fillRate,
      priority,
      reasons,
    });
  }
  formations.sort((a, b) => (a.employmentGap ?? 999) - (b.employmentGap ?? 999) || a.label.localeCompare(b.label, 'fr'));
  const toReview = formations.filter((f) => f.reasons.length);

  // ---- Offers per school: low pressure
  const offers: Review['offers'] = [];
  for (const d of demandRows) {
    if (query.voie && d.statut !== query.voie) continue;
    if (d.capacity === null || d.capacity < MIN_PLACES || d.wishes === null) continue;
    const pressure = Math.round((d.wishes / d.capacity) * 100) / 100;
    if (pressure >= LOW_PRESSURE) continue;
    const dip = d.cfd ? diplomas.get(d.cfd) : undefined;
    if (query.niveau && dip && dip.niveau !== query.niveau) continue;
    offers.push({
      uai: d.uai,
      name: d.name,
      commune: d.commune,
      key: d.mefstat11,
      label:
        d.label ??
        mefLabels.get(d.mefstat11) ??
        d.mef_label ??
        dip?.label ??
        (d.cfd ? certLabels.get(d.cfd) : undefined) ??
        `MEF ${d.mefstat11}`,
      statut: d.statut,
      capacity: d.capacity,
      wishes: d.wishes,
      pressure,
      source: sourceName(d.source, d.vintage),
    });
  }
  offers.sort((a, b) => a.pressure - b.pressure || b.capacity - a.capacity || a.uai.localeCompare(b.uai));

  // ---- Schools (InserJeunes by UAI)
  const etabVintage =
    (
      await db
        .selectFrom('inserjeunes_etablissement')
        .select((eb) => eb.fn.max('vintage').as('v'))
        .where('region', '=', regionCode)
        .executeTakeFirst()
    )?.v ?? null;
  const etabs = etabVintage
    ? await db
        .selectFrom('inserjeunes_etablissement')
        .select([
          'geo_code',
          'label',
          'voie',
          'taux_emploi_6_mois',
          'taux_emploi_6_mois_attendu',
          'valeur_ajoutee',
          'taux_poursuite_etudes',
        ])
        .where('region', '=', regionCode)
        .where('vintage', '=', etabVintage)
        .where('segment', '=', 'ensemble')
        .where('valeur_ajoutee', 'is not', null)
        .where((eb) => (query.voie ? eb('voie', '=', query.voie === 'scolaire' ? 'pro' : 'apprentissage') : eb.lit(true)))
        .orderBy('valeur_ajoutee')
        .orderBy('geo_code')
        .execute()
    : [];

  const quadrants = QUADRANTS.map((q) => ({
    quadrant: q,
    label: QUADRANT_LABELS[q],
    formations: formations.filter((f) => f.quadrant === q).length,
  }));
  const notes = [
    `InserJeunes ${vintage ?? '(absent)'} : taux d’emploi salarié à 6 mois et taux de poursuite d’études, cumul de deux promotions, tels que publiés.`,
    affelnet || parcoursup
      ? `Demandes et places : ${[affelnet ? `Affelnet ${affelnet} (vœux 1, CAP et seconde professionnelle)` : null, parcoursup ? `Parcoursup ${parcoursup} (vœux confirmés, BTS)` : null].filter(Boolean).join(' ; ')} ; ` +
        `élèves : constat de rentrée ${headcountVintage ?? '(absent)'}. Le remplissage rapproche donc des élèves de ${headcountVintage ?? '?'} et des places ${[affelnet, parcoursup].filter(Boolean).join(' / ')}.`
      : 'Pas de données Affelnet ni Parcoursup : ni pression ni remplissage.',
    'Les demandes sont rattachées à une formation par son diplôme (CFD) et son statut (scolaire ou apprentissage), pour les établissements de la région.',
    'Libellés : celui du MEF (offre Affelnet), puis celui de Parcoursup, puis la BCN (diplôme), puis Certif Info.',
  ];
  return {
    region,
    filters: { voie: query.voie ?? null, niveau: query.niveau ?? null },
    vintages: { inserjeunes: vintage, etablissements: etabVintage, affelnet, parcoursup, headcount: headcountVintage },
    averages,
    excludedSmallCohorts: excluded,
    quadrants,
    formations,
    toReview,
    offers,
    etablissements: etabs.map((e) => ({
      uai: e.geo_code,
      name: e.label,
      voie: e.voie === 'pro' ? 'lycée professionnel' : 'CFA',
      employment: e.taux_emploi_6_mois,
      expected: e.taux_emploi_6_mois_attendu,
      valueAdded: e.valeur_ajoutee,
      furtherStudy: e.taux_poursuite_etudes,
    })),
    rules: reviewRules(),
    notes,
  };
}

/** The rules of the list, said on the page and in the CLI. */
export function reviewRules(): string[] {
  return [
    `Seules les formations d’au moins ${MIN_COHORT} élèves ou apprentis en année terminale sont retenues.`,
    'La moyenne régionale est celle de la voie (scolaire ou apprentissage) : tous les sortants en emploi à 6 mois sur tous les sortants, tous les poursuivants sur tous les inscrits en année terminale.',
    `À examiner : un taux d’emploi à 6 mois d’au moins ${GAP_POINTS} points sous la moyenne régionale avec une poursuite d’études sous la moyenne ; ` +
      `ou une pression sous ${nf1.format(LOW_PRESSURE)} demande par place ; ou un remplissage sous ${Math.round(LOW_FILL * 100)} % (au moins ${MIN_PLACES} places).`,
  ];
}

/** MEF_STAT_11 → CFD (BCN N_MEF, first MEF). */
async function cfdsOfMefs(db: FiguresDb, mefs: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!mefs.length) return out;
  const { rows } = await sql<{ stat: string; cfd: string }>`
    SELECT DISTINCT ON (mef_stat_11) mef_stat_11 AS stat, cfd FROM bcn_mef
    WHERE mef_stat_11 = ANY(${[...mefs]}::text[]) AND cfd IS NOT NULL ORDER BY mef_stat_11, mef`.execute(db);
  for (const r of rows) out.set(r.stat, r.cfd);
  return out;
}

const rate = (x: number | null) => (x === null ? '–' : `${x} %`);

/** The review for a terminal. */
export function reviewText(r: Review, shown = 40): string {
  const lines = [
    `Revue de la carte des formations — ${r.region.name} (${r.region.code})`,
    `Millésimes : InserJeunes ${r.vintages.inserjeunes ?? '–'} ; Affelnet ${r.vintages.affelnet ?? '–'} ; Parcoursup ${r.vintages.parcoursup ?? '–'} ; constat de rentrée ${r.vintages.headcount ?? '–'}.`,
    ...r.averages.map(
      (a) =>
        `Moyenne régionale, ${VOIE_NAMES[a.voie]} : emploi à 6 mois ${a.employment === null ? '–' : `${nf1.format(a.employment)} %`}, ` +
        `poursuite d’études ${a.furtherStudy === null ? '–' : `${nf1.format(a.furtherStudy)} %`} (${a.formations} formations retenues)`,
    ),
    `${r.formations.length} formations retenues, ${r.excludedSmallCohorts} écartées (moins de ${MIN_COHORT} en année terminale).`,
    '',
    'Quadrants :',
    ...r.quadrants.map((q) => `  ${q.label} : ${q.formations}`),
    '',
    `Formations à examiner (${r.toReview.length}) :`,
    ...r.toReview.slice(0, shown).map((f) => `  ${f.label} (${VOIE_NAMES[f.voie]}, ${f.key}) : ${f.reasons.join(' ; ')}`),
    ...(r.toReview.length > shown ? [`  … et ${r.toReview.length - shown} autres (--json pour la liste complète)`] : []),
  ];
  if (r.offers.length) {
    lines.push('', `Formations × établissements à faible pression (${r.offers.length}) :`);
    for (const o of r.offers.slice(0, 15)) {
      lines.push(
        `  ${o.name ?? o.uai} (${o.uai}) — ${o.label} : ${count(o.wishes, 'demande')} pour ${count(o.capacity, 'place')} (${o.source})`,
      );
    }
  }
  lines.push('', 'Règles :', ...r.rules.map((x) => `  ${x}`));
  if (r.etablissements.length) {
    lines.push('', 'Établissements à la plus faible valeur ajoutée (emploi à 6 mois observé − attendu) :');
    for (const e of r.etablissements.slice(0, 10)) {
      lines.push(`  ${e.name} (${e.uai}, ${e.voie}) : ${rate(e.employment)} pour ${rate(e.expected)} attendus (${e.valueAdded} points)`);
    }
  }
  return lines.join('\n');
}
