/**
 * The platform's own HTTP contract (service health, imported files): the routes' TypeBox schemas
 * and their static types. The server (src/app/server.ts) registers them from `platformRoutes`;
 * the portal reads it as types only.
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, type RouteTable } from './http/route-contract.ts';

export const Health = Type.Object({
  status: Type.Literal('ok'),
  database: Type.String(),
  sampleData: Type.Boolean(),
  lastImport: Type.Union([Type.String(), Type.Null()]),
});
export type Health = Static<typeof Health>;

export const Liveness = Type.Object({
  status: Type.Literal('ok'),
  uptimeSeconds: Type.Number({ description: 'secondes depuis le démarrage du processus' }),
});
export type Liveness = Static<typeof Liveness>;

export const Readiness = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('postgresql'), Type.Literal('pglite')]),
  databaseMs: Type.Integer({ description: 'durée du SELECT 1, en millisecondes' }),
});
export type Readiness = Static<typeof Readiness>;

export const ImportedFiles = Type.Object({
  sampleData: Type.Boolean({ description: 'données d’exemple intégrées plutôt que données officielles' }),
  lastImport: Type.Union([Type.String(), Type.Null()]),
  files: Type.Array(
    Type.Object({
      source: Type.String({ description: 'importeur (rome, esco, certifications, marche-travail, lheo…)' }),
      file: Type.String({ description: 'chemin du fichier dans le lot' }),
      version: Type.String({ description: 'version ou millésime lu dans le fichier' }),
      importedAt: Type.String(),
      rowsRead: Type.Integer(),
      rejected: Type.Integer(),
    }),
  ),
});
export type ImportedFiles = Static<typeof ImportedFiles>;

export const platformRoutes = {
  health: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/health',
    schema: {
      summary: 'État du service',
      tags: ['plateforme'],
      response: { 200: Health },
    },
  },
  live: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/health/live',
    schema: {
      summary: 'Le processus répond (sonde de vie)',
      description: 'Toujours 200 tant que le processus répond ; ne lit pas la base.',
      tags: ['plateforme'],
      response: { 200: Liveness },
    },
  },
  ready: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/health/ready',
    schema: {
      summary: 'Le service peut répondre (sonde de disponibilité)',
      description:
        'Vérifie que la base répond à un SELECT 1 en moins de 2 s et que les index en mémoire sont construits ; sinon 503 (problème en français).',
      tags: ['plateforme'],
      response: { 200: Readiness, 503: ErrorBody },
    },
  },
  sources: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/sources',
    schema: {
      summary: 'Fichiers de données importés : source, version, date d’import, lignes',
      description: 'Le dernier import de chaque fichier (portail : page « Sources des données »).',
      tags: ['plateforme'],
      response: { 200: ImportedFiles },
    },
  },
} as const satisfies RouteTable;
