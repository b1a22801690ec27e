/**
 * « Évaluation annuelle — <territoire> (<échelle>) » (/pilotage/rapport/:level/:code): every
 * indicator of the territory grouped by theme (value in French with its unit, source, vintage,
 * published or estimated level, evolution with the direction of good in words), the ones without
 * data yet with the source that would feed them, charts drawn on the server (the territory
 * against its département and région, the evolution bars) each with its data table. Printed to
 * PDF by Chromium (GET /api/v1/steering/report/:level/:code.pdf); A4 print styles.
 */
import { Link, useLoaderData } from 'react-router';
import { type LoaderArgs, notFoundUnless } from '../../api.ts';
import { theme } from '../../theme.ts';
import { comparisonSvg, evolutionSvg } from '../../components/pilotage/report-charts.server.ts';
import {
  type ComparisonRow,
  comparisons,
  evolutionRows,
  isReportLevel,
  levelLabel,
  reportThemes,
} from '../../components/pilotage/report-format.ts';
import { ChartFigure, IndicatorBlock, NotYetList } from '../../components/pilotage/report-sections.tsx';
import reportCss from '../../styles/pilotage-rapport.css?url';
import type { Indicators, TerritoryIndicators } from '../../../src/steering/indicators-contract.ts';

export const links = () => [{ rel: 'stylesheet', href: reportCss }];

const EVOLUTION_TITLE = 'Évolution depuis le millésime précédent';

export async function loader({ params, request, context }: LoaderArgs) {
  const level = params.level ?? '';
  const code = params.code ?? '';
  if (!isReportLevel(level) || !/^[0-9A-Za-z_-]{1,40}$/.test(code))
    throw new Response('Territoire introuvable', { status: 404, statusText: 'Territoire introuvable' });
  const sp = new URL(request.url).searchParams;
  const region = /^\d{2}$/.test(sp.get('region') ?? '') ? (sp.get('region') as string) : undefined;
  const division = /^\d{1,9}$/.test(sp.get('decoupage') ?? '') ? Number(sp.get('decoupage')) : undefined;
  const get = (l: Indicators['level'], query: { code?: string; region?: string; division?: number }) =>
    context.api.get('/api/v1/steering/indicators/:level', { params: { level: l }, query });

  const indicators = notFoundUnless(await get(level, { code, region, division }), 'Territoire introuvable');
  const territory = indicators.territories.find((t) => t.code === code);
  if (!territory) throw new Response('Territoire introuvable', { status: 404, statusText: 'Territoire introuvable' });

  // The territories it is compared with, through the same API: its département and its région,
  // or, for the région, its départements.
  const others: { territory: TerritoryIndicators; role: ComparisonRow['role']; definitions: Indicators['definitions'] }[] = [];
  const regionCode = indicators.region.code;
  if (level === 'region') {
    const res = await get('departement', { region: regionCode });
    if (res.status === 200)
      for (const t of res.body.territories) others.push({ territory: t, role: 'departement', definitions: res.body.definitions });
  } else {
    if (level !== 'departement' && territory.departements.length === 1) {
      const res = await get('departement', { code: territory.departements[0], region: regionCode });
      if (res.status === 200 && res.body.territories[0])
        others.push({ territory: res.body.territories[0], role: 'departement', definitions: res.body.definitions });
    }
    const res = await get('region', { code: regionCode, region: regionCode });
    if (res.status === 200 && res.body.territories[0])
      others.push({ territory: res.body.territories[0], role: 'region', definitions: res.body.definitions });
  }

  const { themes, notYet } = reportThemes(indicators, territory);
  const charts = comparisons(indicators, territory, others).map((c) => ({ ...c, svg: comparisonSvg(c) }));
  const evolution = evolutionRows(themes);
  const pdfQuery = new URLSearchParams();
  if (region) pdfQuery.set('region', region);
  if (division) pdfQuery.set('division', String(division));
  const pdf = `/api/v1/steering/report/${level}/${encodeURIComponent(code)}.pdf${pdfQuery.size ? `?${pdfQuery}` : ''}`;
  return {
    level,
    levelName: levelLabel(level),
    territory: {
      code: territory.code,
      name: territory.name,
      population: territory.population,
      communes: territory.communes,
      departements: territory.departements,
    },
    region: indicators.region,
    themes,
    notYet,
    charts,
    evolution: evolution.length ? { rows: evolution, svg: evolutionSvg(evolution, EVOLUTION_TITLE) } : null,
    notes: indicators.notes,
    pdf,
  };
}

export function meta({ data }: { data?: Awaited<ReturnType<typeof loader>> }) {
  if (!data) return [{ title: `Rapport introuvable – ${theme.name}` }];
  return [{ title: `Évaluation annuelle — ${data.territory.name} (${data.levelName}) – ${theme.name}` }];
}

const n = (x: number) => x.toLocaleString('fr-FR');

export default function ReportPage() {
  const d = useLoaderData<typeof loader>();
  const counted = d.themes.reduce((sum, t) => sum + t.items.length, 0);
  return (
    <article className="report">
      <p className="report-noprint report-back">
        <Link to="/pilotage/rapport">Choisir un autre territoire</Link>
      </p>
      <h1>
        Évaluation annuelle — {d.territory.name} ({d.levelName})
      </h1>
      <p>
        {d.territory.name} : {n(d.territory.population)} habitants, {n(d.territory.communes)} communes
        {d.level !== 'region' ? `, région ${d.region.name}` : ''}. {counted} indicateurs calculés, {d.notYet.length} sans données pour
        l’instant.
      </p>
      <p className="report-noprint">
        <a className="button" href={d.pdf} download>
          Télécharger le rapport en PDF
        </a>
      </p>

      <section aria-labelledby="indicateurs">
        <h2 id="indicateurs">Les indicateurs, par thème</h2>
        {d.themes.map((t, i) => (
          <section key={t.theme} className="report-theme" aria-labelledby={`theme-${i}`}>
            <h3 id={`theme-${i}`}>{t.theme}</h3>
            {t.items.map((item) => (
              <IndicatorBlock key={item.definition.id} item={item} />
            ))}
          </section>
        ))}
      </section>

      {d.charts.length ? (
        <section aria-labelledby="comparaisons">
          <h2 id="comparaisons">
            {d.level === 'region' ? 'La région et ses départements' : 'Comparaison avec le département et la région'}
          </h2>
          <p>
            Les indicateurs qui sont des taux ou des ratios (comparables d’un territoire à l’autre quelle que soit sa taille) ;{' '}
            {d.territory.name} en bleu foncé, les autres territoires en gris.
          </p>
          {d.charts.map((c) => (
            <ChartFigure
              key={c.id}
              id={c.id}
              title={c.title}
              description={c.description}
              svg={c.svg}
              tableCaption={`Données du graphique : ${c.title}`}
            >
              <thead>
                <tr>
                  <th scope="col">Territoire</th>
                  <th scope="col">Valeur</th>
                </tr>
              </thead>
              <tbody>
                {c.rows.map((r) => (
                  <tr key={`${r.role}-${r.name}`}>
                    <th scope="row">{r.name}</th>
                    <td className="num">{r.formatted}</td>
                  </tr>
                ))}
              </tbody>
            </ChartFigure>
          ))}
        </section>
      ) : null}

      {d.evolution ? (
        <section aria-labelledby="evolution">
          <h2 id="evolution">{EVOLUTION_TITLE}</h2>
          <ChartFigure
            id="evolution-graphique"
            title={`Variation relative des indicateurs entre deux millésimes (${d.territory.name})`}
            description="Une barre par indicateur disposant de deux millésimes : vers la droite une hausse, vers la gauche une baisse ; en vert quand l’évolution est favorable, en rouge quand elle est défavorable, en gris pour un indicateur de contexte. Le tableau qui suit donne les valeurs."
            svg={d.evolution.svg}
            tableCaption="Données du graphique : évolution de chaque indicateur"
          >
            <thead>
              <tr>
                <th scope="col">Indicateur</th>
                <th scope="col">Avant</th>
                <th scope="col">Après</th>
                <th scope="col">Variation</th>
              </tr>
            </thead>
            <tbody>
              {d.evolution.rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.label}</th>
                  <td className="num">
                    {r.previous} ({r.previousVintage})
                  </td>
                  <td className="num">
                    {r.value} ({r.vintage})
                  </td>
                  <td>{r.text}</td>
                </tr>
              ))}
            </tbody>
          </ChartFigure>
        </section>
      ) : null}

      {d.notYet.length ? (
        <section aria-labelledby="pas-encore">
          <h2 id="pas-encore">Pas encore de données</h2>
          <p>Ces indicateurs sont définis mais aucune source du lot de données ne les alimente encore.</p>
          <NotYetList definitions={d.notYet} />
        </section>
      ) : null}

      <section aria-labelledby="methode">
        <h2 id="methode">Méthode et sources</h2>
        <ul className="break">
          {d.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
          <li>
            Les valeurs calculées par {theme.name} sont publiées sous Licence Ouverte 2.0 (voir « Données ouvertes » sur la page{' '}
            <Link to="/pilotage/rapport">des rapports</Link>) ; chaque source garde sa licence.
          </li>
        </ul>
      </section>
    </article>
  );
}
