/**
 * « Rapports d’évaluation annuelle » (/pilotage/rapport): choose a scale and a territory (a GET
 * form: without JavaScript, choosing the scale lists its territories, choosing the territory opens
 * its report), the territories of the scale as links, and « Données ouvertes »: every indicator of
 * every territory of each scale as CSV, JSON and GeoJSON, with the licence.
 */
import { redirect, useLoaderData } from 'react-router';
import { apiError, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { REPORT_LEVELS, askedScale } from '../../components/pilotage/report-format.ts';
import reportCss from '../../styles/pilotage-rapport.css?url';
import trainingsCss from '../../styles/trainings.css?url';

export const links = () => [
  { rel: 'stylesheet', href: trainingsCss },
  { rel: 'stylesheet', href: reportCss },
];

export async function loader({ request, context }: LoaderArgs) {
  const sp = new URL(request.url).searchParams;
  const level = askedScale(sp.get('echelle'));
  const chosen = sp.get('territoire') ?? '';
  const res = await context.api.get('/api/v1/steering/indicators/:level', { params: { level }, query: { region: theme.regionCode } });
  const error = apiError(res);
  const territories =
    res.status === 200
      ? res.body.territories.map((t) => ({ code: t.code, name: t.name })).sort((a, b) => a.name.localeCompare(b.name, 'fr'))
      : [];
  if (chosen && territories.some((t) => t.code === chosen)) throw redirect(`/pilotage/rapport/${level}/${encodeURIComponent(chosen)}`);
  return {
    level,
    territories,
    unknown:
      chosen && territories.length
        ? `Le territoire « ${chosen} » n’appartient pas à cette échelle : choisissez-en un dans la liste.`
        : null,
    error: error ? error.message : null,
  };
}

export function meta() {
  return [{ title: `Rapports d’évaluation annuelle – ${theme.name}` }];
}

const openData = (level: string, format: 'csv' | 'json' | 'geojson') =>
  `/api/v1/steering/open-data/indicators.${format}?${new URLSearchParams({ level, region: theme.regionCode })}`;

export default function ReportChoicePage() {
  const { level, territories, unknown, error } = useLoaderData<typeof loader>();
  const levelName = REPORT_LEVELS.find((l) => l.level === level);
  return (
    <>
      <h1>Rapports d’évaluation annuelle</h1>
      <p>
        Un rapport par territoire de chaque échelle : chaque indicateur de pilotage avec sa valeur, sa source, son millésime, son évolution
        et la comparaison avec le département et la région ; imprimable et téléchargeable en PDF.
      </p>
      <form method="get" action="/pilotage/rapport" aria-label="Choisir un territoire" className="training-search">
        <div className="search-grid">
          <div className="field field-wide">
            <label htmlFor="echelle">Échelle</label>
            <select id="echelle" name="echelle" defaultValue={level}>
              {REPORT_LEVELS.map((l) => (
                <option key={l.level} value={l.level}>
                  {l.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-wide">
            <label htmlFor="territoire">
              Territoire<span className="hint">Parmi {levelName?.plural} ; changer d’échelle met la liste à jour</span>
            </label>
            <select id="territoire" name="territoire" defaultValue="">
              <option value="">Choisir…</option>
              {territories.map((t) => (
                <option key={t.code} value={t.code}>
                  {t.name} ({t.code})
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" className="button">
          Voir le rapport
        </button>
      </form>
      {error || unknown ? (
        <p className="field-error" role="alert">
          {error ?? unknown}
        </p>
      ) : null}

      <section aria-labelledby="territoires">
        <h2 id="territoires">
          {territories.length} rapports : {levelName?.plural}
        </h2>
        <ul className="report-territories">
          {territories.map((t) => (
            <li key={t.code}>
              <a href={`/pilotage/rapport/${level}/${encodeURIComponent(t.code)}`}>
                {t.name} ({t.code})
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="donnees-ouvertes">
        <h2 id="donnees-ouvertes">Données ouvertes</h2>
        <p>
          Tous les indicateurs de chaque territoire d’une échelle, une ligne par territoire et par indicateur : code et nom du territoire,
          échelle, identifiant et libellé de l’indicateur, valeur, unité, millésime, valeur précédente, source, valeur estimée ou publiée,
          note. Le CSV est en UTF-8 avec BOM (il s’ouvre tel quel dans un tableur), séparateur virgule et point décimal. Le GeoJSON porte un
          objet par territoire, ses valeurs en propriétés : le contour du département pour les départements, les contours des départements
          réunis pour la région, sinon un point (centre des communes pondéré par leur population).
        </p>
        <p>
          Licence : les indicateurs calculés par {theme.name} sont publiés sous{' '}
          <a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/">Licence Ouverte / Open Licence 2.0</a> (réutilisation libre, en
          citant la source) ; les données d’origine gardent la licence de leur producteur, nommé dans la colonne « source ».
        </p>
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="fichiers-titre">
          <table>
            <caption id="fichiers-titre">Fichiers par échelle</caption>
            <thead>
              <tr>
                <th scope="col">Échelle</th>
                <th scope="col">CSV</th>
                <th scope="col">JSON</th>
                <th scope="col">GeoJSON</th>
              </tr>
            </thead>
            <tbody>
              {REPORT_LEVELS.map((l) => (
                <tr key={l.level}>
                  <th scope="row">{l.label}</th>
                  <td>
                    <a href={openData(l.level, 'csv')}>
                      CSV<span className="visually-hidden"> des indicateurs : {l.plural}</span>
                    </a>
                  </td>
                  <td>
                    <a href={openData(l.level, 'json')}>
                      JSON<span className="visually-hidden"> des indicateurs : {l.plural}</span>
                    </a>
                  </td>
                  <td>
                    <a href={openData(l.level, 'geojson')}>
                      GeoJSON<span className="visually-hidden"> des indicateurs : {l.plural}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
