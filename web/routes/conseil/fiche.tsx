import { data, redirect, useActionData, useLoaderData } from 'react-router';
import css from '../../styles/conseil.css?url';
import { apiError, type ActionArgs, type LoaderArgs, type WebApi } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import { fieldError, formTokens, pageTitle, reader, type Refusal } from '../../components/compte/forms.tsx';
import { resolveCommune } from '../../components/apprentissage/offres.tsx';
import { romeCode } from '../../components/guidance/types.ts';
import { AGE_BRACKETS, BENEFICIARY_STATUSES, counsellorAnswer, personName, word } from '../../components/conseil/common.tsx';
import {
  LinkSection,
  PlanSection,
  ProfileSection,
  ReferralSection,
  RightsSection,
  SimulationSection,
  type Occupation,
} from '../../components/conseil/record-sections.tsx';
import type { StepKind, StepStatus } from '../../../src/common/counselling-words.ts';

/**
 * A person's record: who they are and their consent; the skills profile (the occupations held,
 * then their skills to untick: a GET form shows them, a POST form saves them); the simulations
 * run on it and saved, to open or compare; the plan; the link the person opens without an
 * account; the hand-over to another structure; export and erasure. Each form carries its own
 * one-time token and an `intent`; after a change the page comes back with `?fait=…`.
 * Every opening of the record is logged with its purpose (`?finalite=…`, by default the follow-up).
 */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

const DEFAULT_PURPOSE = 'suivi de l’accompagnement';

const DONE: Record<string, string> = {
  cree: 'La fiche est créée, avec le consentement de la personne.',
  fiche: 'La fiche est corrigée.',
  profil: 'Le profil de compétences est enregistré.',
  simulation: 'La simulation est enregistrée avec la version des données utilisée.',
  etape: 'L’étape est ajoutée au plan.',
  'etape-modifiee': 'L’étape est modifiée.',
  revoque: 'Le lien est révoqué : il ne s’ouvre plus.',
  orientation: 'Le projet est transmis à la structure destinataire.',
};

/** ROME codes typed or carried: « D1106, d1102 » → ['D1106', 'D1102'] (at most 5). */
function romeCodes(text: string | null | undefined): string[] {
  return [
    ...new Set(
      String(text ?? '')
        .split(/[\s,;]+/)
        .map(romeCode)
        .filter((c): c is string => !!c),
    ),
  ].slice(0, 5);
}

/** The occupations held with their skills (the API's, in its order). */
async function occupationsOf(api: WebApi, codes: string[]): Promise<Occupation[]> {
  const out: Occupation[] = [];
  for (const code of codes) {
    const [fiche, skills] = await Promise.all([
      api.get('/api/v1/occupations/:code', { params: { code } }),
      api.get('/api/v1/occupations/:code/skills', { params: { code } }),
    ]);
    out.push({
      code,
      label: fiche.status === 200 ? fiche.body.label : null,
      skills: skills.status === 200 ? skills.body.map((s) => ({ code: s.code, label: s.label })) : [],
    });
  }
  return out;
}

export async function loader({ params, request, context }: LoaderArgs) {
  const id = String(params.id ?? '');
  const sp = new URL(request.url).searchParams;
  const purpose = (sp.get('finalite') ?? '').trim().slice(0, 200) || DEFAULT_PURPOSE;
  const record = counsellorAnswer(
    await context.api.get('/api/v1/counselling/beneficiaries/:id', { params: { id }, query: { purpose } }),
    `/conseil/${id}`,
  );
  const asked = romeCodes(sp.get('metiers'));
  // A skill sought by words, to add to those of the occupations.
  const sought = (sp.get('competence') ?? '').trim().slice(0, 100);
  const found = sought ? await context.api.get('/api/v1/skills', { query: { q: sought, limit: 10 } }) : null;
  const skillHits = found?.status === 200 ? found.body.map((h) => ({ code: h.code, label: h.label })) : [];
  const occupations = await occupationsOf(context.api, asked.length ? asked : (record.profile?.occupations ?? []));
  const activeLinks = record.links.filter((l) => !l.revokedAt && Date.parse(l.expiresAt) > Date.now());
  const [profile, simulate, step, link, refer, erase, ...rest] = await formTokens(
    context.api,
    6 + record.plan.steps.length + activeLinks.length,
  );
  return {
    record,
    purpose,
    occupations,
    changed: asked.length > 0,
    sought,
    skillHits,
    activeLinks: activeLinks.map((l) => l.id),
    done: DONE[sp.get('fait') ?? ''] ?? (sp.has('cree') ? DONE.cree : null),
    tokens: {
      profile,
      simulate,
      step,
      link,
      refer,
      erase,
      steps: rest.slice(0, record.plan.steps.length),
      revokes: rest.slice(record.plan.steps.length),
    },
  };
}

export interface ActionData {
  errors: FieldError[];
  /** The form the errors are about, to open it again with what was typed. */
  intent?: string;
  values?: Record<string, string>;
  /** A link just created: its address is shown this once. */
  link?: { url: string; expiresAt: string };
}

export async function action({ params, request, context }: ActionArgs) {
  const id = String(params.id ?? '');
  const raw = await request.formData();
  const form = reader(raw);
  const csrf = form.text('csrf', 100);
  const intent = form.text('intent', 30);
  const api = context.api;
  const values: Record<string, string> = {};
  for (const [k, v] of raw.entries()) if (typeof v === 'string' && k !== 'csrf') values[k] = v.slice(0, 2000);
  const refused = (r: Refusal | null, fields: Record<string, string>, fallback: string) => {
    if (r?.status === 401) throw redirect(`/connexion?retour=/conseil/${id}`);
    const error = r ? fieldError(r, fields, fallback) : { target: fallback, message: 'Le service ne répond pas comme prévu.' };
    return data({ errors: [error], intent, values } satisfies ActionData, { status: r?.status ?? 503 });
  };
  const missing = (target: string, message: string) =>
    data({ errors: [{ target, message }], intent, values } satisfies ActionData, { status: 400 });
  const done = (what: string, anchor: string) => redirect(`/conseil/${id}?fait=${what}#${anchor}`);
  switch (intent) {
    case 'profil': {
      const occupations = romeCodes(form.text('metiers', 100));
      if (!occupations.length) return missing('metiers', 'Métiers exercés : au moins un code ROME, ex. D1106.');
      const kept = new Set(raw.getAll('garde').map(String));
      const all = (await occupationsOf(api, occupations)).flatMap((o) => o.skills.map((s) => s.code));
      const exclude = [...new Set(all.filter((c) => !kept.has(c)))];
      const skills = [...new Set(raw.getAll('ajout').map(String))].slice(0, 200);
      const esco = [...new Set(raw.getAll('esco').map(String))].slice(0, 200);
      const r = apiError(
        await api.post('/api/v1/counselling/beneficiaries/:id/profile', {
          params: { id },
          body: { occupations, exclude, skills, esco, csrf },
        }),
      );
      if (r) return refused(r, { occupations: 'metiers', exclude: 'metiers' }, 'metiers');
      throw done('profil', 'profil');
    }
    case 'simulation': {
      const kind = form.text('kind', 20) === 'transitions' ? 'transitions' : 'parcours';
      const communeText = form.text('commune', 100);
      const commune = communeText ? await resolveCommune(api, communeText) : null;
      if (communeText && !commune) return missing('sim-commune', `Commune : aucune commune ne correspond à « ${communeText} ».`);
      const to = form.text('to', 20);
      if (kind === 'parcours' && !romeCode(to)) return missing('sim-to', 'Métier visé : un code ROME, ex. D1102.');
      const res = await api.post('/api/v1/counselling/beneficiaries/:id/simulations', {
        params: { id },
        body: {
          kind,
          ...(kind === 'parcours' ? { to: romeCode(to)! } : {}),
          ...(commune ? { commune: commune.code } : {}),
          radius: Math.min(200, Math.max(1, Number(form.text('radius', 3)) || 30)),
          ...(form.text('label', 200) ? { label: form.text('label', 200) } : {}),
          csrf,
        },
      });
      const r = apiError(res);
      if (r) return refused(r, { to: 'sim-to', commune: 'sim-commune', radius: 'sim-radius', profile: 'metiers' }, 'sim-kind');
      throw done('simulation', 'simulations');
    }
    case 'etape':
    case 'etape-modifiee': {
      const step = form.text('step', 12);
      const prefix = intent === 'etape' ? 'step' : `s${step}`;
      const body = {
        kind: form.text('kind', 20) as StepKind,
        title: form.text('title', 200),
        dueDate: form.text('dueDate', 10) || null,
        status: (form.text('status', 20) || 'a-faire') as StepStatus,
        notes: form.text('notes', 2000),
        csrf,
      };
      const res =
        intent === 'etape'
          ? await api.post('/api/v1/counselling/beneficiaries/:id/steps', { params: { id }, body })
          : await api.post('/api/v1/counselling/steps/:id', { params: { id: step }, body });
      const r = apiError(res);
      const f = (n: string) => `${prefix}-${n}`;
      if (r)
        return refused(r, { kind: f('kind'), title: f('title'), dueDate: f('date'), status: f('status'), notes: f('notes') }, f('title'));
      throw done(intent, 'plan');
    }
    case 'lien': {
      const res = await api.post('/api/v1/counselling/beneficiaries/:id/links', {
        params: { id },
        body: { days: Math.min(30, Math.max(1, Number(form.text('days', 2)) || 30)), csrf },
      });
      const r = apiError(res);
      if (r || res.status !== 200) return refused(r, { days: 'link-days' }, 'link-days');
      return { errors: [], intent, link: { url: res.body.url, expiresAt: res.body.expiresAt } } satisfies ActionData;
    }
    case 'revoquer': {
      const r = apiError(await api.post('/api/v1/counselling/links/:id/revoke', { params: { id: form.text('link', 12) }, body: { csrf } }));
      if (r) return refused(r, {}, 'lien');
      throw done('revoque', 'lien');
    }
    case 'orientation': {
      const r = apiError(
        await api.post('/api/v1/counselling/beneficiaries/:id/referrals', {
          params: { id },
          body: { to: form.text('to', 20), project: form.text('project', 2000), consent: form.text('consent', 1) === '1', csrf },
        }),
      );
      if (r) return refused(r, { to: 'ref-to', project: 'ref-project', consent: 'ref-consent' }, 'ref-to');
      throw done('orientation', 'orientation');
    }
    case 'effacer': {
      if (form.text('confirm', 1) !== '1')
        return missing('erase-confirm', 'Cochez la case pour confirmer l’effacement définitif de la personne.');
      const r = apiError(
        await api.post('/api/v1/counselling/beneficiaries/:id/erase', { params: { id }, body: { reason: form.text('reason', 200), csrf } }),
      );
      if (r) return refused(r, { reason: 'erase-reason' }, 'erase-confirm');
      throw redirect('/conseil?efface=1');
    }
    default:
      return missing('fiche-titre', 'Formulaire inconnu : rechargez la page.');
  }
}

export default function FichePage() {
  const { record: b, purpose, occupations, changed, sought, skillHits, activeLinks, done, tokens } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() ?? null;
  const errors = posted?.errors ?? [];
  const name = personName(b);
  return (
    <div className="k-page">
      <title>{pageTitle(`${name} – Mes bénéficiaires`, errors, theme.name)}</title>
      <p>
        <a href="/conseil">Mes bénéficiaires</a>
      </p>
      <h1 id="fiche-titre" tabIndex={-1}>
        {name}
      </h1>
      {done && !posted ? (
        <p className="k-notice" role="status">
          {done}
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <nav aria-label="Sections de la fiche" className="k-toc">
        <ul>
          <li>
            <a href="#profil">Profil de compétences</a>
          </li>
          <li>
            <a href="#simulations">Simulations</a>
          </li>
          <li>
            <a href="#plan">Plan d’action</a>
          </li>
          <li>
            <a href="#lien">Lien de la personne</a>
          </li>
          <li>
            <a href="#orientation">Orientation</a>
          </li>
          <li>
            <a href={`/conseil/${b.id}/synthese`}>Synthèse à imprimer</a>
          </li>
        </ul>
      </nav>
      <dl className="k-facts">
        <dt>Commune</dt>
        <dd>{b.commune ? `${b.commune.name} (${b.commune.code})` : 'non indiquée'}</dd>
        <dt>Âge</dt>
        <dd>{word(AGE_BRACKETS, b.ageBracket)}</dd>
        <dt>Situation</dt>
        <dd>{word(BENEFICIARY_STATUSES, b.status)}</dd>
        <dt>Finalité</dt>
        <dd>{b.purpose}</dd>
        <dt>Consentement</dt>
        <dd>
          recueilli le{' '}
          <time dateTime={b.consent.at}>{new Date(b.consent.at).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })}</time> (texte du{' '}
          {b.consent.version})
        </dd>
      </dl>
      <p>
        <a href={`/conseil/${b.id}/modifier`}>Corriger la fiche</a>
      </p>
      <p className="hint">Cette consultation est inscrite au journal des accès, avec sa finalité : « {purpose} ».</p>
      <ProfileSection
        id={b.id}
        occupations={occupations}
        exclude={b.profile?.exclude ?? []}
        saved={b.profile}
        changed={changed}
        sought={sought}
        skillHits={skillHits}
        token={tokens.profile}
        posted={posted}
      />
      <SimulationSection record={b} token={tokens.simulate} posted={posted} />
      <PlanSection record={b} token={tokens.step} stepTokens={tokens.steps} posted={posted} />
      <LinkSection record={b} token={tokens.link} active={activeLinks} revokeTokens={tokens.revokes} posted={posted} />
      <ReferralSection record={b} token={tokens.refer} posted={posted} />
      <RightsSection record={b} token={tokens.erase} posted={posted} />
    </div>
  );
}
