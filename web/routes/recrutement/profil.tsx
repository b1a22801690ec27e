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
import { LEVELS, resolveCommune, uploadOf } from '../../components/apprentissage/offres.tsx';

/**
 * « Mon profil de candidat »: where I live and how far I can go, the occupations I look for
 * (ROME codes), my level, when I am available, a presentation, my CV (PDF), and whether
 * recruiters may find this profile.
 */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

export async function loader({ request, context }: LoaderArgs) {
  const res = await context.api.get('/api/v1/recruitment/profile');
  if (res.status === 401) throw redirect('/connexion?retour=/apprentissage/profil');
  if (res.status !== 200) throw new Response('Seul un compte de candidat a un profil.', { status: res.status === 403 ? 403 : 503 });
  return { profile: res.body, token: await formToken(context.api), done: new URL(request.url).searchParams.has('enregistre') };
}

export async function action({ request, context }: ActionArgs) {
  const form = await request.formData();
  const text = (name: string, max = 2000) =>
    String(form.get(name) ?? '')
      .trim()
      .slice(0, max);
  const errors: FieldError[] = [];
  const commune = text('commune', 100) ? await resolveCommune(context.api, text('commune', 100)) : null;
  if (text('commune', 100) && !commune)
    errors.push({ target: 'commune', message: `Commune : aucune commune ne correspond à « ${text('commune', 100)} ».` });
  let cv: Awaited<ReturnType<typeof uploadOf>>;
  try {
    cv = await uploadOf(form.get('cv'));
  } catch {
    errors.push({ target: 'cv', message: 'Le fichier n’a pas pu être lu : choisissez-le à nouveau.' });
  }
  if (errors.length) return data({ errors, token: await formToken(context.api) }, { status: 400 });
  const res = await context.api.post('/api/v1/recruitment/profile', {
    body: {
      commune: commune?.code ?? null,
      mobilityKm: Number(text('mobilityKm', 3)) || 30,
      romes: text('romes', 100)
        .split(/[\s,;]+/)
        .filter(Boolean),
      level: text('level', 1) ? Number(text('level', 1)) : null,
      availableFrom: text('availableFrom', 10) || null,
      presentation: text('presentation'),
      visible: form.get('visible') === '1',
      cv,
      removeCv: form.get('removeCv') === '1',
      csrf: text('csrf', 100),
    },
  });
  const r = apiError(res);
  if (r?.code === 'connexion-requise') throw redirect('/connexion?retour=/apprentissage/profil');
  if (r) {
    const fields = {
      commune: 'commune',
      mobilityKm: 'mobilityKm',
      romes: 'romes',
      level: 'level',
      availableFrom: 'availableFrom',
      presentation: 'presentation',
      cv: 'cv',
    };
    return data({ errors: [fieldError(r, fields, 'commune')], token: await formToken(context.api) }, { status: r.status });
  }
  throw redirect('/apprentissage/profil?enregistre=1');
}

export default function ProfilPage() {
  const { profile: p, token, done } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors ?? [];
  const err = (t: string) => errorOf(errors, t);
  return (
    <div className="r-page">
      <title>{pageTitle('Mon profil de candidat', errors, theme.name)}</title>
      <h1>Mon profil de candidat</h1>
      {done && !posted ? (
        <p className="r-notice" role="status">
          Votre profil est enregistré.
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <p>
        <a href="/apprentissage/mes-candidatures">Mes candidatures</a> · <a href="/apprentissage/offres">Chercher des offres</a>
      </p>
      <Form method="post" encType="multipart/form-data" className="r-form" noValidate>
        <CsrfField token={posted?.token ?? token} />
        <InputField
          id="commune"
          name="commune"
          label="Ma commune"
          hint="Nom ou code postal"
          required={false}
          defaultValue={p.commune?.name ?? ''}
          error={err('commune')}
        />
        <InputField
          id="mobilityKm"
          name="mobilityKm"
          type="number"
          min={1}
          max={200}
          label="Distance que je peux parcourir (km)"
          defaultValue={p.mobilityKm}
          error={err('mobilityKm')}
        />
        <InputField
          id="romes"
          name="romes"
          label="Métiers recherchés (codes ROME)"
          hint={
            <>
              Jusqu’à 5 codes séparés par des virgules, ex. D1102. <a href="/recherche">Trouver le code d’un métier</a>
            </>
          }
          required={false}
          defaultValue={p.romes.map((r) => r.code).join(', ')}
          error={err('romes')}
        />
        {p.romes.length ? <p className="hint">Actuellement : {p.romes.map((r) => r.label).join(', ')}.</p> : null}
        <SelectField
          id="level"
          name="level"
          label="Niveau du diplôme visé"
          defaultValue={p.level ?? ''}
          options={[['', 'Non précisé'], ...Object.entries(LEVELS)]}
          error={err('level')}
        />
        <InputField
          id="availableFrom"
          name="availableFrom"
          type="date"
          label="Disponible à partir du"
          required={false}
          defaultValue={p.availableFrom ?? ''}
          error={err('availableFrom')}
        />
        <AreaField
          id="presentation"
          name="presentation"
          label="Présentation"
          required={false}
          defaultValue={p.presentation}
          error={err('presentation')}
        />
        <InputField
          id="cv"
          name="cv"
          type="file"
          label={p.cv ? 'Remplacer mon CV' : 'Mon CV'}
          hint="PDF, 5 Mo au plus, sans script ni pièce jointe."
          required={false}
          error={err('cv')}
        />
        {p.cv ? (
          <p>
            CV enregistré : <a href="/apprentissage/profil/cv">{p.cv.filename}</a>.{' '}
            <input type="checkbox" id="removeCv" name="removeCv" value="1" /> <label htmlFor="removeCv">Supprimer mon CV</label>
          </p>
        ) : null}
        <div className="field">
          <input type="checkbox" id="visible" name="visible" value="1" defaultChecked={p.visible} />{' '}
          <label htmlFor="visible">
            Les employeurs et les CFA peuvent trouver mon profil (prénom et initiale, commune, métiers, niveau)
          </label>
        </div>
        <button type="submit" className="button">
          Enregistrer mon profil
        </button>
      </Form>
    </div>
  );
}
