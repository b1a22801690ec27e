/**
 * Training search (/formations): text, place (commune name or code → ?commune=INSEE&rayon=KM),
 * occupation (?rome=), filters and facets, sort, pagination. Server HTML that works without
 * JavaScript; the map of the places is an enhancement (web/components/map), the list is its
 * alternative.
 */
import { redirect, useLoaderData } from 'react-router';
import type { TrainingHit, TrainingSearchQuery } from '../../src/trainings/contract.ts';
import type { CommuneHit } from '../../src/territories/contract.ts';
import type { Fiche } from '../../src/referentials/contract.ts';
import { apiError, type LoaderArgs } from '../api.ts';
import { theme } from '../theme.ts';
import { MapBlock } from '../components/map/MapBlock.tsx';
import { TrainingCard } from '../components/training.tsx';
import trainingsCss from '../styles/trainings.css?url';
import { COMMUNE_CODE_ANY_CASE, ROME_CODE_ANY_CASE } from '../../src/common/codes.ts';
import { countOf, frenchNumber } from '../../src/common/format.ts';

export const links = () => [{ rel: 'stylesheet', href: trainingsCss }];

const RAYONS = [5, 10, 20, 30, 50, 100, 200];
const PAGE_SIZE = 20;

/** The sorts the page offers (those of GET /api/v1/trainings). */
const SORTS: readonly NonNullable<TrainingSearchQuery['sort']>[] = ['relevance', 'distance', 'start', 'employment'];

export async function loader({ request, context }: LoaderArgs) {
  const url = new URL(request.url);
  const sp = url.searchParams;
  const get = (name: string) => (sp.get(name) ?? '').trim().slice(0, 200);
  const q = get('q');
  let commune = get('commune');
  let rome = get('rome').toUpperCase();
  const metier = get('metier');
  const errors: { field: string; message: string }[] = [];
  const communeChoices: CommuneHit[] = [];

  // A commune typed by name (or postcode): resolve it and keep its INSEE code in the URL.
  if (commune && !COMMUNE_CODE_ANY_CASE.test(commune)) {
    const res = await context.api.get('/api/v1/territories/communes', { query: { q: commune, limit: 6, region: theme.regionCode } });
    const hits = res.status === 200 ? res.body : [];
    if (hits.length) {
      const next = new URL(url);
      next.searchParams.set('commune', hits[0].code);
      next.searchParams.delete('page');
      if (hits.length > 1)
        next.searchParams.set(
          'autres',
          hits
            .slice(1)
            .map((h) => h.code)
            .join(','),
        );
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
  const others = get('autres');
  if (others && commune) {
    for (const code of others.split(',').slice(0, 5)) {
      if (!COMMUNE_CODE_ANY_CASE.test(code)) continue;
      const res = await context.api.get('/api/v1/territories/communes', { query: { q: code, limit: 1, region: theme.regionCode } });
      const hit = res.status === 200 ? res.body.find((h) => h.code === code) : undefined;
      if (hit) communeChoices.push(hit);
    }
  }

  const rayon = RAYONS.includes(Number(get('rayon'))) ? Number(get('rayon')) : 30;
  const page = Math.max(1, Math.min(500, Number.parseInt(get('page'), 10) || 1));
  const list = (name: string) =>
    sp
      .getAll(name)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean)
      .slice(0, 20);
  const selected = {
    niveau: list('niveau'),
    modalite: list('modalite'),
    financeur: list('financeur'),
    departement: list('departement'),
  };
  const cpf = ['oui', 'non'].includes(get('cpf')) ? get('cpf') : '';
  const debut = get('debut');
  const fin = get('fin');
  const tri = get('tri');

  const query: TrainingSearchQuery = {
    q: q || undefined,
    near: commune || undefined,
    radiusKm: commune ? rayon : undefined,
    rome: rome || undefined,
    niveau: selected.niveau.join(',') || undefined,
    modalites: selected.modalite.join(',') || undefined,
    financeurs: selected.financeur.join(',') || undefined,
    departements: selected.departement.join(',') || undefined,
    cpf: cpf ? cpf === 'oui' : undefined,
    startFrom: debut || undefined,
    startTo: fin || undefined,
    sort: SORTS.find((sort) => sort === tri),
  };
  // With an occupation, the offers that only lead to it sideways come after the others, under « Voir aussi ».
  const res = await context.api.get('/api/v1/trainings', {
    query: { ...query, page, pageSize: PAGE_SIZE, seeAlso: query.rome ? true : undefined },
  });
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
    form: { q, commune, rayon, rome, selected, cpf, debut, fin, tri },
    metierTyped: metier,
    search: url.search,
    occupation,
    communeChoices,
    errors,
    result,
    mapPoints: `/api/v1/trainings/places?${mapQuery}`,
    // Around a commune: the communes of its département; otherwise the départements.
    shapes: result?.near?.commune
      ? `/api/v1/territories/shapes?level=commune&departement=${result.near.commune.startsWith('97') ? result.near.commune.slice(0, 3) : result.near.commune.slice(0, 2)}`
      : '/api/v1/territories/shapes?level=departement',
  };
}

type Data = Awaited<ReturnType<typeof loader>>;

function describe(data: Data): string {
  const parts: string[] = [];
  if (data.form.q) parts.push(`« ${data.form.q} »`);
  if (data.occupation) parts.push(data.occupation.label);
  if (data.result?.near) parts.push(`près de ${data.result.near.label}`);
  return parts.join(', ');
}

export function meta({ data }: { data?: Data }) {
  const what = data ? describe(data) : '';
  const page = data?.result && data.result.page > 1 ? ` – page ${data.result.page}` : '';
  return [{ title: `${what ? `Formations : ${what}` : 'Trouver une formation'}${page} – ${theme.name}` }];
}

function pageHref(search: string, page: number): string {
  const sp = new URLSearchParams(search);
  sp.delete('autres');
  if (page <= 1) sp.delete('page');
  else sp.set('page', String(page));
  const s = sp.toString();
  return s ? `/formations?${s}` : '/formations';
}

function Pagination({ search, page, pages }: { search: string; page: number; pages: number }) {
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b);
  return (
    <nav className="pagination" aria-label="Pages de résultats">
      <ul>
        {page > 1 ? (
          <li>
            <a href={pageHref(search, page - 1)} rel="prev">
              Page précédente
            </a>
          </li>
        ) : null}
        {shown.map((p, i) => (
          <li key={p}>
            {i > 0 && p - shown[i - 1] > 1 ? <span aria-hidden="true">… </span> : null}
            {p === page ? (
              <a href={pageHref(search, p)} aria-current="page" aria-label={`Page ${p}, page actuelle`}>
                {p}
              </a>
            ) : (
              <a href={pageHref(search, p)} aria-label={`Page ${p}`}>
                {p}
              </a>
            )}
          </li>
        ))}
        {page < pages ? (
          <li>
            <a href={pageHref(search, page + 1)} rel="next">
              Page suivante
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

function FacetGroup({
  legend,
  name,
  values,
  selected,
}: {
  legend: string;
  name: string;
  values: { value: string; label: string; count: number }[];
  selected: string[];
}) {
  const all = [...values];
  for (const v of selected) if (!all.some((x) => x.value === v)) all.push({ value: v, label: v, count: 0 });
  if (!all.length) return null;
  return (
    <fieldset className="facet">
      <legend>{legend}</legend>
      {all.map((v) => {
        const id = `${name}-${v.value}`;
        return (
          <div className="check" key={v.value}>
            <input type="checkbox" id={id} name={name} value={v.value} defaultChecked={selected.includes(v.value)} />
            <label htmlFor={id}>
              {v.label} <span className="count">({v.count})</span>
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

export default function TrainingSearch() {
  const data = useLoaderData<typeof loader>();
  const { form, result, errors } = data;
  const errorOf = (field: string) => errors.find((e) => e.field === field || (field === 'commune' && e.field === 'near'));
  const general = errors.filter((e) => !['commune', 'near', 'metier'].includes(e.field));
  const activeFilters =
    form.selected.niveau.length +
    form.selected.modalite.length +
    form.selected.financeur.length +
    form.selected.departement.length +
    (form.cpf ? 1 : 0) +
    (form.debut ? 1 : 0) +
    (form.fin ? 1 : 0);
  const facets = result?.facets;
  const communeError = errorOf('commune');
  const metierError = errorOf('metier');
  const summary = result ? describe(data) : '';
  return (
    <>
      <h1>Trouver une formation</h1>
      <form method="get" action="/formations" role="search" aria-label="Recherche de formations" className="training-search">
        <div className="search-grid">
          <div className="field field-wide">
            <label htmlFor="q">
              Formation, diplôme ou mot-clé<span className="hint">Par exemple : CAP cuisine, soudure, comptabilité</span>
            </label>
            <input id="q" name="q" type="search" defaultValue={form.q} autoComplete="off" />
          </div>
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
              aria-describedby={
                [data.occupation ? 'metier-actuel' : '', metierError ? 'metier-erreur' : ''].filter(Boolean).join(' ') || undefined
              }
              aria-invalid={metierError ? true : undefined}
            />
            {data.occupation ? (
              <p id="metier-actuel" className="hint">
                Métier choisi : <strong>{data.occupation.label}</strong> ({data.occupation.code}).{' '}
                <a href={pageHref(removeParam(data.search, 'rome'), 1)}>Retirer ce métier</a>
              </p>
            ) : null}
            {metierError ? (
              <p id="metier-erreur" className="field-error">
                {metierError.message}
              </p>
            ) : null}
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
              defaultValue={result?.near?.commune === form.commune && result.near ? result.near.label : form.commune}
              aria-describedby={communeError ? 'commune-erreur' : undefined}
              aria-invalid={communeError ? true : undefined}
            />
            {communeError ? (
              <p id="commune-erreur" className="field-error">
                {communeError.message}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="rayon">Distance maximale</label>
            <select id="rayon" name="rayon" defaultValue={String(form.rayon)}>
              {RAYONS.map((r) => (
                <option key={r} value={r}>
                  {r} km
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="tri">Trier par</label>
            <select id="tri" name="tri" defaultValue={form.tri} aria-describedby="tri-aide">
              <option value="">Automatique</option>
              <option value="relevance">Pertinence</option>
              <option value="distance">Distance</option>
              <option value="start">Date de début</option>
              <option value="employment">Taux d’emploi du diplôme</option>
            </select>
            <p id="tri-aide" className="hint">
              Automatique : pertinence avec des mots-clés, sinon distance
            </p>
          </div>
        </div>
        <details className="filters" open={activeFilters > 0}>
          <summary>Filtres{activeFilters ? ` (${activeFilters} actif${activeFilters > 1 ? 's' : ''})` : ''}</summary>
          <div className="filters-grid">
            <FacetGroup legend="Niveau de sortie" name="niveau" values={facets?.niveau ?? []} selected={form.selected.niveau} />
            <FacetGroup legend="Modalité" name="modalite" values={facets?.modalite ?? []} selected={form.selected.modalite} />
            <fieldset className="facet">
              <legend>Compte personnel de formation (CPF)</legend>
              {[
                ['', 'Indifférent'],
                ['oui', 'Éligible au CPF'],
                ['non', 'Non éligible'],
              ].map(([value, label]) => (
                <div className="check" key={value}>
                  <input type="radio" id={`cpf-${value || 'tous'}`} name="cpf" value={value} defaultChecked={form.cpf === value} />
                  <label htmlFor={`cpf-${value || 'tous'}`}>
                    {label}
                    {value && facets ? (
                      <span className="count">
                        {' '}
                        ({facets.cpf.find((c) => c.value === (value === 'oui' ? 'true' : 'false'))?.count ?? 0})
                      </span>
                    ) : null}
                  </label>
                </div>
              ))}
            </fieldset>
            <FacetGroup legend="Financeurs" name="financeur" values={facets?.financeur ?? []} selected={form.selected.financeur} />
            <FacetGroup
              legend="Département du lieu"
              name="departement"
              values={facets?.departement ?? []}
              selected={form.selected.departement}
            />
            <fieldset className="facet">
              <legend>Début de la session</legend>
              <div className="field">
                <label htmlFor="debut">À partir du</label>
                <input id="debut" name="debut" type="date" defaultValue={form.debut} />
              </div>
              <div className="field">
                <label htmlFor="fin">Au plus tard le</label>
                <input id="fin" name="fin" type="date" defaultValue={form.fin} />
              </div>
            </fieldset>
          </div>
        </details>
        <button type="submit" className="button">
          Rechercher
        </button>
      </form>

      {data.communeChoices.length ? (
        <p className="notice-inline">
          Vous cherchiez une autre commune ?{' '}
          {data.communeChoices.map((c, i) => (
            <span key={c.code}>
              {i > 0 ? ', ' : ''}
              <a href={pageHref(replaceParam(data.search, 'commune', c.code), 1)}>
                {c.name} ({c.postcodes[0] ?? c.departement})
              </a>
            </span>
          ))}
        </p>
      ) : null}
      {general.map((e) => (
        <p key={e.message} className="field-error" role="alert">
          {e.message}
        </p>
      ))}

      {result ? (
        <section aria-labelledby="resultats" className="results">
          <h2 id="resultats">
            {result.total === 0 ? 'Aucune formation' : `${result.total.toLocaleString('fr-FR')} formation${result.total > 1 ? 's' : ''}`}
            {result.near ? ` à moins de ${result.near.radiusKm} km de ${result.near.label}` : ''}
            {data.occupation ? ` pour le métier ${data.occupation.label}` : ''}
          </h2>
          {result.notes.length ? (
            <ul className="source">
              {result.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
          {result.results.some((r) => r.demo) ? (
            <p className="notice-inline notice-demo">
              <strong>Offres de démonstration.</strong> Les offres marquées « démonstration » sont fictives : elles illustrent le service en
              attendant l’import de l’offre réelle du Carif-Oref.
            </p>
          ) : null}
          {result.total > 0 ? (
            <>
              <MapBlock
                label={`Carte des lieux de formation${summary ? ` (${summary})` : ''}`}
                points={data.mapPoints}
                shapes={data.shapes}
                listId="liste-formations"
              />
              <p className="source">
                Page {result.page} sur {result.pages} · triées par {SORT_LABELS[result.sort] ?? result.sort}.
              </p>
              <ol id="liste-formations" className="card-list training-list" start={(result.page - 1) * result.pageSize + 1}>
                {result.results.map((hit) => (
                  <TrainingCard key={`${hit.source}/${hit.formation}`} hit={hit} />
                ))}
              </ol>
              <Pagination search={data.search} page={result.page} pages={result.pages} />
            </>
          ) : result.nearest && result.near ? (
            <NearestBeyond search={data.search} near={result.near} nearest={result.nearest} />
          ) : (
            <p>Élargissez la distance, retirez un filtre ou essayez d’autres mots.</p>
          )}
          {result.seeAlso ? <SeeAlso seeAlso={result.seeAlso} /> : null}
        </section>
      ) : null}
    </>
  );
}

/** Nothing within the radius: the nearest offers beyond it and a link to the radius that holds them. */
function NearestBeyond({
  search,
  near,
  nearest,
}: {
  search: string;
  near: { label: string; radiusKm: number };
  nearest: { radiusKm: number; results: TrainingHit[] };
}) {
  const rayon = RAYONS.find((r) => r >= nearest.radiusKm) ?? RAYONS[RAYONS.length - 1];
  return (
    <>
      <p>
        Aucune offre à moins de {near.radiusKm} km de {near.label}. Voici{' '}
        {nearest.results.length > 1 ? 'les plus proches' : 'la plus proche'}, jusqu’à {nearest.radiusKm} km.{' '}
        <a href={pageHref(replaceParam(search, 'rayon', String(rayon)), 1)}>Chercher à moins de {rayon} km</a>.
      </p>
      <ol id="liste-formations" className="card-list training-list">
        {nearest.results.map((hit) => (
          <TrainingCard key={`${hit.source}/${hit.formation}`} hit={hit} />
        ))}
      </ol>
    </>
  );
}

/** Offers reaching the occupation only through a broad certification: folded after the others (as on the fiche). */
function SeeAlso({ seeAlso }: { seeAlso: { total: number; results: TrainingHit[] } }) {
  const many = seeAlso.total > 1;
  const more = seeAlso.total - seeAlso.results.length;
  return (
    <details className="see-also">
      <summary>
        Voir aussi : {countOf(seeAlso.total, 'formation plus large', 'formations plus larges')} qui {many ? 'citent' : 'cite'} ce métier
        parmi d’autres
      </summary>
      <ol className="card-list training-list">
        {seeAlso.results.map((hit) => (
          <TrainingCard key={`${hit.source}/${hit.formation}`} hit={hit} />
        ))}
      </ol>
      {more > 0 ? <p className="source">Et {frenchNumber(more)} de plus : précisez la recherche pour les voir.</p> : null}
    </details>
  );
}

const SORT_LABELS: Record<string, string> = {
  relevance: 'pertinence',
  distance: 'distance',
  start: 'date de début',
  employment: 'taux d’emploi du diplôme',
};

function removeParam(search: string, name: string): string {
  const sp = new URLSearchParams(search);
  sp.delete(name);
  return `?${sp}`;
}

function replaceParam(search: string, name: string, value: string): string {
  const sp = new URLSearchParams(search);
  sp.set(name, value);
  sp.delete('autres');
  return `?${sp}`;
}
