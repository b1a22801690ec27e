import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import css from '../../styles/conseil.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, FieldMessage, describedBy, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import {
  AreaField,
  CsrfField,
  InputField,
  SelectField,
  errorOf,
  fieldError,
  formToken,
  pageTitle,
  reader,
} from '../../components/compte/forms.tsx';
import { resolveCommune } from '../../components/apprentissage/offres.tsx';
import { AGE_BRACKETS, BENEFICIARY_STATUSES, counsellorAnswer, options } from '../../components/conseil/common.tsx';
import { CONSENT } from '../../../src/common/counselling-words.ts';
import type { AgeBracket, BeneficiaryStatus } from '../../../src/common/counselling-words.ts';

/**
 * Welcoming a new person: a first name or a pseudonym, an optional initial, the commune typed by
 * name, the age bracket, the situation and the purpose; the consent text is read to the person and
 * the box ticked once they agree. Nothing else is asked. At /conseil/:id/modifier, the same form
 * corrects a record (the consent given stays as it was).
 */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

export async function loader({ params, context }: LoaderArgs) {
  const id = params.id;
  if (!id) {
    // The list answers 401 or 403 for whoever may not create a record.
    counsellorAnswer(await context.api.get('/api/v1/counselling/beneficiaries', { query: { page: 1 } }), '/conseil/nouveau');
    return { id: null, record: null, token: await formToken(context.api) };
  }
  const b = counsellorAnswer(
    await context.api.get('/api/v1/counselling/beneficiaries/:id', { params: { id }, query: { purpose: 'correction de la fiche' } }),
    `/conseil/${id}/modifier`,
  );
  const record = {
    firstName: b.firstName,
    initial: b.initial ?? '',
    commune: b.commune?.name ?? '',
    ageBracket: b.ageBracket,
    status: b.status,
    purpose: b.purpose,
    consent: true,
  };
  return { id, record, token: await formToken(context.api) };
}

const FIELDS = {
  firstName: 'firstName',
  initial: 'initial',
  commune: 'commune',
  ageBracket: 'ageBracket',
  status: 'status',
  purpose: 'purpose',
  consent: 'consent',
};

export async function action({ params, request, context }: ActionArgs) {
  const form = reader(await request.formData());
  const values = {
    firstName: form.text('firstName', 60),
    initial: form.text('initial', 2),
    commune: form.text('commune', 100),
    ageBracket: form.text('ageBracket', 20),
    status: form.text('status', 20),
    purpose: form.text('purpose', 300),
    consent: form.text('consent', 1) === '1',
  };
  const back = (errors: FieldError[], status = 400) => data({ errors, values }, { status });
  const commune = values.commune ? await resolveCommune(context.api, values.commune) : null;
  if (values.commune && !commune)
    return back([{ target: 'commune', message: `Commune : aucune commune ne correspond à « ${values.commune} ».` }]);
  const body = {
    ...values,
    initial: values.initial || null,
    commune: commune?.code ?? null,
    ageBracket: values.ageBracket as AgeBracket,
    status: values.status as BeneficiaryStatus,
    csrf: form.text('csrf', 100),
  };
  const id = params.id;
  const res = id
    ? await context.api.post('/api/v1/counselling/beneficiaries/:id', { params: { id }, body })
    : await context.api.post('/api/v1/counselling/beneficiaries', { body });
  const r = apiError(res);
  if (r?.status === 401) throw redirect(`/connexion?retour=/conseil/${id ? `${id}/modifier` : 'nouveau'}`);
  if (r) return back([fieldError(r, FIELDS, 'firstName')], r.status);
  if (res.status !== 200) return back([{ target: 'firstName', message: 'Le service ne répond pas comme prévu.' }], 503);
  throw redirect(id ? `/conseil/${id}?fait=fiche` : `/conseil/${res.body.id}?cree=1`);
}

export default function NouveauPage() {
  const { id, record, token } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors ?? [];
  const v = posted?.values ?? record ?? undefined;
  const title = id ? 'Corriger la fiche' : 'Accueillir une nouvelle personne';
  const err = (t: string) => errorOf(errors, t);
  return (
    <div className="k-page">
      <title>{pageTitle(title, errors, theme.name)}</title>
      <p>
        <a href={id ? `/conseil/${id}` : '/conseil'}>{id ? 'Retour à la fiche' : 'Mes bénéficiaires'}</a>
      </p>
      <h1>{title}</h1>
      <p>Ne notez que ce qui sert à l’accompagnement : un prénom ou un pseudonyme suffit.</p>
      <ErrorSummary errors={errors} />
      <Form method="post" className="k-form" noValidate>
        <CsrfField token={token} />
        <InputField id="firstName" name="firstName" label="Prénom ou pseudonyme" defaultValue={v?.firstName} error={err('firstName')} />
        <InputField
          id="initial"
          name="initial"
          label="Initiale du nom"
          hint="Une ou deux lettres, facultatif."
          required={false}
          defaultValue={v?.initial}
          error={err('initial')}
        />
        <InputField
          id="commune"
          name="commune"
          label="Commune"
          hint="Nom ou code postal, facultatif ; sert aux parcours près de chez elle."
          required={false}
          defaultValue={v?.commune}
          error={err('commune')}
        />
        <SelectField
          id="ageBracket"
          name="ageBracket"
          label="Tranche d’âge"
          required
          defaultValue={v?.ageBracket}
          options={options(AGE_BRACKETS, 'Choisir')}
          error={err('ageBracket')}
        />
        <SelectField
          id="status"
          name="status"
          label="Situation"
          hint="Les financements possibles en dépendent."
          required
          defaultValue={v?.status}
          options={options(BENEFICIARY_STATUSES, 'Choisir')}
          error={err('status')}
        />
        <AreaField
          id="purpose"
          name="purpose"
          label="Finalité de l’accompagnement"
          hint="Par exemple : conseil en évolution professionnelle, accompagnement vers l’alternance."
          rows={2}
          maxLength={300}
          defaultValue={v?.purpose}
          error={err('purpose')}
        />
        {id ? null : (
          <fieldset className="k-consent">
            <legend>Consentement de la personne *</legend>
            <p id="consent-text" className="k-consent-text">
              « {CONSENT.text} »
            </p>
            <p className="hint">Texte du {CONSENT.version}. Lisez-le à la personne, puis cochez la case si elle l’accepte.</p>
            <div className="field">
              <input
                type="checkbox"
                id="consent"
                name="consent"
                value="1"
                defaultChecked={v?.consent}
                aria-describedby={describedBy('consent-text', err('consent') && 'consent-error')}
                aria-invalid={err('consent') ? true : undefined}
              />{' '}
              <label htmlFor="consent">La personne a lu ou entendu ce texte et l’accepte</label>
              <FieldMessage id="consent-error" message={err('consent')} />
            </div>
          </fieldset>
        )}
        <button type="submit" className="button">
          {id ? 'Enregistrer la fiche' : 'Créer la fiche'}
        </button>
      </Form>
    </div>
  );
}
