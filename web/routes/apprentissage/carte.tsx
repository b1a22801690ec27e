/**
 * « Carte des formations en apprentissage » (/apprentissage/carte): the trainings of the offer in
 * alternance, by occupation (?rome=), level (?niveau=) and place (?commune=INSEE&rayon=KM), and the
 * CFA of the area. A GET form that works without JavaScript; the map is an enhancement
 * (web/components/map) and the two lists below it are its alternative.
 */
import { redirect, useLoaderData } from 'react-router';
import type { Fiche } from '../../../src/referentials/contract.ts';
import { COMMUNE_CODE_ANY_CASE, ROME_CODE_ANY_CASE } from '../../../src/common/codes.ts';
import { apiError, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { MapBlock } from '../../components/map/MapBlock.tsx';
import { ApprenticeshipCard, Pager, RAYONS, cfaHref } from '../../components/apprentissage/cfa.tsx';
import { ScrollTable, formatKm } from '../../components/training.tsx';
import trainingsCss from '../../styles/trainings.css?url';
import css from '../../styles/apprentissage.css?url';

export const links = () => [
  { rel: 'stylesheet', href: trainingsCss },
  { rel: 'stylesheet', href: css },
];

const NIVEAUX: [string, string][] = [
  ['3', 'Niveau 3 (CAP, BEP)'],
  ['4', 'Niveau 4 (baccalauréat, BP)'],
  ['5', 'Niveau 5 (bac + 2 : BTS, DUT)'],
  ['6', 'Niveau 6 (bac + 3 ou 4 : licence, BUT)'],
  ['7', 'Niveau 7 (bac + 5 : master, ingénieur)'],
];

export async function loader({ request, context }: LoaderArgs) {
  const url = new URL(request.url);
  const sp = url.searchParams;
  const get = (name: string) => (sp.get(name) ?? '').trim().slice(0, 200);
  let commune = get('commune');
  let rome = get('rome').toUpperCase();
  const metier = get('metier');
  const errors: { field: string; message: string }[] = [];

  // A commune typed by name or postcode: its INSEE code goes to the URL.
  if (commune && !COMMUNE_CODE_ANY_CASE.test(commune)) {
    const res = await context.api.get('/api/v1/territories/communes', { query: { q: commune, limit: 1, region: theme.regionCode } });
    const hit = res.status === 200 ? res.body[0] : undefined;
    if (hit) {
      const next = new URL(url);
      next.searchParams.set('commune', hit.code);
      next.searchParams.delete('page');
      throw redirect(`${next.pathname}${next.search}`);
    }
    errors.push({ field: 'commune', message: `Aucune commune ne correspond à « ${commune} ». Essayez un autre nom ou un code postal.` });
    commune = '';
  }
  // The form's "métier" field (a name or a ROME code) decides the ?rome= of the URL.
  if (sp.has('metier')) {
    const next = new URL(url);
    for (const name of ['metier', 'rome', 'page']) next.searchParams.delete(name);
    let code: string | undefined;
    if (ROME_CODE_ANY_CASE.test(metier)) code = metier.toUpperCase();
    else if (metier) {
      // The field shows the chosen occupation's label: unchanged, it keeps its code.
      if (ROME_CODE_ANY_CASE.test(rome)) {
        const current = await context.api.get('/api/v1/occupations/:code', { params: { code: rome } });
        if (current.status === 200 && current.body.label.toLowerCase() === metier.toLowerCase()) code = current.body.code;
      }
      if (!code) {
        const res = await context.api.get('/api/v1/occupations', { query: { q: metier, limit: 1 } });
        code = res.status === 200 ? res.body[0]?.code : undefined;
      }
      if (!code) errors.push({ field: 'metier', message: `Aucun métier ne correspond à « ${metier} ». Essayez un autre mot.` });
    }
    if (code) next.searchParams.set('rome', code);
    if (code || !metier) throw redirect(`${next.pathname}${next.search}`);
    rome = '';
  }

  const rayon = RAYONS.includes(Number(get('rayon'))) ? Number(get('rayon')) : 30;
  const niveau = NIVEAUX.some(([v]) => v === get('niveau')) ? get('niveau') : '';
  const page = Math.max(1, Math.min(500, Number.parseInt(get('page'), 10) || 1));
  const query = {
    rome: rome || undefined,
    niveau: niveau || undefined,
    near: commune || undefined,
    radiusKm: commune ? rayon : undefined,
    // Without a commune, the CFA of the region that runs the portal.
    region: commune ? undefined : theme.regionCode,
  };
  const res = await context.api.get('/api/v1/apprenticeship/trainings', { query: { ...query, page, pageSize: 20 } });
  const error = apiError(res);
  if (error) errors.push({ field: error.field ?? '', message: error.message });
  const result = error ? null : res.body;

  let occupation: Pick<Fiche, 'code' | 'label'> | null = null;
  if (rome && ROME_CODE_ANY_CASE.test(rome)) {
    const o = await context.api.get('/api/v1/occupations/:code', { params: { code: rome } });
    if (o.status === 200) occupation = { code: o.body.code, label: o.body.label };
  }
  const mapQuery = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) mapQuery.set(k, String(v));
  return {
    form: { commune, rayon, rome, niveau },
    metierTyped: metier,
    search: url.search,
    occupation,
    errors,
    result,
    mapPoints: `/api/v1/apprenticeship/map?${mapQuery}`,
  };
}

type Data = Awaited<ReturnType<typeof loader>>;

function describe(data: Data): string {
  const parts: string[] = [];
  if (data.occupation) parts.push(data.occupation.label);
  if (data.form.niveau) parts.push(`niveau ${data.form.niveau}`);
  if (data.result?.trainings.near) parts.push(`près de ${data.result.trainings.near.label}`);
  return parts.join(', ');
}

export function meta({ data }: { data?: Data }) {
  const what = data ? describe(data) : '';
  const page = data?.result && data.result.trainings.page > 1 ? ` – page ${data.result.trainings.page}` : '';
  const error = data?.errors.length ? 'Erreur – ' : '';
  return [{ title: `${error}${what ? `Apprentissage : ${what}` : 'Carte des formations en apprentissage'}${page} – ${theme.name}` }];
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;

export default function ApprenticeshipMapPage() {
  const data = useLoaderData<typeof loader>();
  const { form, result, errors } = data;
  const errorOf = (field: string) => errors.find((e) => e.field === field || (field === 'commune' && e.field === 'near'));
  const general = errors.filter((e) => !['commune', 'near', 'metier'].includes(e.field));
  const communeError = errorOf('commune');
  const metierError = errorOf('metier');
  const near = result?.trainings.near;
  const trainings = result?.trainings;
  return (
    <>
      <h1>Carte des formations en apprentissage</h1>
      <p>
        Les formations en alternance (contrat d’apprentissage ou de professionnalisation) de l’offre de formation, et les CFA de l’annuaire.
        Choisissez un métier, un niveau ou une commune. Vous cherchez un CFA par son nom ? Consultez{' '}
        <a href="/apprentissage/cfa">l’annuaire des CFA</a>.
      </p>
      <form
        method="get"
        action="/apprentissage/carte"
        role="search"
        aria-label="Recherche de formations en apprentissage"
        className="training-search"
      >
        <div className="search-grid">
          <div className="field field-wide">
            <label htmlFor="metier">
              Métier visé<span className="hint">Un nom de métier ou un code ROME, par exemple : boulanger, D1102</span>
            </label>
            {form.rome ? <input type="hidden" name="rome" value={form.rome} /> : null}
            <input
              id="metier"
              name="metier"
              type="text"
              defaultValue={data.occupation?.label ?? (form.rome || data.metierTyped)}
              aria-describedby={metierError ? 'metier-erreur' : undefined}
              aria-invalid={metierError ? true : undefined}
            />
            {metierError ? (
              <p id="metier-erreur" className="field-error">
                {metierError.message}
              </p>
            ) : null}
          </div>
          <div className="field field-wide">
            <label htmlFor="niveau">Niveau du diplôme</label>
            <select id="niveau" name="niveau" defaultValue={form.niveau}>
              <option value="">Tous les niveaux</option>
              {NIVEAUX.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-wide">
            <label htmlFor="commune">
              Commune<span className="hint">Nom, code postal ou code INSEE</span>
            </label>
            <input
              id="commune"
              name="commune"
              type="text"
              autoComplete="address-level2"
              defaultValue={near?.commune === form.commune && near ? near.label : form.commune}
              aria-describedby={communeError ? 'commune-erreur' : undefined}
              aria-invalid={communeError ? true : undefined}
            />
            {communeError ? (
              <p id="commune-erreur" className="field-error">
                {communeError.message}
              </p>
            ) : null}
          </div>
          <div className="field field-wide">
            <label htmlFor="rayon">Distance maximale</label>
            <select id="rayon" name="rayon" defaultValue={String(form.rayon)}>
              {RAYONS.map((r) => (
                <option key={r} value={r}>
                  {r} km
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" className="button">
          Rechercher
        </button>
      </form>
      {general.map((e) => (
        <p key={e.message} className="field-error" role="alert">
          {e.message}
        </p>
      ))}

      {result && trainings ? (
        <>
          <section aria-labelledby="resultats" className="results">
            <h2 id="resultats">
              {trainings.total === 0
                ? 'Aucune formation en apprentissage'
                : `${plural(trainings.total, 'formation', 'formations')} en apprentissage`}
              {near ? ` à moins de ${near.radiusKm} km de ${near.label}` : ''}
              {data.occupation ? ` pour le métier ${data.occupation.label}` : ''}
            </h2>
            {trainings.results.some((r) => r.demo) ? (
              <p className="notice-inline notice-demo">
                <strong>Offres de démonstration.</strong> Les offres marquées « démonstration » sont fictives : elles illustrent le service
                en attendant l’import de l’offre réelle du Carif-Oref.
              </p>
            ) : null}
            <MapBlock
              label="Carte des formations en apprentissage et des CFA"
              points={data.mapPoints}
              shapes="/api/v1/territories/shapes?level=departement"
              center={near ? `${near.lat},${near.lon}` : undefined}
              listId="liste-apprentissage"
            />
            <p className="source">
              La carte place les formations et, d’une autre couleur, les CFA listés ci-dessous : les deux listes en sont l’alternative
              textuelle.
            </p>
            {trainings.total > 0 ? (
              <>
                <ol id="liste-apprentissage" className="card-list training-list" start={(trainings.page - 1) * trainings.pageSize + 1}>
                  {trainings.results.map((hit) => (
                    <ApprenticeshipCard key={`${hit.source}/${hit.formation}`} hit={hit} />
                  ))}
                </ol>
                <Pager path="/apprentissage/carte" search={data.search} page={trainings.page} pages={trainings.pages} />
              </>
            ) : (
              <p id="liste-apprentissage">Élargissez la distance, choisissez un autre niveau ou retirez le métier.</p>
            )}
          </section>
          <section aria-labelledby="cfa-zone">
            <h2 id="cfa-zone">
              {result.cfas.total === 0 ? 'Aucun CFA' : plural(result.cfas.total, 'CFA', 'CFA')}{' '}
              {near ? `à moins de ${near.radiusKm} km de ${near.label}` : `en ${theme.region}`}
            </h2>
            <p className="source">
              L’annuaire ne dit pas quelles formations chaque CFA propose : celles de l’offre qui lui sont reliées figurent sur sa page.
              {result.cfas.shown < result.cfas.total ? ` Les ${result.cfas.shown} premiers sont listés.` : ''}
            </p>
            {result.cfas.results.length ? (
              <details className="filters">
                <summary>Liste des {plural(result.cfas.results.length, 'CFA', 'CFA')} de la carte</summary>
                <ScrollTable
                  id="liste-cfa"
                  caption={`CFA ${near ? `à moins de ${near.radiusKm} km de ${near.label}` : `en ${theme.region}`}`}
                >
                  <thead>
                    <tr>
                      <th scope="col">CFA</th>
                      <th scope="col">Commune</th>
                      {near ? <th scope="col">Distance</th> : null}
                      <th scope="col">UAI</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.cfas.results.map((c) => (
                      <tr key={c.uai}>
                        <th scope="row">
                          <a href={cfaHref(c.uai)}>{c.name}</a>
                        </th>
                        <td>{c.commune ? `${c.commune.name} (${c.departement})` : 'non précisée'}</td>
                        {near ? <td>{c.distanceKm !== null ? formatKm(c.distanceKm) : ''}</td> : null}
                        <td>{c.uai}</td>
                      </tr>
                    ))}
                  </tbody>
                </ScrollTable>
              </details>
            ) : null}
          </section>
        </>
      ) : null}
    </>
  );
}
