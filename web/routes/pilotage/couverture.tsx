/**
 * « Couverture des points de conseil » (/pilotage/couverture): the share of the région's population
 * within R km of a counselling point, as the crow flies from each commune's centre (said on the
 * page), by département; the white zones on a map (an enhancement: white outlines of the communes,
 * the points and the proposed sites) and as a table, its alternative; the greedy siting of N new
 * points. A GET form: everything works without JavaScript.
 */
import { useLoaderData } from 'react-router';
import { apiError, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { MapBlock } from '../../components/map/MapBlock.tsx';
import { ScrollTable } from '../../components/training.tsx';
import trainingsCss from '../../styles/trainings.css?url';

export const links = () => [{ rel: 'stylesheet', href: trainingsCss }];

const RAYONS = [10, 15, 20, 30];
const SITES = [0, 1, 2, 3, 5, 10];
const WHITE_SHOWN = 200;

export async function loader({ request, context }: LoaderArgs) {
  const sp = new URL(request.url).searchParams;
  const rayon = RAYONS.includes(Number(sp.get('rayon'))) ? Number(sp.get('rayon')) : 20;
  const sites = SITES.includes(Number(sp.get('implantations'))) ? Number(sp.get('implantations')) : 0;
  const query = { radius: rayon, site: sites, region: theme.regionCode };
  const res = await context.api.get('/api/v1/steering/coverage', { query });
  const error = apiError(res);
  if (error || res.status !== 200)
    return { form: { rayon, sites }, error: error?.message ?? 'Le service ne répond pas.', coverage: null, layers: null };
  const { map: _map, ...coverage } = res.body;
  const layer = (name: 'zones' | 'points') =>
    `/api/v1/steering/coverage/map?${new URLSearchParams({ layer: name, radius: String(rayon), site: String(sites), region: theme.regionCode })}`;
  return { form: { rayon, sites }, error: null, coverage, layers: { zones: layer('zones'), points: layer('points') } };
}

export function meta({ data }: { data?: Awaited<ReturnType<typeof loader>> }) {
  const km = data?.form.rayon ?? 20;
  return [{ title: `Couverture à ${km} km des points de conseil – ${theme.name}` }];
}

const n = (x: number) => x.toLocaleString('fr-FR');
const pct = (share: number) => `${(share * 100).toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
const km = (x: number) => `${x.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} km`;

export default function CoveragePage() {
  const { form, error, coverage: c, layers } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Couverture des points de conseil</h1>
      <p>
        Part de la population de la région qui habite à moins de {form.rayon} km d’un point de conseil : agence France Travail, Mission
        locale, Cap emploi ou opérateur du conseil en évolution professionnelle. La distance est mesurée <strong>à vol d’oiseau</strong>, du
        centre de chaque commune au point le plus proche : ni la route ni les transports ne sont pris en compte.
      </p>
      <form method="get" action="/pilotage/couverture" aria-label="Paramètres de la couverture" className="training-search">
        <div className="search-grid">
          <div className="field field-wide">
            <label htmlFor="rayon">Distance</label>
            <select id="rayon" name="rayon" defaultValue={String(form.rayon)}>
              {RAYONS.map((r) => (
                <option key={r} value={r}>
                  {r} km
                </option>
              ))}
            </select>
          </div>
          <div className="field field-wide">
            <label htmlFor="implantations">
              Nouveaux points à proposer<span className="hint">Chacun couvre le plus d’habitants encore non couverts</span>
            </label>
            <select id="implantations" name="implantations" defaultValue={String(form.sites)}>
              {SITES.map((s) => (
                <option key={s} value={s}>
                  {s === 0 ? 'Aucun' : s}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" className="button">
          Calculer
        </button>
      </form>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {c && layers ? (
        <>
          <section aria-labelledby="part">
            <h2 id="part">
              {pct(c.share)} de la population à moins de {c.radiusKm} km d’un point de conseil
            </h2>
            <p>
              {n(c.coveredPopulation)} habitants sur {n(c.population)} en {c.region.name} ; {n(c.coveredCommunes)} communes sur{' '}
              {n(c.communes)}. Points : {c.points.inRegion} dans la région ({c.points.byKind.france_travail} agences France Travail,{' '}
              {c.points.byKind.mission_locale} Missions locales, {c.points.byKind.cap_emploi} Cap emploi, {c.points.byKind.cep} autres
              opérateurs du CEP), et {c.points.outsideRegionCovering} points d’une région voisine qui couvrent des communes frontalières.
            </p>
            <ScrollTable id="departements" caption={`Couverture à ${c.radiusKm} km par département`}>
              <thead>
                <tr>
                  <th scope="col">Département</th>
                  <th scope="col">Population</th>
                  <th scope="col">Couverte</th>
                  <th scope="col">Part</th>
                  <th scope="col">Communes en zone blanche</th>
                </tr>
              </thead>
              <tbody>
                {c.departements.map((d) => (
                  <tr key={d.code}>
                    <th scope="row">
                      {d.name} ({d.code})
                    </th>
                    <td>{n(d.population)}</td>
                    <td>{n(d.coveredPopulation)}</td>
                    <td>{pct(d.share)}</td>
                    <td>{n(d.whiteZones)}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          </section>
          <section aria-labelledby="zones-blanches">
            <h2 id="zones-blanches">
              {c.whiteZones.length ? `${n(c.whiteZones.length)} communes en zone blanche` : 'Aucune commune en zone blanche'}
            </h2>
            <MapBlock
              label={`Carte des zones blanches à ${c.radiusKm} km et des points de conseil`}
              shapes={layers.zones}
              points={layers.points}
              listId="liste-zones-blanches"
            />
            <p className="source">
              Sur la carte, les communes en zone blanche sont tracées en blanc, les points de conseil et, d’une autre couleur, les
              implantations proposées sont des ronds ; le tableau ci-dessous en est l’alternative textuelle.
            </p>
            {c.whiteZones.length ? (
              <div id="liste-zones-blanches">
                <ScrollTable
                  id="zones"
                  caption={`Communes à plus de ${c.radiusKm} km de tout point de conseil, les plus peuplées d’abord${c.whiteZones.length > WHITE_SHOWN ? ` (les ${WHITE_SHOWN} premières)` : ''}`}
                >
                  <thead>
                    <tr>
                      <th scope="col">Commune</th>
                      <th scope="col">Population</th>
                      <th scope="col">Point le plus proche</th>
                      <th scope="col">Distance</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.whiteZones.slice(0, WHITE_SHOWN).map((w) => (
                      <tr key={w.code}>
                        <th scope="row">
                          {w.name} ({w.departement})
                        </th>
                        <td>{n(w.population)}</td>
                        <td>{w.nearestPoint?.name ?? 'aucun'}</td>
                        <td>{w.nearestKm !== null ? km(w.nearestKm) : ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </ScrollTable>
              </div>
            ) : (
              <p id="liste-zones-blanches">Toutes les communes de la région sont à moins de {c.radiusKm} km d’un point de conseil.</p>
            )}
          </section>
          {c.siting.length ? (
            <section aria-labelledby="implantations-titre" id="implantations">
              <h2 id="implantations-titre">Implantations proposées</h2>
              <p>
                Choisies une à une parmi les communes de la région : chacune est celle dont le centre couvrirait le plus d’habitants encore
                non couverts.
              </p>
              <ol>
                {c.siting.map((s) => (
                  <li key={s.code}>
                    {s.name} ({s.departement}) : {n(s.addedPopulation)} habitants de plus ({n(s.addedCommunes)} communes), la part couverte
                    passe à {pct(s.shareAfter)}
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
          <section aria-labelledby="sources">
            <h2 id="sources">Méthode et sources</h2>
            <ul className="break">
              {c.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
              {c.sources.map((s) => (
                <li key={s.file}>
                  {s.file} : {s.version}, importé le {new Date(s.importedAt).toLocaleDateString('fr-FR')}
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </>
  );
}
