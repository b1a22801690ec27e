/**
 * The sections of a person's record (web/routes/conseil/fiche.tsx), each with its forms: skills
 * profile, simulations, plan, the person's link, hand-over, export and erasure. Plain forms: the
 * route's action dispatches on `intent`.
 */
import { Form } from 'react-router';
import { AreaField, CsrfField, InputField, SelectField, dateTime, errorOf } from '../compte/forms.tsx';
import { FieldMessage, describedBy } from '../guidance/ErrorSummary.tsx';
import { REFERRAL_STATUSES, STEP_KINDS, STEP_STATUSES, day, options, word } from './common.tsx';
import type { BeneficiaryRecord } from '../../../src/counselling/contract.ts';

export interface Occupation {
  code: string;
  label: string | null;
  skills: { code: string; label: string }[];
}

/** What the route's action answered (errors of one form, the values typed, a new link). */
interface Posted {
  errors: { target: string; message: string }[];
  intent?: string;
  values?: { [name: string]: string };
  link?: { url: string; expiresAt: string };
}

type Person = BeneficiaryRecord;

/** What was typed in the form of `intent`, when it was refused. */
function typed(posted: Posted | null, intent: string, name: string): string | undefined {
  return posted?.intent === intent ? posted.values?.[name] : undefined;
}

function Intent({ value }: { value: string }) {
  return <input type="hidden" name="intent" value={value} />;
}

export function ProfileSection({
  id,
  occupations,
  exclude,
  saved,
  changed,
  sought,
  skillHits,
  token,
  posted,
}: {
  id: number;
  occupations: Occupation[];
  exclude: string[];
  saved: Person['profile'];
  changed: boolean;
  /** Words of a skill sought (GET), and what they found. */
  sought: string;
  skillHits: { code: string; label: string }[];
  token: string;
  posted: Posted | null;
}) {
  const err = (t: string) => errorOf(posted?.errors ?? [], t);
  const excluded = new Set(changed ? [] : exclude);
  const codes = occupations.map((o) => o.code).join(' ');
  // Skills added before stay ticked; those just found are offered unticked.
  const kept = new Set((saved?.added ?? []).map((s) => s.code));
  const added = [...(saved?.added ?? []), ...skillHits.filter((h) => !kept.has(h.code))];
  return (
    <section aria-labelledby="profil" className="k-section">
      <h2 id="profil">Profil de compétences</h2>
      {saved ? (
        <p>
          Enregistré le {dateTime(saved.updatedAt)} : {saved.occupations.join(', ')}
          {saved.exclude.length
            ? `, moins ${saved.exclude.length} compétence${saved.exclude.length > 1 ? 's' : ''} non pratiquée${saved.exclude.length > 1 ? 's' : ''}`
            : ''}
          {saved.added.length
            ? `, plus ${saved.added.length} compétence${saved.added.length > 1 ? 's' : ''} ajoutée${saved.added.length > 1 ? 's' : ''}`
            : ''}
          .
        </p>
      ) : (
        <p>Pas encore de profil : indiquez les métiers que la personne a exercés, puis décochez ce qu’elle n’a pas pratiqué.</p>
      )}
      <form method="get" action={`/conseil/${id}#profil`} className="k-form">
        <InputField
          id="metiers-choix"
          name="metiers"
          label="1. Métiers exercés (codes ROME)"
          hint={
            <>
              Jusqu’à 5 codes séparés par des virgules, ex. D1106. <a href="/recherche">Trouver le code d’un métier</a>
            </>
          }
          defaultValue={codes}
        />
        <InputField
          id="competence"
          name="competence"
          label="Ajouter une compétence pratiquée ailleurs (facultatif)"
          hint="Quelques mots, ex. « soudure » : les compétences du ROME qui les contiennent s’afficheront à cocher."
          required={false}
          defaultValue={sought}
        />
        <button type="submit" className="button button-secondary">
          Afficher les compétences
        </button>
      </form>
      {occupations.length ? (
        <Form method="post" className="k-form" noValidate>
          <CsrfField token={token} />
          <Intent value="profil" />
          <input type="hidden" id="metiers" name="metiers" value={codes} />
          <p>2. Décochez les compétences que la personne n’a pas pratiquées :</p>
          <FieldMessage id="metiers-error" message={err('metiers')} />
          {occupations.map((o) => (
            <fieldset key={o.code} className="k-skills">
              <legend>
                {o.label ?? 'Métier inconnu'} ({o.code})
              </legend>
              {o.skills.length ? (
                <ul>
                  {o.skills.map((s) => (
                    <li key={s.code}>
                      <input
                        type="checkbox"
                        id={`k-${o.code}-${s.code}`}
                        name="garde"
                        value={s.code}
                        defaultChecked={!excluded.has(s.code)}
                      />{' '}
                      <label htmlFor={`k-${o.code}-${s.code}`}>{s.label}</label>
                    </li>
                  ))}
                </ul>
              ) : (
                <p>Aucune compétence connue pour ce code.</p>
              )}
            </fieldset>
          ))}
          {added.length ? (
            <fieldset className="k-skills">
              <legend>Compétences ajoutées</legend>
              <ul>
                {added.map((s) => (
                  <li key={s.code}>
                    <input type="checkbox" id={`k-ajout-${s.code}`} name="ajout" value={s.code} defaultChecked={kept.has(s.code)} />{' '}
                    <label htmlFor={`k-ajout-${s.code}`}>{s.label}</label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ) : null}
          {(saved?.esco ?? []).map((uri) => (
            <input key={uri} type="hidden" name="esco" value={uri} />
          ))}
          <button type="submit" className="button">
            Enregistrer le profil
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function SimulationSection({ record: b, token, posted }: { record: Person; token: string; posted: Posted | null }) {
  const err = (t: string) => errorOf(posted?.errors ?? [], t);
  const v = (name: string) => typed(posted, 'simulation', name);
  return (
    <section aria-labelledby="simulations" className="k-section">
      <h2 id="simulations">Simulations</h2>
      {b.simulations.length ? (
        <form method="get" action={`/conseil/${b.id}/comparer`} className="k-form">
          <fieldset>
            <legend>Simulations enregistrées : cochez de 2 à 5 parcours pour les comparer</legend>
            <ul className="k-sims">
              {b.simulations.map((s) => (
                <li key={s.id}>
                  <input type="checkbox" id={`cmp-${s.id}`} name="s" value={s.id} />{' '}
                  <label htmlFor={`cmp-${s.id}`}>
                    {s.label}, le {dateTime(s.createdAt)}
                  </label>{' '}
                  —{' '}
                  <a href={`/conseil/simulations/${s.id}`}>
                    Ouvrir
                    <span className="visually-hidden">
                      {' '}
                      : {s.label}, le {dateTime(s.createdAt)}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit" className="button button-secondary">
            Comparer les parcours cochés
          </button>
        </form>
      ) : (
        <p>Aucune simulation enregistrée.</p>
      )}
      <h3>Lancer une simulation sur le profil</h3>
      {b.profile ? null : <p>Enregistrez d’abord le profil de compétences.</p>}
      <Form method="post" className="k-form" noValidate>
        <CsrfField token={token} />
        <Intent value="simulation" />
        <SelectField
          id="sim-kind"
          name="kind"
          label="Type de simulation"
          defaultValue={v('kind') ?? 'parcours'}
          options={[
            ['parcours', 'Parcours vers un métier (formations, VAE, financements)'],
            ['transitions', 'Métiers que ses compétences ouvrent'],
          ]}
          error={err('sim-kind')}
        />
        <InputField
          id="sim-to"
          name="to"
          label="Métier visé (code ROME)"
          hint="Pour un parcours, ex. D1102."
          required={false}
          defaultValue={v('to')}
          error={err('sim-to')}
        />
        <InputField
          id="sim-commune"
          name="commune"
          label="Commune de recherche"
          hint={b.commune ? `Nom ou code postal ; par défaut : ${b.commune.name}.` : 'Nom ou code postal.'}
          required={false}
          defaultValue={v('commune')}
          error={err('sim-commune')}
        />
        <SelectField
          id="sim-radius"
          name="radius"
          label="Distance maximale"
          defaultValue={v('radius') ?? '30'}
          options={['10', '30', '60', '100'].map((km) => [km, `${km} km`])}
          error={err('sim-radius')}
        />
        <InputField
          id="sim-label"
          name="label"
          label="Nom de la simulation"
          hint="Facultatif."
          required={false}
          defaultValue={v('label')}
        />
        <button type="submit" className="button">
          Lancer et enregistrer
        </button>
      </Form>
    </section>
  );
}

function StepFields({
  prefix,
  posted,
  intent,
  step,
}: {
  prefix: string;
  posted: Posted | null;
  intent: string;
  step?: Person['plan']['steps'][number];
}) {
  const err = (t: string) => errorOf(posted?.errors ?? [], `${prefix}-${t}`);
  const v = (name: string) =>
    posted?.intent === intent && (!step || posted.values?.step === String(step.id)) ? posted.values?.[name] : undefined;
  return (
    <>
      {step ? (
        <>
          <input type="hidden" name="kind" value={step.kind} />
          <input type="hidden" name="title" value={step.title} />
        </>
      ) : (
        <>
          <SelectField
            id={`${prefix}-kind`}
            name="kind"
            label="Type d’étape"
            required
            defaultValue={v('kind')}
            options={options(STEP_KINDS, 'Choisir')}
            error={err('kind')}
          />
          <InputField id={`${prefix}-title`} name="title" label="Intitulé" defaultValue={v('title')} error={err('title')} />
        </>
      )}
      <InputField
        id={`${prefix}-date`}
        name="dueDate"
        type="date"
        label="Échéance"
        required={false}
        defaultValue={v('dueDate') ?? step?.dueDate ?? ''}
        error={err('date')}
      />
      <SelectField
        id={`${prefix}-status`}
        name="status"
        label="État"
        defaultValue={v('status') ?? step?.status ?? 'a-faire'}
        options={options(STEP_STATUSES)}
        error={err('status')}
      />
      <AreaField
        id={`${prefix}-notes`}
        name="notes"
        label="Notes (internes à la structure)"
        required={false}
        rows={2}
        maxLength={2000}
        defaultValue={v('notes') ?? step?.notes ?? ''}
        error={err('notes')}
      />
    </>
  );
}

export function PlanSection({
  record: b,
  token,
  stepTokens,
  posted,
}: {
  record: Person;
  token: string;
  stepTokens: string[];
  posted: Posted | null;
}) {
  const { steps, next } = b.plan;
  return (
    <section aria-labelledby="plan" className="k-section">
      <h2 id="plan">Plan d’action</h2>
      <p className="k-next">
        Prochaine action : {next ? <strong>{next.title}</strong> : 'aucune étape ouverte'}
        {next ? ` (${day(next.dueDate)})` : ''}.
      </p>
      {steps.length ? (
        <ol className="k-steps">
          {steps.map((s, i) => (
            <li key={s.id} className="k-step">
              <p className="k-step-title">
                <strong>{s.title}</strong> — {word(STEP_KINDS, s.kind)}
              </p>
              <p>
                {day(s.dueDate)} · {word(STEP_STATUSES, s.status)}
                {s.late ? (
                  <>
                    {' '}
                    · <strong className="k-late">en retard</strong>
                  </>
                ) : null}
              </p>
              {s.notes ? <p className="k-notes">{s.notes}</p> : null}
              <details open={posted?.intent === 'etape-modifiee' && posted.values?.step === String(s.id)}>
                <summary>
                  Modifier l’étape<span className="visually-hidden"> : {s.title}</span>
                </summary>
                <Form method="post" className="k-form" noValidate>
                  <CsrfField token={stepTokens[i]} />
                  <Intent value="etape-modifiee" />
                  <input type="hidden" name="step" value={s.id} />
                  <StepFields prefix={`s${s.id}`} posted={posted} intent="etape-modifiee" step={s} />
                  <button type="submit" className="button button-secondary">
                    Enregistrer l’étape<span className="visually-hidden"> : {s.title}</span>
                  </button>
                </Form>
              </details>
            </li>
          ))}
        </ol>
      ) : (
        <p>Le plan n’a pas encore d’étape.</p>
      )}
      <h3>Ajouter une étape</h3>
      <Form method="post" className="k-form" noValidate>
        <CsrfField token={token} />
        <Intent value="etape" />
        <StepFields prefix="step" posted={posted} intent="etape" />
        <button type="submit" className="button">
          Ajouter l’étape
        </button>
      </Form>
    </section>
  );
}

export function LinkSection({
  record: b,
  token,
  active,
  revokeTokens,
  posted,
}: {
  record: Person;
  token: string;
  active: number[];
  revokeTokens: string[];
  posted: Posted | null;
}) {
  const err = (t: string) => errorOf(posted?.errors ?? [], t);
  return (
    <section aria-labelledby="lien" className="k-section">
      <h2 id="lien" tabIndex={-1}>
        Lien de la personne
      </h2>
      <p>
        La personne ouvre ce lien sans compte pour lire son plan (sans vos notes). Il expire au plus tard après 30 jours ; vous pouvez le
        révoquer.
      </p>
      {posted?.link ? (
        <div className="k-notice" role="status">
          <p>Lien créé, valable jusqu’au {dateTime(posted.link.expiresAt)}. Copiez-le maintenant : il ne sera plus affiché.</p>
          <p className="k-url">
            <a href={posted.link.url}>{posted.link.url}</a>
          </p>
        </div>
      ) : null}
      {b.links.length ? (
        <ul className="k-list">
          {b.links.map((l) => {
            const i = active.indexOf(l.id);
            return (
              <li key={l.id}>
                Lien créé le {dateTime(l.createdAt)} :{' '}
                {l.revokedAt
                  ? `révoqué le ${dateTime(l.revokedAt)}`
                  : i < 0
                    ? `expiré le ${dateTime(l.expiresAt)}`
                    : `valable jusqu’au ${dateTime(l.expiresAt)}`}
                {i >= 0 ? (
                  <Form method="post" className="k-inline-form">
                    <CsrfField token={revokeTokens[i]} />
                    <Intent value="revoquer" />
                    <input type="hidden" name="link" value={l.id} />
                    <button type="submit" className="button button-secondary">
                      Révoquer<span className="visually-hidden"> le lien créé le {dateTime(l.createdAt)}</span>
                    </button>
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      <Form method="post" className="k-form" noValidate>
        <CsrfField token={token} />
        <Intent value="lien" />
        <SelectField
          id="link-days"
          name="days"
          label="Durée de validité"
          defaultValue="30"
          options={[
            ['7', '7 jours'],
            ['14', '14 jours'],
            ['30', '30 jours'],
          ]}
          error={err('link-days')}
        />
        <button type="submit" className="button">
          Créer un lien pour la personne
        </button>
      </Form>
    </section>
  );
}

export function ReferralSection({ record: b, token, posted }: { record: Person; token: string; posted: Posted | null }) {
  const err = (t: string) => errorOf(posted?.errors ?? [], t);
  const v = (name: string) => typed(posted, 'orientation', name);
  return (
    <section aria-labelledby="orientation" className="k-section">
      <h2 id="orientation">Orientation vers une autre structure</h2>
      {b.referrals.length ? (
        <ul className="k-list">
          {b.referrals.map((r) => (
            <li key={r.id}>
              Transmis à {r.to} le {dateTime(r.createdAt)} : <strong>{word(REFERRAL_STATUSES, r.status)}</strong>
              {r.decidedAt ? ` le ${dateTime(r.decidedAt)}` : ''}
              {r.reason ? ` — motif : ${r.reason}` : ''}. <span className="k-notes">{r.project}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <Form method="post" className="k-form" noValidate>
        <CsrfField token={token} />
        <Intent value="orientation" />
        <InputField
          id="ref-to"
          name="to"
          label="Structure destinataire"
          hint="Son SIRET ou son code."
          defaultValue={v('to')}
          error={err('ref-to')}
        />
        <AreaField
          id="ref-project"
          name="project"
          label="Projet de formation"
          hint="Formation visée, dates, financement envisagé."
          rows={3}
          maxLength={2000}
          defaultValue={v('project')}
          error={err('ref-project')}
        />
        <div className="field">
          <input
            type="checkbox"
            id="ref-consent"
            name="consent"
            value="1"
            aria-describedby={describedBy(err('ref-consent') && 'ref-consent-error')}
            aria-invalid={err('ref-consent') ? true : undefined}
          />{' '}
          <label htmlFor="ref-consent">
            La personne accepte que son projet et son prénom, sa commune, son âge et sa situation soient transmis à cette structure
          </label>
          <FieldMessage id="ref-consent-error" message={err('ref-consent')} />
        </div>
        <button type="submit" className="button">
          Transmettre le projet
        </button>
      </Form>
    </section>
  );
}

export function RightsSection({ record: b, token, posted }: { record: Person; token: string; posted: Posted | null }) {
  const err = (t: string) => errorOf(posted?.errors ?? [], t);
  return (
    <section aria-labelledby="droits" className="k-section">
      <h2 id="droits">Droits de la personne</h2>
      <p>
        <a href={`/conseil/${b.id}/donnees.json`} download>
          Télécharger tout ce que la structure garde sur elle (JSON)
        </a>{' '}
        — droit d’accès et à la portabilité (RGPD, art. 15 et 20).
      </p>
      <h3>Effacer la personne</h3>
      <div className="k-warning">
        <p>
          <strong>Attention : l’effacement est définitif.</strong> La fiche, le profil, les simulations, le plan, les liens et les
          orientations sont supprimés ; seul le journal des accès garde la trace de l’effacement.
        </p>
      </div>
      <Form method="post" className="k-form" noValidate>
        <CsrfField token={token} />
        <Intent value="effacer" />
        <InputField
          id="erase-reason"
          name="reason"
          label="Motif"
          hint="Facultatif, ex. demande de la personne."
          required={false}
          error={err('erase-reason')}
        />
        <div className="field">
          <input
            type="checkbox"
            id="erase-confirm"
            name="confirm"
            value="1"
            aria-describedby={describedBy(err('erase-confirm') && 'erase-confirm-error')}
            aria-invalid={err('erase-confirm') ? true : undefined}
          />{' '}
          <label htmlFor="erase-confirm">Je confirme l’effacement définitif de {b.firstName}</label>
          <FieldMessage id="erase-confirm-error" message={err('erase-confirm')} />
        </div>
        <button type="submit" className="button">
          Effacer définitivement
        </button>
      </Form>
    </section>
  );
}
