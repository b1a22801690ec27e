/**
 * « Agenda de l’apprentissage » (/apprentissage/agenda): salons, forums, open days and info
 * sessions. A GET form (text, kinds, period, days, département, commune and distance), the list,
 * the map as an enhancement whose alternative is the list, and the iCalendar file of the list.
 * Works without JavaScript.
 */
import { useLoaderData } from 'react-router';
import type { AgendaList, AgendaQuery } from '../../../src/agenda/contract.ts';
import { COMMUNE_CODE_ANY_CASE } from '../../../src/common/codes.ts';
import { EVENT_KINDS, KIND_LABELS, isEventKind } from '../../../src/common/event-kinds.ts';
import { apiError, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { MapBlock } from '../../components/map/MapBlock.tsx';
import { EventCard } from '../../components/agenda/EventCard.tsx';
import { ErrorSummary, FieldMessage, describedBy, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import { pageTitle } from '../../components/compte/forms.tsx';
import trainingsCss from '../../styles/trainings.css?url';
import agendaCss from '../../styles/agenda.css?url';

export const links = () => [
  { rel: 'stylesheet', href: trainingsCss },
  { rel: 'stylesheet', href: agendaCss },
];
export const meta = () => [];

const PAGE_SIZE = 20;
const RAYONS = [10, 20, 30, 50, 100];
const PERIODS = {
  'a-venir': { when: 'upcoming', label: 'À venir (et en cours)' },
  passes: { when: 'past', label: 'Passés' },
  toutes: { when: 'all', label: 'Toutes les dates' },
} as const;
type Period = keyof typeof PERIODS;

/** The API's parameters → the inputs of the form (for errors). */
const FIELDS: Record<string, string> = {
  q: 'q',
  from: 'du',
  to: 'au',
  departement: 'departement',
  commune: 'commune',
  radiusKm: 'rayon',
  when: 'periode',
  kinds: `type-${EVENT_KINDS[0]}`,
};

export async function loader({ request, context }: LoaderArgs) {
  const url = new URL(request.url);
  const sp = url.searchParams;
  const get = (name: string) => (sp.get(name) ?? '').trim().slice(0, 200);
  const periode: Period = get('periode') in PERIODS ? (get('periode') as Period) : 'a-venir';
  const form = {
    q: get('q'),
    types: sp.getAll('type').filter(isEventKind),
    periode,
    du: get('du'),
    au: get('au'),
    departement: get('departement').toUpperCase(),
    commune: get('commune'),
    rayon: RAYONS.includes(Number(get('rayon'))) ? Number(get('rayon')) : 30,
  };
  const errors: FieldError[] = [];

  // A commune typed by name or postcode: the most likely one (the search of the territories).
  let commune: string | undefined;
  if (form.commune) {
    if (COMMUNE_CODE_ANY_CASE.test(form.commune)) commune = form.commune.toUpperCase();
    else {
      const res = await context.api.get('/api/v1/territories/communes', { query: { q: form.commune, limit: 1, region: theme.regionCode } });
      commune = res.status === 200 ? res.body[0]?.code : undefined;
      if (!commune)
        errors.push({
          target: 'commune',
          message: `Aucune commune ne correspond à « ${form.commune} » : essayez un autre nom ou un code postal.`,
        });
    }
  }
  const query: AgendaQuery = {
    q: form.q || undefined,
    kinds: form.types.join(',') || undefined,
    when: PERIODS[periode].when,
    from: form.du || undefined,
    to: form.au || undefined,
    departement: form.departement || undefined,
    commune,
    radiusKm: commune ? form.rayon : undefined,
  };
  const page = Math.max(1, Math.min(1000, Number.parseInt(get('page'), 10) || 1));
  let result: AgendaList | null = null;
  if (!errors.length) {
    const res = await context.api.get('/api/v1/agenda/events', { query: { ...query, page, pageSize: PAGE_SIZE } });
    const error = apiError(res);
    if (error) errors.push({ target: FIELDS[error.field ?? ''] ?? 'q', message: error.message });
    else result = res.body;
  }
  const api = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) api.set(k, String(v));
  return {
    form,
    errors,
    result,
    search: url.search,
    ics: `/api/v1/agenda/export.ics?${api}`,
    points: `/api/v1/agenda/places?${api}`,
    pastHref: `/apprentissage/agenda?${withParam(url.search, 'periode', 'passes')}`,
  };
}

function withParam(search: string, name: string, value: string | null): string {
  const sp = new URLSearchParams(search);
  sp.delete('page');
  if (value === null) sp.delete(name);
  else sp.set(name, value);
  return sp.toString();
}

function pageHref(search: string, page: number): string {
  const s = withParam(search, 'page', page > 1 ? String(page) : null);
  return s ? `/apprentissage/agenda?${s}` : '/apprentissage/agenda';
}

function heading(result: AgendaList, periode: Period): string {
  const n = result.total;
  const what = n === 0 ? 'Aucun événement' : `${n.toLocaleString('fr-FR')} événement${n > 1 ? 's' : ''}`;
  const when = periode === 'a-venir' ? ` à venir` : periode === 'passes' ? (n > 1 ? ' passés' : ' passé') : '';
  return `${what}${when}${result.near ? ` à moins de ${result.near.radiusKm} km de ${result.near.label}` : ''}`;
}

export default function AgendaPage() {
  const { form, errors, result, search, ics, points, pastHref } = useLoaderData<typeof loader>();
  const error = (target: string) => errors.find((e) => e.target === target)?.message;
  const kinds = result?.kinds ?? EVENT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k], count: 0 }));
  const placed = result?.results.some((e) => e.commune?.lat != null) ?? false;
  const filters = form.types.length + (form.du ? 1 : 0) + (form.au ? 1 : 0) + (form.departement ? 1 : 0);
  return (
    <div className="ag-page">
      <title>
        {pageTitle(
          result && result.page > 1 ? `Agenda de l’apprentissage – page ${result.page}` : 'Agenda de l’apprentissage',
          errors,
          theme.name,
        )}
      </title>
      <h1>Agenda de l’apprentissage</h1>
      <p>
        Salons, forums, journées portes ouvertes des établissements et réunions d’information sur l’apprentissage. Chaque événement peut
        être ajouté à votre agenda (fichier iCalendar).
      </p>
      <ErrorSummary errors={errors} />
      <form method="get" action="/apprentissage/agenda" role="search" aria-label="Recherche d’événements" className="training-search">
        <div className="search-grid">
          <div className="field field-wide">
            <label htmlFor="q">
              Mots-clés<span className="hint">Par exemple : alternance, numérique, Studyrama</span>
            </label>
            <input id="q" name="q" type="search" defaultValue={form.q} aria-describedby={describedBy(error('q') && 'q-error')} />
            <FieldMessage id="q-error" message={error('q')} />
          </div>
          <div className="field">
            <label htmlFor="periode">Période</label>
            <select id="periode" name="periode" defaultValue={form.periode}>
              {Object.entries(PERIODS).map(([value, p]) => (
                <option key={value} value={value}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-wide">
            <label htmlFor="commune">
              Près de<span className="hint">Commune : nom, code postal ou code INSEE</span>
            </label>
            <input
              id="commune"
              name="commune"
              type="text"
              autoComplete="address-level2"
              defaultValue={form.commune}
              aria-describedby={describedBy(error('commune') && 'commune-error')}
              aria-invalid={error('commune') ? true : undefined}
            />
            <FieldMessage id="commune-error" message={error('commune')} />
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
        </div>
        <details className="filters" open={filters > 0}>
          <summary>Filtres{filters ? ` (${filters} actif${filters > 1 ? 's' : ''})` : ''}</summary>
          <div className="filters-grid">
            <fieldset className="facet">
              <legend>Type d’événement</legend>
              {kinds.map((k) => (
                <div className="check" key={k.value}>
                  <input type="checkbox" id={`type-${k.value}`} name="type" value={k.value} defaultChecked={form.types.includes(k.value)} />
                  <label htmlFor={`type-${k.value}`}>
                    {k.label} {result ? <span className="count">({k.count})</span> : null}
                  </label>
                </div>
              ))}
            </fieldset>
            <fieldset className="facet">
              <legend>Dates</legend>
              <div className="field">
                <label htmlFor="du">Se terminant à partir du</label>
                <input
                  id="du"
                  name="du"
                  type="date"
                  defaultValue={form.du}
                  aria-describedby={describedBy(error('du') && 'du-error')}
                  aria-invalid={error('du') ? true : undefined}
                />
                <FieldMessage id="du-error" message={error('du')} />
              </div>
              <div className="field">
                <label htmlFor="au">Commençant au plus tard le</label>
                <input
                  id="au"
                  name="au"
                  type="date"
                  defaultValue={form.au}
                  aria-describedby={describedBy(error('au') && 'au-error')}
                  aria-invalid={error('au') ? true : undefined}
                />
                <FieldMessage id="au-error" message={error('au')} />
              </div>
            </fieldset>
            <div className="field">
              <label htmlFor="departement">
                Département
                <span className="hint" id="departement-hint">
                  Son code, par exemple 49 ou 2A
                </span>
              </label>
              <input
                id="departement"
                name="departement"
                type="text"
                inputMode="text"
                maxLength={3}
                defaultValue={form.departement}
                aria-describedby={describedBy('departement-hint', error('departement') && 'departement-error')}
                aria-invalid={error('departement') ? true : undefined}
              />
              <FieldMessage id="departement-error" message={error('departement')} />
            </div>
          </div>
        </details>
        <button type="submit" className="button">
          Afficher les événements
        </button>
      </form>

      {result ? (
        <section aria-labelledby="resultats">
          <h2 id="resultats">{heading(result, form.periode)}</h2>
          {result.notes.length ? (
            <ul className="source">
              {result.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
          {result.total > 0 ? (
            <>
              <div className="ag-actions">
                <a href={ics} download="agenda-passerelles.ics">
                  Ajouter ces {result.total > 1 ? `${result.total.toLocaleString('fr-FR')} événements` : 'événement'} à mon agenda (.ics)
                </a>
              </div>
              {placed ? <MapBlock label="Carte des événements" points={points} listId="liste-evenements" /> : null}
              {result.pages > 1 ? (
                <p className="source">
                  Page {result.page} sur {result.pages}.
                </p>
              ) : null}
              <ol id="liste-evenements" className="card-list ag-list">
                {result.results.map((e) => (
                  <EventCard key={e.id} event={e} />
                ))}
              </ol>
              <Pagination search={search} page={result.page} pages={result.pages} />
            </>
          ) : (
            <p>
              Élargissez la distance, retirez un filtre ou essayez d’autres mots.
              {form.periode === 'a-venir' ? (
                <>
                  {' '}
                  <a href={pastHref}>Voir les événements passés</a>.
                </>
              ) : null}
            </p>
          )}
        </section>
      ) : null}
      <aside aria-labelledby="proposer" className="next-steps card">
        <h2 id="proposer">Vous êtes un CFA ou la Région ?</h2>
        <p>
          Annoncez vos journées portes ouvertes, salons et réunions d’information :{' '}
          <a href="/apprentissage/agenda/proposer">proposer un événement</a> (connexion avec un compte CFA ou Région).
        </p>
      </aside>
    </div>
  );
}

function Pagination({ search, page, pages }: { search: string; page: number; pages: number }) {
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pages d’événements">
      <ul>
        {page > 1 ? (
          <li>
            <a href={pageHref(search, page - 1)} rel="prev">
              Page précédente
            </a>
          </li>
        ) : null}
        <li>
          <a href={pageHref(search, page)} aria-current="page" aria-label={`Page ${page}, page actuelle`}>
            {page}
          </a>
        </li>
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
