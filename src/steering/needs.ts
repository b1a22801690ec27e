/**
 * Needs per sector and territory: per FAP domain × bassin BMO of a région, the recruitment projects
 * of the latest BMO survey and their difficult share, the tension of the domain's métiers in the
 * bassin, the initial-training places of the bassin's schools and the continuing-training actions of
 * the catalogue; a cell is « offre de formation à construire » when its projects are many and its
 * places few (MIN_PROJECTS non-seasonal projects, under RATIO_SHARE of the région's places per project).
 *
 * How the pieces meet:
 * - The BMO codes métiers in FAP 2021; the tension (tension_rome_bassin) and the training links
 *   are by ROME, which the DARES table links to FAP 2009 (fap_rome). The two FAP editions differ
 *   in their families but keep the letter of the domain, so everything is summed at the domain
 *   (first letter of the code) and no finer.
 * - A place (capacity of a school × MEF, Affelnet or Parcoursup, latest vintage of each) goes to
 *   the bassin of its school's commune (steering_uai_commune, else the CFA directory →
 *   steering_bassin_commune) and to the
 *   domain of its diploma's first ROME (CFD → Certif Info certification → its ROME of lowest rank →
 *   FAP 2009): each place is counted once. Places without a commune or a ROME are counted apart.
 * - A continuing-training action of the catalogue counts once per domain of its ROME codes, in the
 *   bassin of each of its places (training_lieu.commune).
 */
import { sql } from 'kysely';
import { InputError, NotFoundError } from '../platform/errors.ts';
import type { FiguresDb } from './figures-db.ts';
import { latestDemandVintages } from './figures-vintages.ts';
import { DEFAULT_REGION } from './coverage-contract.ts';
import { FAP_DOMAINS, HIGH_TENSION, MIN_PROJECTS, RATIO_SHARE, type Needs, type NeedsCell, type NeedsQuery } from './needs-contract.ts';

const nf = new Intl.NumberFormat('fr-FR');
const nf1 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const domainLabel = (code: string) => FAP_DOMAINS[code] ?? `domaine ${code}`;

export async function computeNeeds(db: FiguresDb, query: NeedsQuery = {}): Promise<Needs> {
  const regionCode = query.region ?? DEFAULT_REGION;
  if (!/^\d{2}$/.test(regionCode)) throw new InputError('region', 'un code de région à deux chiffres est attendu (ex. 52)');
  if (query.famille && !FAP_DOMAINS[query.famille]) throw new InputError('famille', `domaine professionnel « ${query.famille} » inconnu`);
  const region = await db.selectFrom('region').select(['code', 'name']).where('code', '=', regionCode).executeTakeFirst();
  if (!region) throw new NotFoundError(`région ${regionCode} inconnue`);

  // ---- BMO, latest vintage of the région
  const bmoVintage =
    (
      await db
        .selectFrom('steering_bmo')
        .select((eb) => eb.fn.max('vintage').as('v'))
        .where('region', '=', regionCode)
        .executeTakeFirst()
    )?.v ?? null;
  const bmo = bmoVintage
    ? (
        await sql<{
          bassin: string;
          bassin_name: string;
          departement: string;
          famille: string;
          projets: number;
          difficiles: number;
          saisonniers: number;
          secret: number;
        }>`
        SELECT bassin, min(bassin_name) AS bassin_name,
               string_agg(DISTINCT departement, ', ' ORDER BY departement) AS departement, substr(metier, 1, 1) AS famille,
               coalesce(sum(projets), 0)::int AS projets, coalesce(sum(difficiles), 0)::int AS difficiles,
               coalesce(sum(saisonniers) FILTER (WHERE projets IS NOT NULL), 0)::int AS saisonniers,
               count(*) FILTER (WHERE projets IS NULL)::int AS secret
        FROM steering_bmo WHERE region = ${regionCode} AND vintage = ${bmoVintage}
        GROUP BY bassin, substr(metier, 1, 1)`.execute(db)
      ).rows
    : [];
  const bassinMap = new Map<string, { code: string; name: string; departement: string }>();
  for (const b of bmo) {
    // A bassin that spans départements has one row per département part (and a family may miss in one part).
    const known = bassinMap.get(b.bassin);
    const deps = new Set([...(known?.departement.split(', ') ?? []), ...b.departement.split(', ')]);
    bassinMap.set(b.bassin, { code: b.bassin, name: b.bassin_name, departement: [...deps].sort().join(', ') });
  }
  const bassins = [...bassinMap.values()].sort((a, b) => a.departement.localeCompare(b.departement) || a.name.localeCompare(b.name, 'fr'));
  if (query.bassin && !bassinMap.has(query.bassin)) throw new NotFoundError(`bassin ${query.bassin} absent de l’enquête BMO de la région`);
  const bassinCodes = [...bassinMap.keys()];

  // ---- Tension: ROME × bassin, to the domain through FAP 2009 (a ROME of several domains counts in each)
  const tensionVintage =
    (
      await db
        .selectFrom('tension_rome_bassin')
        .select((eb) => eb.fn.max('vintage').as('v'))
        .executeTakeFirst()
    )?.v ?? null;
  const tensions = new Map<string, number>();
  if (tensionVintage && bassinCodes.length) {
    const { rows } = await sql<{ bassin: string; famille: string; tension: number }>`
      WITH t AS (
        SELECT DISTINCT t.geo_code AS bassin, t.rome, substr(f.fap, 1, 1) AS famille, t.tension, coalesce(t.offres, 1) AS w
        FROM tension_rome_bassin t JOIN fap_rome f ON f.rome = t.rome
        WHERE t.vintage = ${tensionVintage} AND t.geo_level = 'bassin' AND t.tension IS NOT NULL
          AND t.geo_code = ANY(${bassinCodes}::text[]))
      SELECT bassin, famille, (sum(tension * w) / nullif(sum(w), 0))::float8 AS tension FROM t GROUP BY bassin, famille`.execute(db);
    for (const r of rows) if (r.tension !== null) tensions.set(`${r.bassin}|${r.famille}`, Math.round(r.tension * 10) / 10);
  }

  // ---- Places: latest vintage of each source, schools of the région
  const { affelnet, parcoursup } = await latestDemandVintages(db);
  const bassinVintage =
    (
      await db
        .selectFrom('steering_bassin_commune')
        .select((eb) => eb.fn.max('vintage').as('v'))
        .executeTakeFirst()
    )?.v ?? null;
  const prefixes = (await db.selectFrom('departement').select('code').where('region', '=', regionCode).execute()).map((d) =>
    d.code === '2A' ? '620' : d.code === '2B' ? '720' : d.code.padStart(3, '0'),
  );
  const places = new Map<string, number>();
  let unplacedPlaces = 0;
  let unlinkedPlaces = 0;
  if (prefixes.length) {
    const { rows } = await sql<{ bassin: string | null; famille: string | null; places: number }>`
      WITH d AS (
        SELECT d.uai, d.capacity,
               coalesce(d.cfd, (SELECT m.cfd FROM bcn_mef m WHERE m.mef_stat_11 = d.mefstat11 AND m.cfd IS NOT NULL ORDER BY m.mef LIMIT 1)) AS cfd
        FROM steering_demand d
        WHERE ((d.source = 'affelnet' AND d.vintage = ${affelnet}) OR (d.source = 'parcoursup' AND d.vintage = ${parcoursup}))
          AND d.capacity IS NOT NULL AND substr(d.uai, 1, 3) = ANY(${prefixes}::text[]))
      SELECT b.bassin,
             (SELECT substr(f.fap, 1, 1) FROM certification c
                JOIN certification_rome cr ON cr.certification = c.code
                JOIN fap_rome f ON f.rome = cr.rome
              WHERE c.cfd = d.cfd ORDER BY cr.rang, c.code, f.fap LIMIT 1) AS famille,
             sum(d.capacity)::int AS places
      FROM d
      LEFT JOIN steering_uai_commune u ON u.uai = d.uai
      LEFT JOIN apprenticeship_cfa a ON a.uai = d.uai
      LEFT JOIN steering_bassin_commune b ON b.commune = coalesce(u.commune, a.commune) AND b.vintage = ${bassinVintage}
      GROUP BY 1, 2`.execute(db);
    for (const r of rows) {
      if (!r.bassin) unplacedPlaces += r.places;
      else if (!r.famille) unlinkedPlaces += r.places;
      else places.set(`${r.bassin}|${r.famille}`, (places.get(`${r.bassin}|${r.famille}`) ?? 0) + r.places);
    }
  }

  // ---- Continuing training: catalogue actions with a ROME code, in the bassin of their place
  const actions = new Map<string, number>();
  if (bassinVintage && bassinCodes.length) {
    const { rows } = await sql<{ bassin: string; famille: string; n: number }>`
      SELECT b.bassin, substr(f.fap, 1, 1) AS famille, count(DISTINCT (l.source, l.formation, l.action))::int AS n
      FROM training_lieu l
      JOIN steering_bassin_commune b ON b.commune = l.commune AND b.vintage = ${bassinVintage}
      JOIN training_domaine dm ON dm.source = l.source AND dm.formation = l.formation AND dm.kind = 'ROME'
      JOIN fap_rome f ON f.rome = dm.code
      WHERE b.bassin = ANY(${bassinCodes}::text[])
      GROUP BY 1, 2`.execute(db);
    for (const r of rows) actions.set(`${r.bassin}|${r.famille}`, r.n);
  }

  // ---- Cells: places per 100 non-seasonal projects, against the région's ratio
  const nonSeasonal = (b: { projets: number; saisonniers: number }) => Math.max(0, b.projets - b.saisonniers);
  const allPlaces = [...places.values()].reduce((a, b) => a + b, 0);
  const allProjects = bmo.reduce((a, b) => a + nonSeasonal(b), 0);
  const regionalPer100 = allProjects > 0 ? Math.round((allPlaces / allProjects) * 1000) / 10 : null;
  const all: NeedsCell[] = bmo.map((b) => {
    const key = `${b.bassin}|${b.famille}`;
    const p = places.get(key) ?? 0;
    const tension = tensions.get(key) ?? null;
    const durable = nonSeasonal(b);
    const per100 = durable > 0 ? Math.round((p / durable) * 1000) / 10 : null;
    const difficultShare = b.projets > 0 ? Math.round((b.difficiles / b.projets) * 1000) / 1000 : null;
    const toBuild = durable >= MIN_PROJECTS && per100 !== null && regionalPer100 !== null && per100 < regionalPer100 * RATIO_SHARE;
    return {
      bassin: b.bassin,
      bassinName: b.bassin_name,
      departement: bassinMap.get(b.bassin)!.departement,
      famille: b.famille,
      familleLabel: domainLabel(b.famille),
      projets: b.projets,
      saisonniers: b.saisonniers,
      difficiles: b.difficiles,
      difficultShare,
      secretMetiers: b.secret,
      tension,
      places: p,
      placesPer100Projects: per100,
      continuingActions: actions.get(key) ?? 0,
      toBuild,
      reason: toBuild ? buildReason(b, difficultShare, p, per100!, regionalPer100!, tension) : null,
    };
  });
  const inBassin = all.filter((c) => !query.bassin || c.bassin === query.bassin);
  const cells = inBassin
    .filter((c) => !query.famille || c.famille === query.famille)
    .sort((a, b) => b.projets - a.projets || a.bassin.localeCompare(b.bassin) || a.famille.localeCompare(b.famille));
  const families = new Map<string, Needs['byFamily'][number]>();
  for (const c of inBassin) {
    const f = families.get(c.famille) ?? {
      famille: c.famille,
      familleLabel: c.familleLabel,
      projets: 0,
      difficiles: 0,
      difficultShare: null,
      places: 0,
      toBuild: 0,
    };
    f.projets += c.projets;
    f.difficiles += c.difficiles;
    f.places += c.places;
    if (c.toBuild) f.toBuild++;
    families.set(c.famille, f);
  }
  const byFamily = [...families.values()]
    .map((f) => ({ ...f, difficultShare: f.projets ? Math.round((f.difficiles / f.projets) * 1000) / 1000 : null }))
    .sort((a, b) => b.projets - a.projets || a.famille.localeCompare(b.famille));

  return {
    region,
    filters: { bassin: query.bassin ?? null, famille: query.famille ?? null },
    vintages: { bmo: bmoVintage, tension: tensionVintage, bassins: bassinVintage, affelnet, parcoursup },
    bassins,
    familles: [...new Set(all.map((c) => c.famille))].sort().map((code) => ({ code, label: domainLabel(code) })),
    byFamily,
    cells,
    toBuild: cells
      .filter((c) => c.toBuild)
      .sort((a, b) => b.projets - b.saisonniers - (a.projets - a.saisonniers) || a.bassin.localeCompare(b.bassin)),
    regionalPlacesPer100: regionalPer100,
    unplacedPlaces,
    unlinkedPlaces,
    rules: needsRules(regionalPer100),
    notes: [
      `Projets de recrutement : enquête Besoins en main-d’œuvre (BMO) ${bmoVintage ?? '(absente)'} de France Travail ; les métiers dont le nombre n’est pas publié (secret statistique) ne sont pas comptés.`,
      `Tension : indicateur de France Travail par métier ROME et bassin (${tensionVintage ?? 'absent'}), de 1 à 5, moyenne des métiers du domaine pondérée par les offres.`,
      'Les domaines sont ceux de la nomenclature FAP : le BMO code ses métiers en FAP 2021, la table ROME ↔ FAP de la DARES est en FAP 2009 ; les deux éditions gardent la même lettre pour le même domaine, les chiffres ne se rejoignent qu’à ce niveau.',
      `Places : capacités d’accueil en première année ${[affelnet ? `Affelnet ${affelnet} (CAP, seconde professionnelle)` : null, parcoursup ? `Parcoursup ${parcoursup} (BTS)` : null].filter(Boolean).join(' et ') || '(absentes)'}, ` +
        'voie scolaire et apprentissage, dans le bassin de la commune de l’établissement (offre Affelnet 2020, sinon annuaire des CFA) ; chaque place compte une fois, dans le domaine du premier métier ROME de son diplôme (Certif Info).',
      `Formation continue : actions du catalogue de formations rattachées à un domaine par leur code ROME (des actions, pas des places) ; ` +
        'le catalogue en porte peu, elles n’entrent pas dans la règle.',
      ...(unplacedPlaces || unlinkedPlaces
        ? [
            `${nf.format(unplacedPlaces)} places d’établissements sans commune connue et ${nf.format(unlinkedPlaces)} places de diplômes sans métier ROME ne sont rattachées à aucune case.`,
          ]
        : []),
    ],
  };
}

function buildReason(
  b: { projets: number; saisonniers: number },
  share: number | null,
  places: number,
  per100: number,
  regional: number,
  tension: number | null,
): string {
  return (
    `${nf.format(b.projets)} projets de recrutement${b.saisonniers ? ` dont ${nf.format(b.saisonniers)} saisonniers` : ''}` +
    `${share !== null ? ` (${Math.round(share * 100)} % difficiles)` : ''} pour ` +
    `${nf.format(places)} place${places > 1 ? 's' : ''} de formation initiale : ${nf1.format(per100)} pour 100 projets non saisonniers, ` +
    `contre ${nf1.format(regional)} dans la région` +
    (tension !== null && tension >= HIGH_TENSION ? ` ; métiers en forte tension (${nf1.format(tension)} sur 5)` : '')
  );
}

/** The rule of « offre de formation à construire », said on the page and in the CLI. */
export function needsRules(regionalPer100: number | null): string[] {
  const regional =
    regionalPer100 === null
      ? ''
      : ` (${nf1.format(regionalPer100)} pour 100 dans la région : moins de ${nf1.format(regionalPer100 * RATIO_SHARE)})`;
  return [
    `Offre de formation à construire : au moins ${MIN_PROJECTS} projets de recrutement non saisonniers dans le bassin pour le domaine, et moins de ` +
      `places de formation initiale pour 100 de ces projets que la moitié du rapport de toute la région${regional}.`,
    `La tension (de 1 à 5) est dite forte à partir de ${HIGH_TENSION}.`,
  ];
}

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`);

/** The needs for a terminal. */
export function needsText(n: Needs, shown = 30): string {
  const lines = [
    `Besoins par secteur et territoire — ${n.region.name} (${n.region.code})`,
    `Millésimes : BMO ${n.vintages.bmo ?? '–'} ; tension ${n.vintages.tension ?? '–'} ; Affelnet ${n.vintages.affelnet ?? '–'} ; Parcoursup ${n.vintages.parcoursup ?? '–'}.`,
    '',
    'Par domaine professionnel :',
    ...n.byFamily.map(
      (f) =>
        `  ${f.famille} ${f.familleLabel} : ${nf.format(f.projets)} projets (${pct(f.difficultShare)} difficiles), ${nf.format(f.places)} places, ` +
        `${f.toBuild} bassin(s) où l’offre est à construire`,
    ),
    '',
    `Offre de formation à construire (${n.toBuild.length}) :`,
    ...n.toBuild.slice(0, shown).map((c) => `  ${c.bassinName} (${c.bassin}) — ${c.familleLabel} : ${c.reason}`),
    ...(n.toBuild.length > shown ? [`  … et ${n.toBuild.length - shown} autres (--json pour la liste complète)`] : []),
    '',
    'Règles :',
    ...n.rules.map((r) => `  ${r}`),
  ];
  return lines.join('\n');
}
