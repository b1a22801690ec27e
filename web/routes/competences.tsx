import { Form, useActionData, useLoaderData } from 'react-router';
import guidanceCss from '../styles/guidance.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../api.ts';
import { theme } from '../theme.ts';
import { ErrorSummary, FieldMessage, describedBy, type FieldError } from '../components/guidance/ErrorSummary.tsx';
import { TransitionList } from '../components/guidance/TransitionList.tsx';
import { skillGroups, type SkillGroup } from '../components/guidance/FicheSkills.ts';
import { KIND_LABELS, romeCode, type SkillHit, type SkillKind, type Transition } from '../components/guidance/types.ts';
import type { OccupationHit } from '../../src/referentials/contract.ts';

/**
 * « Mes compétences ailleurs »: from an occupation held (found by name with a GET form, or
 * ?from=CODE), the occupations its skills open, ranked by the transitions API. The person may
 * untick skills not practised and add skills found by search: that profile is only ever POSTed
 * (to this route's action, then POST /api/v1/transitions), so nothing personal lands in a URL; nothing
 * is stored. Works without JavaScript.
 */

export const links = () => [{ rel: 'stylesheet', href: guidanceCss }];
/** The page sets its own <title> (it depends on the action's errors, which `meta` cannot see). */
export const meta = () => [];

const LIMIT = 10;

interface PickedSkill {
  code: string;
  label: string;
  kind: string;
}

interface LoaderData {
  q: string;
  /** ?competences=1: start from skills only, without an occupation. */
  skillsOnly: boolean;
  /** Occupations found by name (a code typed as such comes first, labelled by its code). */
  hits: (Pick<OccupationHit, 'code' | 'label'> & Partial<OccupationHit>)[];
  from: { code: string; label: string } | null;
  groups: SkillGroup[];
  transitions: Transition[] | null;
  error: FieldError | null;
}

export async function loader({ request, context }: LoaderArgs): Promise<LoaderData> {
  const url = new URL(request.url);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const skillsOnly = url.searchParams.get('competences') === '1';
  const fromParam = url.searchParams.get('from');
  const data: LoaderData = { q, skillsOnly, hits: [], from: null, groups: [], transitions: null, error: null };

  if (fromParam !== null && fromParam.trim() !== '') {
    const code = romeCode(fromParam);
    if (!code) {
      data.error = {
        target: 'q',
        message: `« ${fromParam.slice(0, 20)} » n’est pas un code ROME (une lettre et quatre chiffres, par exemple D1102). Cherchez votre métier par son nom.`,
      };
      return data;
    }
    const [skills, res] = await Promise.all([
      context.api.get('/api/v1/occupations/:code/skills', { params: { code } }),
      context.api.get('/api/v1/occupations/:code/transitions', { params: { code }, query: { limit: String(LIMIT) } }),
    ]);
    if (res.status === 400 || res.status === 404) {
      data.error = {
        target: 'q',
        message: `${apiError(res)?.message ?? `Aucun métier ne porte le code ${code}.`} Cherchez votre métier par son nom.`,
      };
      return data;
    }
    const err = apiError(res) ?? apiError(skills);
    if (err) throw new Response(err.message, { status: res.status >= 400 ? res.status : skills.status });
    data.from = res.body.source.occupations.find((o) => o.code === code) ?? { code, label: code };
    data.groups = skillGroups(skills.body);
    data.transitions = res.body.transitions;
    return data;
  }
  if (q) {
    const code = romeCode(q);
    const res = await context.api.get('/api/v1/occupations', { query: { q, limit: 10 } });
    data.hits = res.status === 200 ? res.body : [];
    if (code && !data.hits.some((h) => h.code === code)) data.hits.unshift({ code, label: `Code ${code}` });
  }
  return data;
}

interface ActionData {
  /** Codes of the fiche's skills the person kept ticked. */
  kept: string[];
  /** Skills added by search, still ticked. */
  added: PickedSkill[];
  skillQuery: string;
  found: SkillHit[] | null;
  transitions: Transition[] | null;
  errors: FieldError[];
  /** Codes of the fiche's skills unticked: they follow the person into the simulator. */
  excluded: string[];
}

/** Where an API error about `field` ("occupations/0", "skills/2"…) is shown. */
function targetOf(field: string | undefined): string {
  if (!field) return 'profil-submit';
  if (field.startsWith('occupations')) return 'q';
  if (field.startsWith('skills')) return 'skill-q';
  return 'profil-submit';
}

export async function action({ request, context }: ActionArgs): Promise<ActionData> {
  const form = await request.formData();
  const all = (name: string) => form.getAll(name).map(String);
  const from = romeCode(form.get('from'));
  const shown = all('shown');
  const kept = new Set(all('keep'));
  const ticked = new Set(all('add'));
  // Labels of skills added earlier travel in the form as "code<TAB>kind<TAB>label".
  const known = new Map<string, PickedSkill>();
  for (const entry of all('known')) {
    const [code, kind, ...label] = entry.split('\t');
    if (code && label.length) known.set(code, { code, kind: kind ?? '', label: label.join('\t') });
  }
  const added = [...ticked].map((code) => known.get(code) ?? { code, kind: '', label: code }).slice(0, 50);
  const exclude = shown.filter((code) => !kept.has(code));
  const skillQuery = String(form.get('skillQuery') ?? '')
    .trim()
    .slice(0, 200);
  const intent = form.get('intent') === 'search' && skillQuery ? 'search' : 'compare';
  const result: ActionData = { kept: [...kept], added, skillQuery, found: null, transitions: null, errors: [], excluded: exclude };

  if (intent === 'search') {
    const res = await context.api.get('/api/v1/skills', { query: { q: skillQuery, limit: 15 } });
    const err = apiError(res);
    if (err) result.errors.push({ target: 'skill-q', message: err.message });
    else {
      result.found = res.body.filter((hit) => !ticked.has(hit.code));
      if (!result.found.length)
        result.errors.push({ target: 'skill-q', message: `Aucune compétence ne correspond à « ${skillQuery} ». Essayez un autre mot.` });
    }
    return result;
  }

  if (!from && !added.length) {
    result.errors.push({ target: 'skill-q', message: 'Ajoutez au moins une compétence, ou partez d’un métier que vous avez exercé.' });
    return result;
  }
  const res = await context.api.post('/api/v1/transitions', {
    body: { occupations: from ? [from] : [], exclude, skills: added.map((s) => s.code), limit: LIMIT },
  });
  const err = apiError(res);
  if (err) result.errors.push({ target: targetOf(err.field), message: err.message });
  else result.transitions = res.body.transitions;
  return result;
}

export default function CompetencesPage() {
  const data = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = [...(data.error ? [data.error] : []), ...(posted?.errors ?? [])];
  const errorFor = (target: string) => errors.find((e) => e.target === target)?.message;
  const transitions = posted?.transitions ?? (posted ? null : data.transitions);
  const showProfile = data.from !== null || data.skillsOnly || (posted?.added.length ?? 0) > 0;
  const title = `${errors.length ? 'Erreur – ' : ''}${data.from ? `Depuis ${data.from.label} : ` : ''}Mes compétences ailleurs – ${theme.name}`;
  const qError = errorFor('q');
  const unticked = posted?.excluded.length ?? 0;
  const s = (n: number) => (n > 1 ? 's' : '');

  return (
    <div className="g-page">
      <title>{title}</title>
      <h1>Mes compétences ailleurs</h1>
      <p className="g-lead">
        Les compétences d’un métier servent dans d’autres. Indiquez un métier que vous avez exercé : nous classons les métiers où elles
        comptent le plus et montrons ce qu’il vous resterait à acquérir. Rien de ce que vous saisissez n’est conservé.
      </p>
      <ErrorSummary errors={errors} />

      <section aria-labelledby="etape-metier" className="g-section">
        <h2 id="etape-metier">Votre métier</h2>
        {data.from ? (
          <p className="g-from">
            Vous partez du métier <strong>{data.from.label}</strong> <span className="source">({data.from.code})</span>.{' '}
            <a href="/competences">Changer de métier</a>
          </p>
        ) : (
          <>
            <Form method="get" role="search" aria-label="Chercher votre métier" className="search-row">
              <div className="field">
                <label htmlFor="q">
                  Un métier que vous avez exercé
                  <span className="hint" id="q-hint">
                    Son nom ou son code ROME, par exemple : vendeur en épicerie, boulanger, D1102
                  </span>
                </label>
                <input
                  id="q"
                  name="q"
                  type="search"
                  defaultValue={data.q}
                  autoComplete="off"
                  aria-describedby={describedBy(qError && 'q-error')}
                  aria-invalid={qError ? true : undefined}
                />
                <FieldMessage id="q-error" message={qError} />
              </div>
              <button type="submit" className="button">
                Chercher ce métier
              </button>
            </Form>
            {data.q ? (
              data.hits.length ? (
                <>
                  <h3 id="choix-metier">Choisissez votre métier</h3>
                  <ul className="g-choices" aria-labelledby="choix-metier">
                    {data.hits.map((h) => (
                      <li key={h.code}>
                        <a href={`/competences?from=${h.code}`}>{h.label}</a> <span className="source">({h.code})</span>
                        {h.matched && h.matched !== h.label ? <span className="source"> — « {h.matched} »</span> : null}
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p>Aucun métier ne correspond à « {data.q} ». Essayez un autre mot.</p>
              )
            ) : null}
            {!data.skillsOnly ? (
              <p>
                <a href="/competences?competences=1">Je préfère partir de mes compétences, sans métier</a>
              </p>
            ) : null}
          </>
        )}
      </section>

      {showProfile ? <ProfileForm data={data} posted={posted} errorFor={errorFor} /> : null}

      {transitions ? (
        <section aria-labelledby="resultats" className="g-section">
          <h2 id="resultats">Les métiers où vos compétences comptent</h2>
          <p className="source">
            Classement établi à partir des compétences, savoirs et contextes de travail du ROME 4.0 (France Travail), chaque compétence
            pesant d’autant plus qu’elle est propre à peu de métiers (une compétence partagée par des centaines de métiers compte peu). La
            proximité, de 0 à 100 %, sert au classement ; la part « déjà acquise » est celle des compétences du métier, ainsi pondérées, que
            vous avez déjà. Les passerelles officielles des fiches métiers n’entrent pas dans ce calcul.
            {unticked
              ? ` ${unticked} compétence${s(unticked)} décochée${s(unticked)} n’${unticked > 1 ? 'ont' : 'a'} pas été comptée${s(unticked)}.`
              : ''}
          </p>
          {transitions.length ? (
            <TransitionList transitions={transitions} from={data.from?.code} exclude={posted?.excluded} />
          ) : (
            <p>Aucun métier proche n’a été trouvé pour ces compétences. Ajoutez-en d’autres ou partez d’un autre métier.</p>
          )}
        </section>
      ) : null}
    </div>
  );
}

function ProfileForm({
  data,
  posted,
  errorFor,
}: {
  data: LoaderData;
  posted: ActionData | undefined;
  errorFor: (target: string) => string | undefined;
}) {
  const kept = posted ? new Set(posted.kept) : null;
  const isKept = (code: string) => (kept ? kept.has(code) : true);
  const total = data.groups.reduce((n, g) => n + g.items.length, 0);
  const keptCount = data.groups.reduce((n, g) => n + g.items.filter((it) => isKept(it.code)).length, 0);
  const skillError = errorFor('skill-q');
  const submitError = errorFor('profil-submit');
  const added = posted?.added ?? [];
  const found = posted?.found ?? [];
  return (
    <section aria-labelledby="etape-profil" className="g-section">
      <h2 id="etape-profil">{data.from ? 'Affiner vos compétences (facultatif)' : 'Vos compétences'}</h2>
      <Form method="post" id="profil" className="g-profile">
        {data.from ? <input type="hidden" name="from" value={data.from.code} /> : null}
        {data.groups.length ? (
          <details className="g-details g-untick" open={posted !== undefined && posted.found !== null}>
            <summary>
              Décocher les compétences que vous ne pratiquez pas{' '}
              <span className="g-summary-count">
                ({keptCount} cochées sur {total})
              </span>
            </summary>
            {data.groups.map((g) => (
              <fieldset key={g.id} className="g-fieldset">
                <legend>{g.label}</legend>
                <ul className="g-checks">
                  {g.items.map((it) => (
                    <li key={it.code}>
                      <input type="hidden" name="shown" value={it.code} />
                      <input type="checkbox" id={`keep-${it.code}`} name="keep" value={it.code} defaultChecked={isKept(it.code)} />
                      <label htmlFor={`keep-${it.code}`}>{it.label}</label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            ))}
          </details>
        ) : null}

        <fieldset className="g-fieldset">
          <legend>Ajouter des compétences acquises ailleurs</legend>
          {added.length ? (
            <ul className="g-checks" aria-label="Compétences ajoutées">
              {added.map((s) => (
                <li key={s.code}>
                  <input type="hidden" name="known" value={`${s.code}\t${s.kind}\t${s.label}`} />
                  <input type="checkbox" id={`add-${s.code}`} name="add" value={s.code} defaultChecked />
                  <label htmlFor={`add-${s.code}`}>
                    {s.label}
                    {s.kind ? <span className="source"> ({KIND_LABELS[s.kind as SkillKind] ?? s.kind})</span> : null}
                  </label>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="search-row">
            <div className="field">
              <label htmlFor="skill-q">
                Chercher une compétence
                <span className="hint" id="skill-q-hint">
                  Par exemple : encaissement, pâte feuilletée, accueil
                </span>
              </label>
              <input
                id="skill-q"
                name="skillQuery"
                type="search"
                defaultValue={posted?.found ? posted.skillQuery : ''}
                autoComplete="off"
                aria-describedby={describedBy(skillError && 'skill-q-error')}
                aria-invalid={skillError ? true : undefined}
              />
              <FieldMessage id="skill-q-error" message={skillError} />
            </div>
            <button type="submit" name="intent" value="search" className="button button-secondary">
              Chercher
            </button>
          </div>
          {found.length ? (
            <fieldset className="g-fieldset g-found">
              <legend>
                Cochez celles que vous pratiquez ({found.length} trouvées pour « {posted?.skillQuery} »)
              </legend>
              <ul className="g-checks">
                {found.map((s) => (
                  <li key={s.code}>
                    <input type="hidden" name="known" value={`${s.code}\t${s.kind}\t${s.label}`} />
                    <input type="checkbox" id={`add-${s.code}`} name="add" value={s.code} />
                    <label htmlFor={`add-${s.code}`}>
                      {s.label}
                      <span className="source">
                        {' '}
                        ({KIND_LABELS[s.kind] ?? s.kind}
                        {s.macro ? ` — ${s.macro.label}` : ''})
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ) : null}
        </fieldset>

        <FieldMessage id="profil-submit-error" message={submitError} />
        <button
          type="submit"
          name="intent"
          value="compare"
          id="profil-submit"
          className="button"
          aria-describedby={submitError ? 'profil-submit-error' : undefined}
        >
          Voir les métiers qui me correspondent
        </button>
      </Form>
    </section>
  );
}
