/** `GET /api/trainings`: the training offer search (see search.ts). */
import { Type } from 'typebox';
import type { App, ServeContext } from '../platform/http/app.ts';
import { searchTrainings, TRAINING_SORTS } from './search.ts';
import { parseTrainingParams } from './search/params.ts';
import { safeJson } from './json.ts';
import { registerTrainingMapRoutes } from './map-routes.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Facet = Type.Array(Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() }));

const Hit = Type.Object({
  source: Type.String({ description: 'source LHEO (fichier importé)' }),
  formation: Type.String({ description: 'identifiant LHEO de l’offre dans sa source' }),
  intitule: Type.String(),
  organisme: Type.Object({ siret: Type.String(), nom: Type.String() }),
  lieu: Type.Union([Type.Null(), Type.Object({
    ville: Nullable(Type.String()), codePostal: Nullable(Type.String()), commune: Nullable(Type.String()),
    departement: Nullable(Type.String()), lat: Type.Union([Type.Number(), Type.Null()]), lon: Type.Union([Type.Number(), Type.Null()]),
    distanceKm: Type.Union([Type.Number(), Type.Null()]),
  })]),
  sessions: Type.Array(Type.Object({
    action: Type.String(), session: Type.String(), debut: Nullable(Type.String()), fin: Nullable(Type.String()), ville: Nullable(Type.String()),
  })),
  certification: Type.Union([Type.Null(), Type.Object({
    rncp: Nullable(Type.String()), rs: Nullable(Type.String()), certifinfo: Nullable(Type.String()), label: Nullable(Type.String()),
  })]),
  niveau: Type.Union([Type.Null(), Type.Object({ value: Type.Integer(), label: Type.String() })]),
  modalites: Type.Array(Type.String()),
  eligibleCpf: Type.Boolean(),
  tauxEmploi: Type.Optional(Type.Union([Type.Null(), Type.Object({
    taux: Type.Number(), indicateur: Type.String(), millesime: Type.String(), voie: Type.String(), region: Type.String(), source: Type.String(),
  })])),
  why: Type.Array(Type.String(), { description: 'pourquoi l’offre répond, en français' }),
  demo: Type.Boolean({ description: 'données de démonstration, pas une offre réelle' }),
});

const Response = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pages: Type.Integer(),
  sort: Type.String(),
  near: Type.Union([Type.Null(), Type.Object({
    label: Type.String(), commune: Nullable(Type.String()), lat: Type.Number(), lon: Type.Number(), radiusKm: Type.Number(),
  })]),
  results: Type.Array(Hit),
  facets: Type.Object({ niveau: Facet, modalite: Facet, cpf: Facet, financeur: Facet, departement: Facet }),
  notes: Type.Array(Type.String()),
});

const Query = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'texte libre (accents, pluriels, mots de la même famille et fautes de frappe tolérés)' })),
  near: Type.Optional(Type.String({ maxLength: 40, description: 'code INSEE ou code postal d’une commune, ou position « lat,lon »' })),
  radiusKm: Type.Optional(Type.Number({ minimum: 1, maximum: 200, description: 'rayon autour de near, en km (30 par défaut)' })),
  rome: Type.Optional(Type.String({ maxLength: 10, description: 'code ROME (domaines de l’offre et certifications reliées)' })),
  certification: Type.Optional(Type.String({ maxLength: 20, description: 'code RNCP (RNCP34502), RS (RS5668) ou Certif Info' })),
  niveau: Type.Optional(Type.String({ maxLength: 20, description: 'niveaux de sortie 1 à 8, séparés par des virgules' })),
  modalites: Type.Optional(Type.String({ maxLength: 40, description: 'presentiel, mixte, distance (séparés par des virgules)' })),
  cpf: Type.Optional(Type.Boolean({ description: 'éligibilité au CPF' })),
  financeurs: Type.Optional(Type.String({ maxLength: 60, description: 'codes de la table LHEO dict-financeurs' })),
  departements: Type.Optional(Type.String({ maxLength: 60, description: 'codes de département des lieux de formation' })),
  startFrom: Type.Optional(Type.String({ maxLength: 10, description: 'sessions commençant à partir du (AAAA-MM-JJ)' })),
  startTo: Type.Optional(Type.String({ maxLength: 10, description: 'sessions commençant au plus tard le (AAAA-MM-JJ)' })),
  sort: Type.Optional(Type.Union(TRAINING_SORTS.map((s) => Type.Literal(s)), { description: 'relevance (texte), distance (near), start, employment (taux d’emploi InserJeunes)' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

export function registerTrainingSearchRoutes(app: App, ctx: ServeContext): void {
  registerTrainingMapRoutes(app, ctx);
  app.get('/api/trainings', {
    schema: {
      summary: 'Recherche dans l’offre de formation',
      description: 'Texte libre, rayon autour d’une commune ou d’une position, code ROME, certification, niveau, '
        + 'modalités, éligibilité CPF, financeurs, départements, fenêtre de début ; facettes avec effectifs ; '
        + 'chaque résultat dit pourquoi il répond et à quelle distance il se trouve.',
      tags: ['formations'],
      querystring: Query,
      response: { 200: Response },
    },
  }, async (request, reply) => {
    const result = await searchTrainings(ctx.handle.db, parseTrainingParams(request.query));
    // Offer texts are stored as given: <, > and & leave as \u escapes (see search/output.ts).
    return reply.type('application/json; charset=utf-8').serializer((payload) => safeJson(payload, 0)).send(result);
  });
}
