import { Type, type TSchema } from 'typebox';
import type { App, ServeContext } from '../platform/http/app.ts';
import { InputError, NotFoundError } from '../platform/errors.ts';
import { outcomesForRome, tensionForRome, unemployment, TENSION_SCALES } from '../labour-market/index.ts';
import { CODE_FORMS, resolveTerritory, TERRITORY_LEVELS, UNKNOWN, type TerritoryLevel } from '../labour-market/territory.ts';
import { searchTrainings, type TrainingQuery } from '../trainings/index.ts';

// ---- response contract: every figure carries its provenance --------------------------------

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const NumberOrNull = Nullable(Type.Number());
const IntOrNull = Nullable(Type.Integer());
const StringOrNull = Nullable(Type.String());

const provenance = {
  source: Type.String({ description: 'producteur et publication' }),
  vintage: Type.String({ description: 'année ou millésime (InserJeunes : « 2022_2023 » = sortants de ces deux années réunis)' }),
  geoLevel: Type.String({ description: 'niveau géographique : nat, reg, dep, bassin, ze, etablissement' }),
  geoCode: Type.String({ description: 'code officiel du territoire (« FR » pour la France entière)' }),
};

const Named = Type.Object({ code: Type.String(), name: Type.String() });

const Components = Type.Object({
  ...provenance,
  intensiteEmbauches: IntOrNull,
  lienFormationEmploi: IntOrNull,
  manqueMainOeuvre: IntOrNull,
  nonDurabilite: IntOrNull,
  conditionsTravail: IntOrNull,
  inadequationGeographique: IntOrNull,
});

const FapTension = Type.Object({
  ...provenance,
  fap: Type.String(),
  nomenclature: Type.String(),
  emploiMoyen: IntOrNull,
  tension: NumberOrNull,
  categorie: IntOrNull,
  composantes: Nullable(Components),
  serieNationale: Type.Array(Type.Object({ ...provenance, tension: NumberOrNull })),
});

const BassinTension = Type.Object({
  ...provenance,
  rome: Type.String(),
  offres: NumberOrNull,
  demandeurs: NumberOrNull,
  tension: IntOrNull,
  intensiteEmbauches: IntOrNull,
  manqueMainOeuvre: IntOrNull,
  nonDurabilite: IntOrNull,
  conditionsTravail: IntOrNull,
  inadequationGeographique: IntOrNull,
  lienFormationEmploi: IntOrNull,
});

const UnemploymentFigure = Type.Object({ ...provenance, taux: Type.Number({ description: 'taux de chômage, en %' }), label: StringOrNull });
const Unemployment = Type.Object({ latest: Nullable(UnemploymentFigure), series: Type.Array(UnemploymentFigure) });

const Outcome = Type.Object({
  ...provenance,
  voie: Type.String(),
  cfd: StringOrNull,
  mefstat11: StringOrNull,
  effectifs: Type.Object({
    sortants: IntOrNull, anneeTerminale: IntOrNull, poursuiteEtudes: IntOrNull,
    enEmploi6Mois: IntOrNull, enEmploi12Mois: IntOrNull, enEmploi18Mois: IntOrNull, enEmploi24Mois: IntOrNull,
  }),
  tauxEmploi6Mois: IntOrNull,
  tauxEmploi12Mois: IntOrNull,
  tauxEmploi18Mois: IntOrNull,
  tauxEmploi24Mois: IntOrNull,
  tauxPoursuiteEtudes: IntOrNull,
  sousSeuil: Type.Object({ emploi: Type.Boolean(), poursuiteEtudes: Type.Boolean() }),
  notes: Type.Array(Type.String()),
});

const OccupationTerritory = Type.Object({
  occupation: Type.Object({ code: Type.String(), label: Type.String(), romeV3Parent: StringOrNull }),
  territory: Type.Object({
    level: Type.String(),
    code: Type.String(),
    name: Type.String(),
    departement: Nullable(Named),
    region: Nullable(Named),
    bassinBmo: Nullable(Named),
    zoneEmploi: Nullable(Named),
  }),
  tension: Type.Object({
    romeV3: StringOrNull,
    via: StringOrNull,
    fap: Type.Array(Type.Object({ code: Type.String(), romeLabel: StringOrNull, marker: StringOrNull })),
    dares: Type.Array(FapTension),
    bassin: Nullable(BassinTension),
    scales: Type.Object({ tension: Type.String(), categorie: Type.String(), composantes: Type.String(), bassin: Type.String() }),
  }),
  chomage: Type.Object({ departement: Nullable(Unemployment), region: Nullable(Unemployment) }),
  insertion: Type.Object({
    certifications: Type.Integer({ description: 'certifications menant au métier (Certif Info)' }),
    sansDonnees: Type.Integer({ description: 'certifications avec CFD sans chiffre InserJeunes dans la région' }),
    items: Type.Array(Type.Object({
      certification: Type.Object({
        code: Type.String(), label: Type.String(), type: StringOrNull, niveauEuropeen: IntOrNull, rncp: StringOrNull,
      }),
      cfd: Type.String(),
      outcomes: Type.Array(Outcome),
    })),
  }),
  formationsProches: Type.Object({
    total: Type.Integer({ description: 'offres menant au métier sur le territoire (dans un rayon de 30 km pour une commune)' }),
    items: Type.Array(Type.Unknown(), { description: 'les 5 premières, comme GET /api/trainings' }),
  }),
  notes: Type.Array(Type.String()),
});

const ErrorBody = Type.Object({ error: Type.String(), field: Type.Optional(Type.String()) });

export function registerOccupationTerritoryRoutes(app: App, ctx: ServeContext): void {
  app.get('/api/occupations/:code/territory/:level/:territoryCode', {
    schema: {
      summary: 'Un métier sur un territoire : tension, chômage, insertion des diplômes qui y mènent',
      description: 'Chaque chiffre porte sa source, son millésime et son niveau géographique ; la tension est donnée ' +
        'au niveau le plus fin publié (bassin BMO, département, région, France).',
      tags: ['marché du travail'],
      params: Type.Object({
        code: Type.String({ pattern: '^[A-Na-n][0-9]{4}$', description: 'code ROME, ex. D1102' }),
        level: Type.Enum([...TERRITORY_LEVELS], { description: 'niveau du territoire' }),
        territoryCode: Type.String({ minLength: 1, maxLength: 10, description: 'code du territoire, ex. 44109 (commune), 44, 52, 5216' }),
      }),
      response: { 200: OccupationTerritory, 400: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const db = ctx.handle.db;
    const level = request.params.level as TerritoryLevel;
    const code = request.params.code.toUpperCase();
    const territoryCode = request.params.territoryCode.trim().toUpperCase();
    const form = CODE_FORMS[level];
    if (!form.pattern.test(territoryCode)) {
      throw new InputError('territoryCode', `paramètre de chemin « territoryCode » invalide : ${form.hint}`);
    }
    const fiche = await db.selectFrom('rome_fiche').select(['code', 'label', 'rome_v3_parent']).where('code', '=', code).executeTakeFirst();
    if (!fiche) throw new NotFoundError(`Fiche ROME inconnue : ${code}`, 'code');
    const territory = await resolveTerritory(db, level, territoryCode);
    if (!territory) throw new NotFoundError(UNKNOWN[level](territoryCode), 'territoryCode');

    const region = territory.region?.code;
    const departement = territory.departement?.code;
    const [tension, chomageDep, chomageReg, insertion] = [
      await tensionForRome(db, code, { region, departement, bassin: territory.bassinBmo?.code }),
      departement ? await unemployment(db, { departement }) : null,
      region ? await unemployment(db, { region }) : null,
      region ? await outcomesForRome(db, code, region) : { certifications: 0, sansDonnees: 0, items: [] },
    ];
    // Trainings leading to the occupation: around a commune, else within the territory's départements.
    const where: TrainingQuery = level === 'commune'
      ? { near: { commune: territory.code }, radiusKm: 30, sort: 'distance' }
      : { departements: await departementsOf(db, level, territory), sort: 'start' };
    const nearby = await searchTrainings(db, { rome: code, pageSize: 5, ...where });
    const notes = [...territory.notes];
    if (!tension.dares.length) notes.push(`Aucun indicateur de tension DARES pour ce métier (pas de famille professionnelle FAP liée au code ROME ${code}).`);
    if (tension.via === 'rome_v3_parent') notes.push(`Les indicateurs sont ceux du code ROME v3 ${tension.romeV3}, dont la fiche ${code} est issue.`);
    if (territory.bassinBmo && !tension.bassin) notes.push(`Pas d’indicateur de tension publié pour ce métier dans le bassin ${territory.bassinBmo.name}.`);
    if (level === 'commune' && !territory.bassinBmo) notes.push('Bassin BMO de la commune inconnu : pas d’indicateur par bassin.');
    return {
      occupation: { code: fiche.code, label: fiche.label, romeV3Parent: fiche.rome_v3_parent },
      territory: {
        level, code: territory.code, name: territory.name, departement: territory.departement, region: territory.region,
        bassinBmo: territory.bassinBmo, zoneEmploi: territory.zoneEmploi,
      },
      tension: { romeV3: tension.romeV3, via: tension.via, fap: tension.fap, dares: tension.dares, bassin: tension.bassin, scales: TENSION_SCALES },
      chomage: { departement: chomageDep, region: chomageReg },
      insertion: { certifications: insertion.certifications, sansDonnees: insertion.sansDonnees, items: insertion.items },
      formationsProches: { total: nearby.total, items: nearby.results },
      notes,
    };
  });
}

async function departementsOf(db: ServeContext['handle']['db'], level: TerritoryLevel, territory: { departement?: { code: string } | null; region?: { code: string } | null }): Promise<string[]> {
  if (level !== 'region' && territory.departement) return [territory.departement.code];
  if (!territory.region) return [];
  const rows = await db.selectFrom('departement').select('code').where('region', '=', territory.region.code).execute();
  return rows.map((r) => r.code);
}
