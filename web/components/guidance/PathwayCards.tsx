import type { FundingRoute, Pathway, Step, StepKind, TargetResult } from './pathway-types.ts';
import { FactValue, FigureSource, SourceDetails, figureText, producer as producerOf, readable, shortSource } from './figures.tsx';
import { longFrenchDate } from '../../../src/common/dates.ts';
import { countOf, parisToday } from '../../../src/common/format.ts';

const STEP_LABELS: Record<StepKind, string> = {
  candidature: 'Candidature',
  immersion: 'Immersion en entreprise',
  adaptation: 'Formation courte d’adaptation',
  'formation-certifiante': 'Formation certifiante',
  apprentissage: 'Contrat d’apprentissage',
  professionnalisation: 'Contrat de professionnalisation',
  vae: 'Validation des acquis de l’expérience (VAE)',
  'bloc-complementaire': 'Bloc de compétences complémentaire',
};

function DemoTag() {
  return <span className="tag tag-demo">Démonstration : offre fictive</span>;
}

function StepItem({ step, index }: { step: Step; index: number }) {
  const t = step.training;
  // Sessions already begun are not « prochaines » (today in Paris).
  const today = parisToday();
  const upcoming = t?.sessions.filter((s) => s.debut && s.debut >= today).slice(0, 3) ?? [];
  return (
    <li>
      <span className="g-step-kind">
        Étape {index + 1} · {STEP_LABELS[step.kind] ?? step.kind}
      </span>
      <p className="g-step-title">{step.title}</p>
      <p>{step.description}</p>
      {step.duration ? (
        <p>
          Durée : <strong>{figureText(step.duration)}</strong>{' '}
          <span className="source">
            ({step.duration.label.replace(/^./, (c) => c.toLowerCase())} ; {shortSource(step.duration).replace(/^Source/, 'source')})
          </span>
        </p>
      ) : null}
      {t ? (
        <div className="g-step-training">
          <p>
            {t.demo ? (
              <>
                <DemoTag />{' '}
              </>
            ) : null}
            <a href={`/formations/${encodeURIComponent(t.source)}/${encodeURIComponent(t.formation)}`}>{t.intitule}</a> par{' '}
            {t.organisme.nom}
            {t.lieu?.ville ? `, à ${t.lieu.ville}` : ''}
            {t.distance ? ` (${figureText(t.distance)} de chez vous)` : ''}.
          </p>
          {t.certification ? (
            <p>
              Certification : {t.certification.label}
              {t.certification.type ? ` — ${t.certification.type}` : ''}
              {t.certification.rncp ? ` (RNCP ${t.certification.rncp})` : ''}.
            </p>
          ) : null}
          {upcoming.length ? (
            <>
              <p className="g-sessions-title">Prochaines sessions :</p>
              <ul className="g-sessions">
                {upcoming.map((s) => (
                  <li key={s.session}>
                    du <time dateTime={s.debut ?? undefined}>{longFrenchDate(s.debut)}</time>
                    {s.fin ? (
                      <>
                        {' '}
                        au <time dateTime={s.fin}>{longFrenchDate(s.fin)}</time>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p className="source">
            Offre : {producerOf(t.provenance.source)}, {readable(t.provenance.vintage)}.
          </p>
        </div>
      ) : step.certification ? (
        <p>
          Certification : {step.certification.label}
          {step.certification.rncp ? ` (RNCP ${step.certification.rncp})` : ''}.
        </p>
      ) : null}
    </li>
  );
}

function FundingItem({ route }: { route: FundingRoute }) {
  return (
    <li>
      <strong>{route.name}</strong> — {route.financeur}.{route.fit === 'sous-conditions' ? ' Sous conditions.' : ''}
      {route.why.length ? <span className="g-why"> Pourquoi : {route.why.join(' ; ')}.</span> : null}
      {route.certainty === 'incertain' && route.uncertain.length ? (
        <span className="g-uncertain"> À vérifier : {route.uncertain.join(' ; ')}.</span>
      ) : null}
      <details className="g-details">
        <summary>
          Conditions et textes<span className="visually-hidden"> : {route.name}</span>
        </summary>
        {route.conditions.length ? (
          <ul>
            {route.conditions.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        ) : null}
        <p className="g-sources-title">Sources :</p>
        <ul className="source">
          {route.sources.map((s) => (
            <li key={s.url + s.label}>
              <a href={s.url} rel="noopener noreferrer">
                {s.label}
              </a>{' '}
              ({readable(s.vintage)})
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}

function PathwayCard({ pathway }: { pathway: Pathway }) {
  const p = pathway;
  const tension = p.tension.finest;
  return (
    <li className="card g-pathway">
      <h3>{p.title}</h3>
      {p.demo ? (
        <p>
          <DemoTag /> Ce parcours s’appuie sur le catalogue de démonstration : organismes, lieux et dates sont fictifs.
        </p>
      ) : null}
      <dl className="g-facts">
        <div>
          <dt>Durée totale</dt>
          <dd>{p.duration ? <FactValue figure={p.duration} /> : 'non estimée'}</dd>
        </div>
        <div>
          <dt>Distance la plus longue</dt>
          <dd>{p.farthestDistance ? <FactValue figure={p.farthestDistance} /> : 'aucun déplacement prévu'}</dd>
        </div>
        <div>
          <dt>Prochaines entrées</dt>
          <dd>
            {p.startDates?.dates.length ? (
              <>
                {p.startDates.dates.slice(0, 3).map((d, i) => (
                  <span key={d}>
                    {i ? ', ' : ''}
                    <time dateTime={d}>{longFrenchDate(d)}</time>
                  </span>
                ))}
                <span className="source g-fig-source">{shortSource(p.startDates)}.</span>
              </>
            ) : (
              'pas de date connue'
            )}
          </dd>
        </div>
        <div>
          <dt>Taux d’emploi attendu</dt>
          <dd>{p.employment ? <FactValue figure={p.employment} detail /> : 'non publié pour cette certification'}</dd>
        </div>
        <div>
          <dt>Tension du métier près de chez vous</dt>
          <dd>{tension ? <FactValue figure={tension} /> : 'non publiée'}</dd>
        </div>
      </dl>
      <h4>Étapes</h4>
      <ol className="g-timeline">
        {p.steps.map((s, i) => (
          <StepItem key={`${s.kind}-${i}`} step={s} index={i} />
        ))}
      </ol>
      <h4>Financements possibles pour vous</h4>
      {p.funding.length ? (
        <ul className="g-funding">
          {p.funding.map((r) => (
            <FundingItem key={r.id} route={r} />
          ))}
        </ul>
      ) : (
        <p>Aucun financement ne correspond à votre situation pour ce parcours.</p>
      )}
      {p.fundingExcluded.length ? (
        <details className="g-details">
          <summary>Non proposé dans votre situation ({p.fundingExcluded.length})</summary>
          <ul>
            {p.fundingExcluded.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {p.notes?.length ? (
        <ul className="source">
          {p.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <details className="g-details">
        <summary>
          Définitions des chiffres<span className="visually-hidden"> : {p.title}</span>
        </summary>
        <ul className="source">
          {p.tension.dares && p.tension.dares.label !== tension?.label ? (
            <li>
              <FigureSource figure={p.tension.dares} /> Valeur : {figureText(p.tension.dares)}.
            </li>
          ) : null}
          <li>{p.tension.scale}</li>
        </ul>
      </details>
    </li>
  );
}

/**
 * What the simulator proposes for a target, named from its answer only (never a route it did not
 * build), then each absent route with the simulator's reason. `folded`: the reasons under a
 * disclosure (exploration, several targets on one page).
 */
function RoutesIntro({ result, folded }: { result: TargetResult; folded: boolean }) {
  const proposed = result.routes.filter((r) => r.proposed);
  const absent = result.routes.filter((r) => !r.proposed && r.reason);
  const reasons = (
    <ul className="g-absent">
      {absent.map((r) => (
        <li key={r.kind}>{r.reason}</li>
      ))}
    </ul>
  );
  return (
    <div className="g-routes">
      {proposed.length ? (
        <p className="g-routes-proposed">
          {countOf(proposed.length, 'parcours possible', 'parcours possibles')} pour vous : {proposed.map((r) => r.name).join(', ')}.
          {proposed.length > 1 ? ' Ils sont présentés de la même façon pour les comparer.' : ''}
        </p>
      ) : null}
      {absent.length ? (
        folded && proposed.length ? (
          <details className="g-details">
            <summary>
              Pourquoi pas d’autres parcours ?<span className="visually-hidden"> {result.target.label}</span>
            </summary>
            {reasons}
          </details>
        ) : (
          <>
            <p className="g-absent-title">
              {proposed.length ? 'Non proposé, et pourquoi :' : 'Aucun parcours n’a pu être construit vers ce métier, et voici pourquoi :'}
            </p>
            {reasons}
          </>
        )
      ) : null}
    </div>
  );
}

/** One target occupation: how close the person is, the local tension, then up to 5 comparable pathway cards. */
export function TargetPathways({ result, headingId, folded = false }: { result: TargetResult; headingId: string; folded?: boolean }) {
  const tension = result.tension.finest;
  return (
    <section aria-labelledby={headingId} className="g-section">
      <h2 id={headingId}>Vers le métier {result.target.label}</h2>
      <p>
        <a href={`/metiers/${result.target.code}`}>
          Voir la fiche métier<span className="visually-hidden"> {result.target.label}</span>
        </a>
      </p>
      <ul className="g-target-facts">
        <li>
          Vos compétences couvrent déjà <strong>{figureText(result.match)}</strong> de ce métier.{' '}
          <span className="source g-fig-source">{shortSource(result.match)}</span>
          <SourceDetails figure={result.match} />
        </li>
        {tension ? (
          <li>
            Tension du métier près de chez vous : <strong>{figureText(tension)}</strong> (plus le chiffre est élevé, plus les employeurs
            peinent à recruter). <span className="source g-fig-source">{shortSource(tension)}</span>
            <SourceDetails figure={tension} />
          </li>
        ) : null}
      </ul>
      <RoutesIntro result={result} folded={folded} />
      {result.pathways.length ? (
        <ol className="g-pathways">
          {result.pathways.map((p) => (
            <PathwayCard key={p.id} pathway={p} />
          ))}
        </ol>
      ) : null}
      {result.notes.length ? (
        <ul className="source">
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
