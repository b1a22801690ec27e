/**
 * The catalogue of the bulk exports (GET /api/v1/exports): for each export what a row is, its
 * formats and addresses, its parameters, its size (counted: two aggregate queries) and when its
 * data last changed. The steering indicators' open-data files are listed, served by steering.
 */
import { sql, type Kysely } from 'kysely';
import { dataVersion } from '../platform/import/status.ts';
import { reportRoutes, OPEN_DATA_LICENCE } from '../steering/report-contract.ts';
import { INDICATOR_LEVELS } from '../steering/indicators-contract.ts';
import { exportsRoutes as routes, type ExportCatalogue, type ExportEntry, type ExportFormat } from './exports-contract.ts';
import { MEDIA_TYPES } from './exports-stream.ts';
import { offerRowCounts } from './exports-offers.ts';
import { occupationCount } from './exports-occupations.ts';

// biome-ignore lint/suspicious/noExplicitAny: the app's handle is typed by no schema; these queries are plain SQL
type Db = Kysely<any>;

const format = (f: ExportFormat, url: string) => ({
  format: f,
  mediaType: MEDIA_TYPES[f].split(';')[0],
  url,
});
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export async function exportCatalogue(db: Db, lastImport: Date | null): Promise<ExportCatalogue> {
  const offers = await offerRowCounts(db);
  const occupations = await occupationCount(db);
  // Offers also change by partners' pushes between imports: their last change in the change feed.
  const { rows } = await sql<{ at: Date | null }>`
    SELECT max(at) AS at FROM exchange_change WHERE kind = 'offre-formation'`.execute(db);
  const offersChanged = [rows[0]?.at, lastImport].filter((d): d is Date => Boolean(d)).map((d) => new Date(d).getTime());
  const exports: ExportEntry[] = [
    {
      id: 'offre-formation',
      title: 'Offre de formation',
      description:
        'Les offres de formation publiées (fichiers LHEO importés et flux des partenaires) : organisme, certification, codes ROME et FORMACODE, lieux, sessions.',
      unit: 'CSV, JSON, GeoJSON : une ligne par lieu de formation d’une action ; LHEO 2.3 : une <formation> par offre',
      formats: [
        format('csv', routes.offersCsv.url),
        format('json', routes.offersJson.url),
        format('geojson', routes.offersGeojson.url),
        format('xml', routes.offersXml.url),
      ],
      parameters: [
        { name: 'source', required: false, description: 'seulement les offres de cette source' },
        {
          name: 'departement',
          required: false,
          description: 'seulement les lieux de ce département (code INSEE ; pas pour le LHEO, où une offre garde toutes ses actions)',
        },
      ],
      rows: offers.rows,
      withoutCoordinates: offers.withoutCoordinates,
      updatedAt: offersChanged.length ? new Date(Math.max(...offersChanged)).toISOString() : null,
      licence: 'celle de chaque source (fichiers des Carif-Oref, offres poussées par les partenaires)',
    },
    {
      id: 'metiers',
      title: 'Métiers (ROME 4.0)',
      description:
        'Les fiches métiers du ROME 4.0 : grand domaine, domaine professionnel, appellations, repères (réglementé, cadre, transitions, RIASEC) et métiers ESCO rapprochés.',
      unit: 'une ligne par fiche ROME',
      formats: [format('csv', routes.occupationsCsv.url), format('json', routes.occupationsJson.url)],
      parameters: [],
      rows: occupations,
      updatedAt: iso(lastImport),
      licence: 'ROME : Licence Ouverte / Etalab 2.0 (France Travail) ; correspondances ESCO : Commission européenne',
    },
    {
      id: 'indicateurs',
      title: 'Indicateurs de pilotage',
      description:
        'Tous les indicateurs de pilotage de chaque territoire d’une échelle (région, département, zone d’emploi…), avec leur millésime et leur source.',
      unit: 'CSV, JSON : une ligne par territoire × indicateur ; GeoJSON : un objet par territoire',
      formats: [
        format('csv', reportRoutes.openDataCsv.url),
        format('json', reportRoutes.openDataJson.url),
        format('geojson', reportRoutes.openDataGeojson.url),
      ],
      parameters: [
        { name: 'level', required: true, description: 'échelle des territoires', values: [...INDICATOR_LEVELS] },
        { name: 'division', required: false, description: 'pour l’échelle « division » : le découpage enregistré' },
      ],
      rows: null,
      updatedAt: iso(lastImport),
      licence: OPEN_DATA_LICENCE.name,
    },
  ];
  return { dataVersion: await dataVersion(db), lastImport: iso(lastImport), exports };
}
