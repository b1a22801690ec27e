/**
 * « Indicateurs de pilotage » (/pilotage/indicateurs): one indicator at a time for every territory
 * of a scale (a GET form: scale and indicator, works without JavaScript), each value with its
 * evolution and whether it is published or estimated; then every indicator's definition (formula,
 * unit, direction of good, sources, vintage, how finer scales are computed) and the ones that have
 * no data yet with the source that would feed them.
 */
import { Link, useLoaderData } from 'react-router';
import { apiError, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ScrollTable } from '../../components/training.tsx';
import {
  REPORT_LEVELS,
  directionText,
  evolutionOf,
  formatValue,
  askedScale,
  sourcesText,
} from '../../components/pilotage/report-format.ts';
import trainingsCss from '../../styles/trainings.css?url';
import reportCss from '../../styles/pilotage-rapport.css?url';
import indicatorsCss from '../../styles/pilotage-indicateurs.css?url';

export const links = () => [
  { rel: 'stylesheet', href: trainingsCss },
  { rel: 'stylesheet', href: reportCss },
  { rel: 'stylesheet', href: indicatorsCss },
];

export async function loader({ request, context }: LoaderArgs) {
  const sp = new URL(request.url).searchParams;
  const level = askedScale(sp.get('echelle'));
  const res = await context.api.get('/api/v1/steering/indicators/:level', { params: { level }, query: { region: theme.regionCode } });
  const error = apiError(res);
  if (error || res.status !== 200) return { level, indicator: null, answer: null, error: error?.message ?? 'Le service ne répond pas.' };
  const calculated = res.body.definitions.filter((d) => d.status === 'calcule');
  const indicator = calculated.find((d) => d.id === sp.get('indicateur'))?.id ?? calculated[0]?.id ?? null;
  return { level, indicator, answer: res.body, error: null };
}

export function meta({ data }: { data?: Awaited<ReturnType<typeof loader>> }) {
  const label = data?.answer?.definitions.find((d) => d.id === data.indicator)?.label;
  const level = REPORT_LEVELS.find((l) => l.level === data?.level)?.plural;
  return [{ title: `Indicateurs de pilotage${label ? ` : ${label}, ${level}` : ''} – ${theme.name}` }];
}

export default function IndicatorsPage() {
  const { level, indicator, answer, error } = useLoaderData<typeof loader>();
  const index = answer ? answer.definitions.findIndex((d) => d.id === indicator) : -1;
  const definition = answer && index >= 0 ? answer.definitions[index] : null;
  const calculated = answer?.definitions.filter((d) => d.status === 'calcule') ?? [];
  const missing = answer?.definitions.filter((d) => d.status !== 'calcule') ?? [];
  const levelName = REPORT_LEVELS.find((l) => l.level === level);
  const rows =
    answer && definition
      ? answer.territories
          .map((t) => ({ territory: t, value: t.values[index] }))
          .sort((a, b) => (b.value.value ?? Number.NEGATIVE_INFINITY) - (a.value.value ?? Number.NEGATIVE_INFINITY))
      : [];
  return (
    <div className="pilotage-indicateurs">
      <h1>Indicateurs de pilotage</h1>
      <p>
        Les indicateurs prioritaires de la stratégie, à l’échelle de la région, des départements, des zones d’emploi, des bassins d’emploi,
        des EPCI et des territoires CLPE. Chaque territoire est un ensemble de communes entières : ses valeurs sont calculées à partir de
        celles de ses communes. Pour un territoire, tous les indicateurs réunis :{' '}
        <Link to="/pilotage/rapport">les rapports d’évaluation annuelle</Link>.
      </p>
      <form method="get" action="/pilotage/indicateurs" aria-label="Choisir l’échelle et l’indicateur" className="training-search">
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
            <label htmlFor="indicateur">Indicateur</label>
            <select id="indicateur" name="indicateur" defaultValue={indicator ?? undefined}>
              {calculated.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" className="button">
          Afficher
        </button>
      </form>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {answer && definition ? (
        <section aria-labelledby="valeurs">
          <h2 id="valeurs">
            {definition.label} — {levelName?.plural ?? level}
          </h2>
          <p>
            {definition.formula}. Millésime {definition.vintage}
            {definition.previousVintage ? `, comparé à ${definition.previousVintage}` : ''} ; {directionText(definition.direction)}. Source
            : {sourcesText(definition)}.
          </p>
          <ScrollTable
            id="valeurs-table"
            caption={`${definition.label}, ${levelName?.plural ?? level} (${rows.length}), de la plus forte à la plus faible valeur`}
          >
            <thead>
              <tr>
                <th scope="col">Territoire</th>
                <th scope="col">Valeur</th>
                <th scope="col">Évolution</th>
                <th scope="col">Publiée ou estimée</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ territory: t, value: v }) => (
                <tr key={t.code}>
                  <th scope="row">
                    <Link to={`/pilotage/rapport/${level}/${encodeURIComponent(t.code)}`}>{t.name}</Link>
                  </th>
                  <td>{v.value === null ? 'n.d.' : formatValue(v.value, definition.unit)}</td>
                  <td>{evolutionOf(definition, v)?.text ?? '—'}</td>
                  <td>{v.value === null ? (v.note ?? '') : v.estimated ? 'estimée' : 'publiée'}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          {answer.notes.length ? (
            <ul className="hint">
              {answer.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      {answer ? (
        <section aria-labelledby="definitions">
          <h2 id="definitions">Définitions des {calculated.length} indicateurs calculés</h2>
          <dl className="report-definitions">
            {calculated.map((d) => (
              <div key={d.id}>
                <dt>{d.label}</dt>
                <dd>
                  {d.formula}. {directionText(d.direction)[0].toUpperCase() + directionText(d.direction).slice(1)}. Millésime {d.vintage}
                  {d.previousVintage ? ` (évolution depuis ${d.previousVintage})` : ''}. {d.method[0].toUpperCase() + d.method.slice(1)}.
                  Source : {sourcesText(d)}.
                </dd>
              </div>
            ))}
          </dl>
          {missing.length ? (
            <>
              <h2>Pas encore de données</h2>
              <ul>
                {missing.map((d) => (
                  <li key={d.id}>
                    <strong>{d.label}</strong> : {d.missing}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
