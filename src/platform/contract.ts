/**
 * The platform's own HTTP contract (service health, imported files): the routes' TypeBox schemas
 * and their static types. The server (src/app/server.ts) registers them from `platformRoutes`;
 * the portal reads it as types only.
 */
import { Type, type Static } from 'typebox';
import type { RouteTable } from './http/route-contract.ts';

export const Health = Type.Object({
  status: Type.Literal('ok'),
  database: Type.String(),
  sampleData: Type.Boolean(),
  lastImport: Type.Union([Type.String(), Type.Null()]),
});
export type Health = Static<typeof Health>;

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
