import { useLoaderData } from 'react-router';
import css from '../../styles/conseil.css?url';
import guidanceCss from '../../styles/guidance.css?url';
import type { LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { counsellorAnswer, day } from '../../components/conseil/common.tsx';
import { readSimulation, type ReadSimulation } from '../../components/conseil/simulations.ts';
import { dateTime } from '../../components/compte/forms.tsx';
import { TargetPathways } from '../../components/guidance/PathwayCards.tsx';
import { TransitionList } from '../../components/guidance/TransitionList.tsx';
import { FigureSource, figureText } from '../../components/guidance/figures.tsx';
import type { Figure, TargetResult } from '../../components/guidance/pathway-types.ts';

/**
 * A saved simulation as it was computed, with what the public page hides: the score of every
 * training and its components, every certification of the target with its access routes and
 * blocs, the VAE reasoning, the funding rules with their legal texts (in the pathway cards),
 * and the data version it was computed on against today's.
 */

export const links = () => [
  { rel: 'stylesheet', href: guidanceCss },
  { rel: 'stylesheet', href: css },
];
export const meta = () => [];

export async function loader({ params, context }: LoaderArgs) {
  const id = String(params.id ?? '');
  const s = counsellorAnswer(
    await context.api.get('/api/v1/counselling/simulations/:id', { params: { id } }),
    `/conseil/simulations/${id}`,
  );
  return { s: readSimulation(s) };
}

const f = (x: Figure | null | undefined) => (x ? figureText(x) : '—');
const yesNo = (x: boolean | null) => (x === null ? 'non précisé' : x ? 'oui' : 'non');

function CounsellorDetails({ t, i }: { t: TargetResult; i: number }) {
  return (
    <section aria-labelledby={`detail-${i}`} className="k-section">
      <h2 id={`detail-${i}`}>Détails pour le conseiller : {t.target.label}</h2>
      <h3>Formations classées et composantes du score</h3>
      <p className="source">{t.trainings[0] ? <FigureSource figure={t.trainings[0].rank} /> : null}</p>
      {t.trainings.length ? (
        <div className="table-scroll">
          <table className="k-table table-stack">
            <caption className="visually-hidden">Formations vers {t.target.label} et composantes de leur score</caption>
            <thead>
              <tr>
                <th scope="col">Formation</th>
                <th scope="col">Score</th>
                <th scope="col">Couverture (40 %)</th>
                <th scope="col">Distance (25 %)</th>
                <th scope="col">Durée (15 %)</th>
                <th scope="col">Taux d’emploi (20 %)</th>
                <th scope="col">Financement</th>
              </tr>
            </thead>
            <tbody>
              {t.trainings.map((o) => (
                <tr key={`${o.source}-${o.formation}`}>
                  <th scope="row">
                    <a href={`/formations/${encodeURIComponent(o.source)}/${encodeURIComponent(o.formation)}`}>{o.intitule}</a>
                    {o.demo ? ' (démonstration)' : ''} — {o.organisme.nom}
                    {o.blocs.length ? (
                      <span className="k-notes"> Blocs : {o.blocs.map((b) => `${b.code} ${b.libelle}`).join(' ; ')}</span>
                    ) : null}
                  </th>
                  <td data-label="Score">{f(o.rank)}</td>
                  <td data-label="Couverture (40 %)">{f(o.coverage)}</td>
                  <td data-label="Distance (25 %)">{f(o.distance)}</td>
                  <td data-label="Durée (15 %)">{o.hours ? f(o.hours) : f(o.duration)}</td>
                  <td data-label="Taux d’emploi (20 %)">{f(o.employment)}</td>
                  <td data-label="Financement">
                    {[o.eligibleCpf ? 'éligible CPF' : 'non éligible CPF', o.alternance ? 'alternance' : null].filter(Boolean).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucune formation dans le rayon.</p>
      )}
      <h3>Toutes les certifications du métier</h3>
      {t.certifications.length ? (
        <ul className="k-list">
          {t.certifications.map((c) => (
            <li key={c.code}>
              <strong>{c.label}</strong>
              {c.type ? ` — ${c.type}` : ''}
              {c.niveau ? `, niveau ${c.niveau}` : ''}
              {c.rncp ? ` (RNCP ${c.rncp})` : ''}. Accès : apprentissage {yesNo(c.access.apprentissage)}, VAE {yesNo(c.access.vae)},
              formation continue {yesNo(c.access.formationContinue)}, professionnalisation {yesNo(c.access.professionnalisation)}.{' '}
              {c.mainRome ? `Métier principal : ${c.mainRome.label} (${c.mainRome.code}). ` : ''}
              {c.offersNearby} offre{c.offersNearby > 1 ? 's' : ''} à proximité. Taux d’emploi : {f(c.employment)}.
              {c.blocs.length ? ` Blocs : ${c.blocs.map((b) => `${b.code} ${b.libelle}`).join(' ; ')}.` : ' Blocs : non décrits.'}
              {c.employmentNotes.length ? <span className="k-notes"> {c.employmentNotes.join(' ')}</span> : null}{' '}
              <span className="source">
                Source : {c.source.source}, {c.source.vintage}.
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucune certification reliée à ce métier.</p>
      )}
      <h3>Validation des acquis de l’expérience (VAE)</h3>
      <p>
        Une VAE est proposée quand la certification est ouverte à la VAE et que le profil couvre au moins{' '}
        {Math.round((t.vae[0]?.threshold ?? 0.5) * 100)} % du métier principal de la certification.
      </p>
      {t.vae.length ? (
        <ul className="k-list">
          {t.vae.map((v) => (
            <li key={v.certification.code}>
              <strong>{v.certification.label}</strong> : {figureText(v.match)} (seuil {Math.round(v.threshold * 100)} %).{' '}
              <FigureSource figure={v.match} />
              {v.complementary.length ? (
                <span className="k-notes">
                  {' '}
                  À compléter (bloc ou formation courte) :{' '}
                  {v.complementary
                    .flatMap((g) => g.skills.map((k) => k.label))
                    .slice(0, 12)
                    .join(' ; ')}
                  .
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucune certification n’atteint le seuil pour ce profil, ou aucune n’est ouverte à la VAE.</p>
      )}
      <p>
        Couverture du métier visé : {figureText(t.match)} — {t.shared.length} compétence{t.shared.length > 1 ? 's' : ''} en commun,{' '}
        {t.missing.reduce((n, g) => n + g.skills.length, 0)} à acquérir. <FigureSource figure={t.match} />
      </p>
    </section>
  );
}

export default function SimulationPage() {
  // Plain JSON: the loader's value as it was typed (the serialised type loses the union's narrowing).
  const { s } = useLoaderData<typeof loader>() as { s: ReadSimulation };
  const stale = s.dataVersion !== s.currentDataVersion;
  return (
    <div className="k-page k-page-wide">
      <title>{`${s.label} (simulation ${s.id}) – ${theme.name}`}</title>
      <p>
        <a href={`/conseil/${s.beneficiaryId}#simulations`}>Retour à la fiche</a>
      </p>
      <h1>{s.label}</h1>
      <dl className="k-facts">
        <dt>Calculée le</dt>
        <dd>{dateTime(s.createdAt)}</dd>
        <dt>Version des données</dt>
        <dd>
          n° {s.dataVersion ?? 'inconnue'} ; aujourd’hui : n° {s.currentDataVersion ?? 'inconnue'}
        </dd>
        <dt>Profil</dt>
        <dd>
          {s.input.profile.occupations.join(', ')}
          {s.input.profile.exclude.length ? `, moins ${s.input.profile.exclude.length} compétences` : ''}
        </dd>
      </dl>
      {stale ? (
        <p className="k-warning" role="note">
          Les données ont changé depuis ce calcul : la simulation est montrée telle qu’elle a été calculée. Relancez-la depuis la fiche pour
          des résultats à jour.
        </p>
      ) : (
        <p className="hint">Calculée sur les données d’aujourd’hui.</p>
      )}
      {s.kind === 'parcours' ? (
        <>
          <p>
            Autour de {s.result.request.commune.name}, dans un rayon de {s.result.request.radiusKm} km, simulation du{' '}
            {day(s.result.request.today)}.
          </p>
          {s.result.targets.map((t, i) => (
            <div key={t.target.code}>
              <TargetPathways result={t} headingId={`cible-${i}`} />
              <CounsellorDetails t={t} i={i} />
            </div>
          ))}
          {s.result.notes.length ? (
            <ul className="source">
              {s.result.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <section aria-labelledby="metiers-ouverts">
          <h2 id="metiers-ouverts">Métiers que ses compétences ouvrent</h2>
          <p>
            Depuis {s.result.source.occupations.map((o) => `${o.label} (${o.code})`).join(', ')} : {s.result.source.skills} compétences.
          </p>
          <TransitionList transitions={s.result.transitions} counsellor />
        </section>
      )}
    </div>
  );
}
