/** GET /api/territories/{level}/{code}/portrait (see portrait.ts). */
import { Type, type TSchema } from 'typebox';
import type { App, ServeContext } from '../platform/http/app.ts';
import { InputError, NotFoundError } from '../platform/errors.ts';
import { safeJson } from '../trainings/index.ts';
import { PORTRAIT_CODE_FORMS, PORTRAIT_LEVELS, territoryPortrait, type PortraitLevel } from './portrait.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Named = Type.Object({ code: Type.String(), name: Type.String() });
const provenance = {
  source: Type.String({ description: 'producteur et publication' }),
  vintage: Type.String({ description: 'année ou millésime' }),
  geoLevel: Type.String({ description: 'niveau géographique du chiffre' }),
  geoCode: Type.String({ description: 'code du territoire du chiffre' }),
};
const UnemploymentFigure = Type.Object({ ...provenance, taux: Type.Number(), label: Nullable(Type.String()) });
const Unemployment = Nullable(Type.Object({ latest: Nullable(UnemploymentFigure), series: Type.Array(UnemploymentFigure) }));

const Portrait = Type.Object({
  territory: Type.Object({
    level: Type.String(), levelName: Type.String(), code: Type.String(), name: Type.String(),
    departement: Nullable(Named), region: Nullable(Named), bassinBmo: Nullable(Named), zoneEmploi: Nullable(Named), epci: Nullable(Named),
    communes: Type.Integer({ description: 'nombre de communes' }),
    centre: Nullable(Type.Object({ code: Type.String(), name: Type.String(), lat: Type.Number(), lon: Type.Number() })),
  }),
  population: Nullable(Type.Object({ ...provenance, value: Type.Integer(), communes: Type.Integer(), communesSansPopulation: Type.Integer() })),
  chomage: Type.Object({ departement: Unemployment, region: Unemployment }),
  tensions: Type.Object({
    level: Type.String({ description: 'territoire des indicateurs (le plus fin publié)' }),
    scale: Type.String({ description: 'comment lire les valeurs' }),
    items: Type.Array(Type.Object({
      ...provenance,
      code: Type.String(), kind: Type.Union([Type.Literal('rome'), Type.Literal('fap')]), label: Type.String(),
      occupations: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
      tension: Nullable(Type.Number()), categorie: Nullable(Type.Integer()), offres: Nullable(Type.Integer()), demandeurs: Nullable(Type.Number()),
    })),
  }),
  metiersRecherches: Type.Object({
    bassins: Type.Array(Named),
    note: Nullable(Type.String()),
    items: Type.Array(Type.Object({ ...provenance, rome: Type.String(), label: Type.String(), offres: Type.Integer(), demandeurs: Nullable(Type.Integer()) })),
  }),
  formations: Type.Object({
    total: Type.Integer(), where: Type.String(),
    search: Type.Record(Type.String(), Type.String(), { description: 'paramètres de la page de recherche de formations' }),
    items: Type.Array(Type.Unknown(), { description: 'les 5 premières, comme GET /api/trainings' }),
  }),
  notes: Type.Array(Type.String()),
});

export function registerPortraitRoutes(app: App, ctx: ServeContext): void {
  app.get('/api/territories/:level/:code/portrait', {
    schema: {
      summary: 'Portrait d’un territoire : population, chômage, métiers en tension, métiers recherchés, offre de formation',
      description: 'Chaque chiffre porte sa source, son millésime et son niveau géographique ; les tensions sont données au niveau le plus fin publié ' +
        '(bassin BMO, sinon département, sinon région).',
      tags: ['territoires'],
      params: Type.Object({
        level: Type.Enum([...PORTRAIT_LEVELS], { description: 'commune, epci, zone-emploi, bassin, departement ou region' }),
        code: Type.String({ minLength: 1, maxLength: 12, description: 'code officiel : INSEE (commune, département, région), SIREN (EPCI), zone d’emploi, bassin BMO' }),
      }),
      response: { 200: Portrait },
    },
  }, async (request, reply) => {
    const level = request.params.level as PortraitLevel;
    const code = request.params.code.trim().toUpperCase();
    const form = PORTRAIT_CODE_FORMS[level];
    if (!form.pattern.test(code)) throw new InputError('code', `paramètre de chemin « code » invalide : ${form.hint}`);
    const portrait = await territoryPortrait(ctx.handle.db, level, code);
    if (!portrait) throw new NotFoundError(`Territoire inconnu : ${level} ${code}`, 'code');
    // Training texts are stored as given: escaped like the search answers.
    return reply.type('application/json; charset=utf-8').serializer((payload) => safeJson(payload, 0)).send(portrait);
  });
}
