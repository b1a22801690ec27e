import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import css from '../../styles/recrutement.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import {
  AreaField,
  CsrfField,
  errorOf,
  fieldError,
  formToken,
  InputField,
  pageTitle,
  SelectField,
} from '../../components/compte/forms.tsx';
import { LEVELS, resolveCommune, signedIn } from '../../components/apprentissage/offres.tsx';
import { foldAccents } from '../../../src/common/text.ts';

/**
 * « Déposer une offre » (and, with ?offre=N, edit one of my structure's): for employers, and
 * for CFAs depositing for a company they name. The occupation is typed in words: one appellation
 * of the ROME that matches exactly is taken, otherwise the form comes back with the list to
 * choose from. The commune is typed by name or postcode.
 */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

type Values = Record<string, string>;

export async function loader({ request, context }: LoaderArgs) {
  const me = await signedIn(context.api);
  const url = new URL(request.url);
  if (!me) throw redirect(`/connexion?retour=${encodeURIComponent(url.pathname + url.search)}`);
  const forCompany = me.roles.includes('cfa');
  if (!forCompany && !me.roles.includes('employeur'))
    throw new Response('Seuls les employeurs et les CFA déposent des offres.', { status: 403 });
  const editing = url.searchParams.get('offre');
  let values: Values = {};
  if (editing) {
    const res = await context.api.get('/api/v1/recruitment/my-offers/:id', { params: { id: editing } });
    if (res.status !== 200) throw new Response(apiError(res)?.message ?? 'Offre inconnue.', { status: res.status === 403 ? 403 : 404 });
    const o = res.body.offer;
    values = {
      title: o.title,
      metier: o.appellation.label,
      company: o.company,
      companySiret: o.companySiret ?? '',
      description: o.description,
      commune: o.commune.name,
      startDate: o.startDate,
      diploma: o.diploma,
      level: o.level ? String(o.level) : '',
      rhythm: o.rhythm,
      places: String(o.places),
      state: o.state,
    };
  }
  return { editing, forCompany, values, token: await formToken(context.api) };
}

interface ActionData {
  errors: FieldError[];
  values: Values;
  choices?: { code: string; label: string }[];
  token: string;
}

export async function action({ request, context }: ActionArgs) {
  const form = await request.formData();
  const editing = new URL(request.url).searchParams.get('offre');
  const v: Values = {};
  for (const name of [
    'title',
    'metier',
    'appellation',
    'company',
    'companySiret',
    'description',
    'commune',
    'startDate',
    'diploma',
    'level',
    'rhythm',
    'places',
    'state',
  ]) {
    v[name] = String(form.get(name) ?? '')
      .trim()
      .slice(0, 5000);
  }
  const again = async (errors: FieldError[], extra: Partial<ActionData> = {}, status = 400) =>
    data({ errors, values: v, token: await formToken(context.api), ...extra } satisfies ActionData, { status });

  // The occupation: a choice from the list, or the words, when one appellation matches them exactly.
  let appellation = v.appellation;
  if (!appellation) {
    if (!v.metier) return again([{ target: 'metier', message: 'Métier : indiquez le métier de l’offre.' }]);
    const res = await context.api.get('/api/v1/recruitment/appellations', { query: { q: v.metier } });
    const hits = res.status === 200 ? res.body : [];
    const exact = hits.find((h) => foldAccents(h.label).toLowerCase() === foldAccents(v.metier).toLowerCase());
    if (exact || hits.length === 1) appellation = (exact ?? hits[0]).code;
    else if (!hits.length)
      return again([{ target: 'metier', message: `Aucun métier du ROME ne correspond à « ${v.metier} » : essayez un autre mot.` }]);
    else return again([{ target: 'appellation-0', message: 'Métier : choisissez le métier exact dans la liste.' }], { choices: hits });
  }
  const commune = await resolveCommune(context.api, v.commune);
  if (!commune) return again([{ target: 'commune', message: `Commune : aucune commune ne correspond à « ${v.commune} ».` }]);
  const body = {
    title: v.title,
    appellation,
    company: v.company || undefined,
    companySiret: v.companySiret || undefined,
    description: v.description,
    commune: commune.code,
    startDate: v.startDate,
    diploma: v.diploma,
    level: v.level ? Number(v.level) : null,
    rhythm: v.rhythm,
    places: Number(v.places) || 0,
    csrf: String(form.get('csrf') ?? ''),
  };
  const res = editing
    ? await context.api.post('/api/v1/recruitment/offers/:id', {
        params: { id: editing },
        body: { ...body, state: (v.state || undefined) as 'publiee' | undefined },
      })
    : await context.api.post('/api/v1/recruitment/offers', { body });
  const r = apiError(res);
  if (r) {
    const fields = Object.fromEntries(Object.keys(v).map((k) => [k, k]));
    return again([fieldError(r, { ...fields, appellation: 'metier', places: 'places' }, 'title')], {}, r.status);
  }
  if (res.status !== 200)
    return again([{ target: 'title', message: 'Le service ne répond pas comme prévu. Réessayez dans un instant.' }], {}, 503);
  throw redirect(`/apprentissage/mes-offres/${res.body.id}?${editing ? 'modifiee' : 'deposee'}=1`);
}

export default function DeposerPage() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors ?? [];
  const values = posted?.values ?? loaded.values;
  const err = (t: string) => errorOf(errors, t);
  const title = loaded.editing ? 'Modifier mon offre' : 'Déposer une offre d’apprentissage';
  return (
    <div className="r-page">
      <title>{pageTitle(title, errors, theme.name)}</title>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <p className="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
      <Form method="post" className="r-form" noValidate>
        <CsrfField token={posted?.token ?? loaded.token} />
        <InputField
          id="title"
          name="title"
          label="Intitulé de l’offre"
          hint="Ex. « Apprenti boulanger (H/F) »"
          defaultValue={values.title}
          error={err('title')}
        />
        <InputField
          id="metier"
          name="metier"
          label="Métier"
          hint="En quelques mots : le métier du ROME est proposé ensuite."
          defaultValue={values.metier}
          error={err('metier')}
        />
        {posted?.choices ? (
          <fieldset className="r-choices">
            <legend>Choisissez le métier exact *</legend>
            {posted.choices.map((c, i) => (
              <label key={c.code}>
                <input type="radio" id={`appellation-${i}`} name="appellation" value={c.code} required /> {c.label}
              </label>
            ))}
          </fieldset>
        ) : null}
        {loaded.forCompany ? (
          <>
            <InputField id="company" name="company" label="Entreprise qui recrute" defaultValue={values.company} error={err('company')} />
            <InputField
              id="companySiret"
              name="companySiret"
              label="SIRET de l’entreprise"
              hint="14 chiffres"
              required={false}
              defaultValue={values.companySiret}
              error={err('companySiret')}
            />
          </>
        ) : null}
        <AreaField
          id="description"
          name="description"
          label="Description"
          hint="Missions, équipe, ce que l’apprenti apprendra."
          defaultValue={values.description}
          error={err('description')}
        />
        <InputField
          id="commune"
          name="commune"
          label="Commune du lieu de travail"
          hint="Nom ou code postal"
          defaultValue={values.commune}
          error={err('commune')}
        />
        <InputField
          id="startDate"
          name="startDate"
          type="date"
          label="Début du contrat"
          defaultValue={values.startDate}
          error={err('startDate')}
        />
        <InputField
          id="diploma"
          name="diploma"
          label="Diplôme ou titre préparé"
          hint="Ex. « CAP Boulanger »"
          defaultValue={values.diploma}
          error={err('diploma')}
        />
        <SelectField
          id="level"
          name="level"
          label="Niveau du diplôme"
          defaultValue={values.level}
          options={[['', 'Non précisé'], ...Object.entries(LEVELS)]}
          error={err('level')}
        />
        <InputField
          id="rhythm"
          name="rhythm"
          label="Rythme de l’alternance"
          hint="Ex. « 3 semaines en entreprise, 1 semaine au CFA »"
          defaultValue={values.rhythm}
          error={err('rhythm')}
        />
        <InputField
          id="places"
          name="places"
          type="number"
          min={1}
          max={50}
          label="Nombre de places"
          defaultValue={values.places || '1'}
          error={err('places')}
        />
        {loaded.editing ? (
          <SelectField
            id="state"
            name="state"
            label="État de l’offre"
            defaultValue={values.state}
            options={[
              ['publiee', 'Publiée'],
              ['pourvue', 'Pourvue'],
              ['retiree', 'Retirée'],
            ]}
          />
        ) : null}
        <button type="submit" className="button">
          {loaded.editing ? 'Enregistrer les modifications' : 'Déposer l’offre'}
        </button>
      </Form>
    </div>
  );
}
