/**
 * Territory portrait (/territoires/:level/:code): population, unemployment, occupations in
 * tension, most sought occupations, training offer — each figure with its source and vintage.
 * Bars are drawn in CSS inside the tables that carry the figures (the table is the chart's text).
 */
import { useLoaderData } from 'react-router';
import type { TerritoryPortrait } from '../../src/views/contract.ts';
import { notFoundUnless, type LoaderArgs } from '../api.ts';
import { theme } from '../theme.ts';
import { countOf, frenchNumber } from '../../src/common/format.ts';
import { ScrollTable, TrainingCard } from '../components/training.tsx';
import { latestYear } from '../components/figures.tsx';
import { MapBlock } from '../components/map/MapBlock.tsx';
import trainingsCss from '../styles/trainings.css?url';

export const links = () => [{ rel: 'stylesheet', href: trainingsCss }];

export async function loader({ params, context }: LoaderArgs) {
  const level = params.level ?? '';
  const code = params.code ?? '';
  const res = await context.api.get('/api/v1/territories/:level/:code/portrait', { params: { level, code } });
  if (res.status === 400) throw new Response(`Territoire inconnu : ${level} ${code}`, { status: 404, statusText: 'Territoire inconnu' });
  return notFoundUnless(res, `Aucun territoire ne porte le code « ${code} » (${level}).`);
}

export function meta({ data }: { data?: TerritoryPortrait }) {
  return [
    {
      title: data
        ? `${data.territory.name} (${data.territory.levelName}) : portrait – ${theme.name}`
        : `Territoire introuvable – ${theme.name}`,
    },
  ];
}

const fr = frenchNumber;
/** "Source, year" without repeating a year the source name already carries; the figures shown are the latest imported. */
const cite = (f: { source: string; vintage: string }) =>
  f.source.includes(f.vintage) ? `${f.source} (dernière année disponible)` : `${f.source}, ${latestYear(f.vintage)}`;

function Bar({ value, max }: { value: number; max: number }) {
  const pct = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return (
    <span className="bar-track" aria-hidden="true">
      <span className="bar" style={{ width: `${pct}%` }} />
    </span>
  );
}

export default function TerritoryPortraitPage() {
  const p = useLoaderData<typeof loader>();
  const t = p.territory;
  const dep = p.chomage.departement;
  const reg = p.chomage.region;
  const series = dep?.series.length ? dep : reg;
  const seriesMax = Math.max(...(series?.series.map((s) => s.taux) ?? [0]));
  const soughtMax = Math.max(0, ...p.metiersRecherches.items.map((i) => i.offres));
  const search = new URLSearchParams(
    p.formations.search.departements ? { departement: p.formations.search.departements } : p.formations.search,
  );
  const parents = [
    t.epci && t.level !== 'epci' ? { level: 'epci', ...t.epci, label: 'Intercommunalité' } : null,
    t.zoneEmploi && t.level !== 'zone-emploi' ? { level: 'zone-emploi', ...t.zoneEmploi, label: 'Zone d’emploi' } : null,
    t.bassinBmo && t.level !== 'bassin' ? { level: 'bassin', ...t.bassinBmo, label: 'Bassin d’emploi' } : null,
    t.departement && t.level !== 'departement' ? { level: 'departement', ...t.departement, label: 'Département' } : null,
    t.region && t.level !== 'region' ? { level: 'region', ...t.region, label: 'Région' } : null,
  ].filter((x): x is NonNullable<typeof x> => x !== null);
  const f = p.formations.search;
  const mapPoints = f.departements
    ? `/api/v1/trainings/places?departements=${f.departements}`
    : f.commune
      ? `/api/v1/trainings/places?near=${f.commune}&radiusKm=${f.rayon}`
      : null;
  const depCode = t.departement?.code;
  const mapShapes =
    t.level === 'region' || !depCode
      ? '/api/v1/territories/shapes?level=departement'
      : `/api/v1/territories/shapes?level=commune&departement=${depCode}`;
  const demoTrainings = p.formations.items.some((h) => h.demo);
  return (
    <article>
      <p className="source">
        <a href="/territoires">Choisir un autre territoire</a>
      </p>
      <h1>
        {t.name}{' '}
        <span className="source">
          ({t.levelName}
          {t.level !== 'commune' ? `, ${fr(t.communes)} commune${t.communes > 1 ? 's' : ''}` : ''})
        </span>
      </h1>
      {parents.length ? (
        <nav aria-label="Territoires englobants" className="source">
          <ul className="footer-links">
            {parents.map((x) => (
              <li key={x.level}>
                {x.label} : <a href={`/territoires/${x.level}/${encodeURIComponent(x.code)}`}>{x.name}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}

      <section aria-labelledby="chiffres">
        <h2 id="chiffres">Chiffres clés</h2>
        <ul className="figures">
          <li className="card">
            <p>Population</p>
            <p className="figure">{p.population ? `${fr(p.population.value)} habitants` : 'inconnue'}</p>
            {p.population ? (
              <p className="source">
                {p.population.source}, {p.population.vintage}
              </p>
            ) : null}
          </li>
          {dep?.latest ? (
            <li className="card">
              <p>Taux de chômage du département {t.departement?.name}</p>
              <p className="figure">{fr(dep.latest.taux, 1)} %</p>
              <p className="source">
                {dep.latest.source}, {latestYear(dep.latest.vintage)}
              </p>
            </li>
          ) : null}
          {reg?.latest ? (
            <li className="card">
              <p>Taux de chômage de la région {t.region?.name}</p>
              <p className="figure">{fr(reg.latest.taux, 1)} %</p>
              <p className="source">
                {reg.latest.source}, {latestYear(reg.latest.vintage)}
              </p>
            </li>
          ) : null}
        </ul>
        {series?.series.length ? (
          <ScrollTable
            id="chomage"
            caption={`Évolution du taux de chômage – ${series === dep ? `département ${t.departement?.name}` : `région ${t.region?.name}`} (${series.series[0].source})`}
          >
            <thead>
              <tr>
                <th scope="col">Année</th>
                <th scope="col">Taux de chômage</th>
                <th scope="col">
                  <span className="visually-hidden">Représentation</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {series.series.map((s) => (
                <tr key={s.vintage}>
                  <th scope="row">{s.vintage}</th>
                  <td>{fr(s.taux, 1)} %</td>
                  <td>
                    <Bar value={s.taux} max={seriesMax} />
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        ) : null}
      </section>

      <section aria-labelledby="tensions">
        <h2 id="tensions">Métiers en tension</h2>
        {p.tensions.items.length ? (
          <>
            <p>
              Les métiers où les recrutements sont les plus difficiles, {p.tensions.level ? `au niveau du ${p.tensions.level}` : ''} (le
              niveau le plus fin publié).
            </p>
            <ScrollTable id="tableau-tensions" caption={`Métiers les plus en tension – ${cite(p.tensions.items[0])}`}>
              <thead>
                <tr>
                  <th scope="col">Métier</th>
                  <th scope="col">{p.tensions.items[0].kind === 'rome' ? 'Tension (1 à 5)' : 'Indicateur de tension'}</th>
                  {p.tensions.items[0].kind === 'rome' ? <th scope="col">Offres d’emploi</th> : <th scope="col">Classe de tension</th>}
                </tr>
              </thead>
              <tbody>
                {p.tensions.items.map((i) => (
                  <tr key={i.code}>
                    <th scope="row">
                      {i.kind === 'rome' && i.occupations[0] ? (
                        <a href={`/metiers/${i.code}`}>{i.label}</a>
                      ) : i.occupations.length ? (
                        i.occupations.slice(0, 3).map((o, n) => (
                          <span key={o.code}>
                            {n ? ', ' : ''}
                            <a href={`/metiers/${o.code}`}>{o.label}</a>
                          </span>
                        ))
                      ) : (
                        i.label
                      )}
                      {i.kind === 'fap' && i.occupations.length > 3 ? ` et ${countOf(i.occupations.length - 3, 'autre')}` : ''}
                    </th>
                    <td>{i.tension === null ? 'non publié' : fr(i.tension, 2)}</td>
                    <td>
                      {i.kind === 'rome'
                        ? i.offres === null
                          ? 'non publié'
                          : fr(i.offres)
                        : i.categorie
                          ? `${i.categorie} sur 5`
                          : 'non publiée'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
            <p className="source">{p.tensions.scale}</p>
          </>
        ) : (
          <p>Aucun indicateur de tension publié pour ce territoire.</p>
        )}
      </section>

      <section aria-labelledby="recherches">
        <h2 id="recherches">Métiers les plus recherchés</h2>
        {p.metiersRecherches.items.length ? (
          <>
            {p.metiersRecherches.note ? <p>{p.metiersRecherches.note}</p> : null}
            <ScrollTable id="tableau-recherches" caption={`Offres d’emploi par métier – ${cite(p.metiersRecherches.items[0])}`}>
              <thead>
                <tr>
                  <th scope="col">Métier</th>
                  <th scope="col">Offres d’emploi</th>
                  <th scope="col">Demandeurs d’emploi</th>
                  <th scope="col">
                    <span className="visually-hidden">Représentation des offres</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.metiersRecherches.items.map((i) => (
                  <tr key={i.rome}>
                    <th scope="row">
                      <a href={`/metiers/${i.rome}`}>{i.label}</a>
                    </th>
                    <td>{fr(i.offres)}</td>
                    <td>{i.demandeurs === null ? 'non publié' : fr(i.demandeurs)}</td>
                    <td>
                      <Bar value={i.offres} max={soughtMax} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
            <p className="source">
              Offres d’emploi enregistrées et demandeurs d’emploi (catégories A, B, C), moyennes annuelles par bassin d’emploi BMO.
            </p>
          </>
        ) : (
          <p>{p.metiersRecherches.note ?? 'Pas de chiffre publié pour ce territoire.'}</p>
        )}
      </section>

      <section aria-labelledby="formations">
        <h2 id="formations">Offre de formation</h2>
        <p>
          <strong>
            {fr(p.formations.total)} formation{p.formations.total > 1 ? 's' : ''}
          </strong>{' '}
          {p.formations.where}.
        </p>
        {demoTrainings ? <p className="notice-inline notice-demo">Les offres marquées « démonstration » sont fictives.</p> : null}
        {p.formations.total > 0 && mapPoints ? (
          <MapBlock
            label={`Carte des lieux de formation ${p.formations.where}`}
            points={mapPoints}
            shapes={mapShapes}
            listId="formations-territoire"
          />
        ) : null}
        {p.formations.items.length ? (
          <ul className="card-list" id="formations-territoire">
            {p.formations.items.map((h) => (
              <TrainingCard key={`${h.source}/${h.formation}`} hit={h} />
            ))}
          </ul>
        ) : null}
        {p.formations.total > 0 ? (
          <p>
            <a href={`/formations?${search}`}>Voir les {fr(p.formations.total)} formations</a>
          </p>
        ) : null}
      </section>

      {p.notes.length ? (
        <section aria-labelledby="notes">
          <h2 id="notes">À savoir</h2>
          <ul>
            {p.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
