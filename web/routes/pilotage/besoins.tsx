/**
 * « Besoins par secteur et territoire » (/pilotage/besoins): per occupation domain (FAP) × bassin
 * BMO of the région, the recruitment projects and their difficult share, the tension of the
 * métiers, the initial-training places of the bassin's schools; « offre de formation à construire »
 * where projects are many and places few, with the rule stated. A GET form (bassin, domain):
 * everything works without JavaScript.
 */
import { useLoaderData } from 'react-router';
import { apiError, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ScrollTable } from '../../components/training.tsx';
import trainingsCss from '../../styles/trainings.css?url';

export const links = () => [{ rel: 'stylesheet', href: trainingsCss }];

const CELLS_SHOWN = 200;

export async function loader({ request, context }: LoaderArgs) {
  const sp = new URL(request.url).searchParams;
  const bassin = /^\d{3,5}$/.test(sp.get('bassin') ?? '') ? (sp.get('bassin') as string) : undefined;
  const famille = /^[A-Z]$/.test(sp.get('famille') ?? '') ? (sp.get('famille') as string) : undefined;
  const res = await context.api.get('/api/v1/steering/needs', { query: { region: theme.regionCode, bassin, famille } });
  const error = apiError(res);
  if (error || res.status !== 200) {
    // The lists of the form still come from the whole région.
    const all = await context.api.get('/api/v1/steering/needs', { query: { region: theme.regionCode } });
    return {
      form: { bassin, famille },
      error: error?.message ?? 'Le service ne répond pas.',
      needs: null,
      bassins: all.status === 200 ? all.body.bassins : [],
      familles: all.status === 200 ? all.body.familles : [],
    };
  }
  return { form: { bassin, famille }, error: null, needs: res.body, bassins: res.body.bassins, familles: res.body.familles };
}

export function meta() {
  return [{ title: `Besoins par secteur et territoire – ${theme.name}` }];
}

const n = (x: number) => x.toLocaleString('fr-FR');
const share = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`);
const dec = (x: number | null) => (x === null ? '–' : x.toLocaleString('fr-FR', { maximumFractionDigits: 1 }));

export default function NeedsPage() {
  const { form, error, needs: d, bassins, familles } = useLoaderData<typeof loader>();
  const bassinName = d?.filters.bassin ? bassins.find((b) => b.code === d.filters.bassin)?.name : null;
  return (
    <>
      <h1>Besoins par secteur et territoire</h1>
      <p>
        Par domaine professionnel et par bassin d’emploi : les projets de recrutement des employeurs (enquête Besoins en main-d’œuvre), la
        part jugée difficile, la tension des métiers et les places de formation initiale des établissements du bassin. Là où les projets
        sont nombreux et les places rares, l’offre de formation est à construire.
      </p>
      <form method="get" action="/pilotage/besoins" aria-label="Choix du bassin et du domaine" className="training-search">
        <div className="search-grid">
          <div className="field field-wide">
            <label htmlFor="bassin">Bassin d’emploi</label>
            <select id="bassin" name="bassin" defaultValue={form.bassin ?? ''}>
              <option value="">Toute la région</option>
              {bassins.map((b) => (
                <option key={b.code} value={b.code}>
                  {b.name} ({b.departement})
                </option>
              ))}
            </select>
          </div>
          <div className="field field-wide">
            <label htmlFor="famille">Domaine professionnel</label>
            <select id="famille" name="famille" defaultValue={form.famille ?? ''}>
              <option value="">Tous les domaines</option>
              {familles.map((f) => (
                <option key={f.code} value={f.code}>
                  {f.label}
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
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {d ? (
        <>
          <section aria-labelledby="a-construire">
            <h2 id="a-construire">
              {d.toBuild.length ? `Offre de formation à construire : ${n(d.toBuild.length)} cas` : 'Aucune offre de formation à construire'}
            </h2>
            <p className="hint" id="regle">
              Règle : {d.rules[0]}
            </p>
            {d.toBuild.length ? (
              <ul className="break" id="liste-a-construire">
                {d.toBuild.map((c) => (
                  <li key={`${c.bassin}-${c.famille}`}>
                    <strong>
                      {c.familleLabel}, bassin de {c.bassinName}
                    </strong>{' '}
                    ({c.departement}) : {c.reason}.
                  </li>
                ))}
              </ul>
            ) : null}
          </section>

          <section aria-labelledby="par-domaine">
            <h2 id="par-domaine">Par domaine professionnel{bassinName ? ` — bassin de ${bassinName}` : ''}</h2>
            <ScrollTable id="domaines" caption={`Projets de recrutement et places de formation par domaine, BMO ${d.vintages.bmo ?? ''}`}>
              <thead>
                <tr>
                  <th scope="col">Domaine</th>
                  <th scope="col">Projets de recrutement</th>
                  <th scope="col">Dont difficiles</th>
                  <th scope="col">Places de formation initiale</th>
                  <th scope="col">Bassins où l’offre est à construire</th>
                </tr>
              </thead>
              <tbody>
                {d.byFamily.map((f) => (
                  <tr key={f.famille}>
                    <th scope="row">{f.familleLabel}</th>
                    <td>{n(f.projets)}</td>
                    <td>{share(f.difficultShare)}</td>
                    <td>{n(f.places)}</td>
                    <td>{n(f.toBuild)}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          </section>

          <section aria-labelledby="par-bassin">
            <h2 id="par-bassin">Par bassin et domaine</h2>
            <ScrollTable
              id="cases"
              caption={`Bassin × domaine, le plus de projets d’abord${d.cells.length > CELLS_SHOWN ? ` : les ${CELLS_SHOWN} premiers sur ${n(d.cells.length)}` : ''}`}
            >
              <thead>
                <tr>
                  <th scope="col">Bassin et domaine</th>
                  <th scope="col">Projets</th>
                  <th scope="col">Dont saisonniers</th>
                  <th scope="col">Difficiles</th>
                  <th scope="col">Tension (1 à 5)</th>
                  <th scope="col">Places</th>
                  <th scope="col">Places pour 100 projets non saisonniers</th>
                  <th scope="col">Actions de formation continue</th>
                  <th scope="col">À construire</th>
                </tr>
              </thead>
              <tbody>
                {d.cells.slice(0, CELLS_SHOWN).map((c) => (
                  <tr key={`${c.bassin}-${c.famille}`}>
                    <th scope="row">
                      {c.bassinName} ({c.departement}) — {c.familleLabel}
                    </th>
                    <td>
                      {n(c.projets)}
                      {c.secretMetiers
                        ? ` (+ ${c.secretMetiers} métier${c.secretMetiers > 1 ? 's' : ''} non publié${c.secretMetiers > 1 ? 's' : ''})`
                        : ''}
                    </td>
                    <td>{n(c.saisonniers)}</td>
                    <td>{share(c.difficultShare)}</td>
                    <td>{dec(c.tension)}</td>
                    <td>{n(c.places)}</td>
                    <td>{dec(c.placesPer100Projects)}</td>
                    <td>{n(c.continuingActions)}</td>
                    <td>{c.toBuild ? 'oui' : 'non'}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          </section>

          <section aria-labelledby="methode">
            <h2 id="methode">Règles, méthode et sources</h2>
            <ul className="break">
              {[...d.rules, ...d.notes].map((x) => (
                <li key={x}>{x}</li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </>
  );
}
