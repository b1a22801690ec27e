import { KIND_LABELS, percent, type SkillRef, type Transition } from './types.ts';
import { frenchNumber } from '../../../src/common/format.ts';
import { ScoreBar } from './ScoreBar.tsx';

const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${frenchNumber(Math.abs(x), 2)}`;

/** Every signal of the learned score, its value and what it adds: the counsellor's view. */
function Components({ t }: { t: Transition }) {
  if (!t.components?.length) return null;
  return (
    <details className="g-details">
      <summary>Détail du score : tous les signaux ({t.components.length})</summary>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={`Signaux du classement de ${t.label}`}>
        <table className="g-components">
          <caption className="visually-hidden">Signaux du classement de {t.label}</caption>
          <thead>
            <tr>
              <th scope="col">Signal</th>
              <th scope="col">Valeur</th>
              <th scope="col">Apport au score</th>
            </tr>
          </thead>
          <tbody>
            {t.components.map((c) => (
              <tr key={c.signal}>
                <th scope="row">{c.label}</th>
                <td>{percent(c.value)}</td>
                <td>{signed(c.contribution)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function SkillList({ skills }: { skills: SkillRef[] }) {
  return (
    <ul className="g-skill-list">
      {skills.map((s) => (
        <li key={s.code}>
          {s.label} <span className="source">({KIND_LABELS[s.kind] ?? s.kind})</span>
        </li>
      ))}
    </ul>
  );
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

/**
 * Target occupations in the order of the learned ranking: each with its score in words, its
 * confidence band, its three strongest reasons and the effort of the move (every component of the
 * score in the counsellor view), the skills the
 * person already has and the missing ones by macro-compétence (details/summary, no JS needed),
 * and links to the fiche and to the pathway simulator. When the list was computed without some
 * skills of the occupation held, the simulator is reached by a POSTed form that carries them (skill
 * codes never go into a URL).
 */
export function TransitionList({
  transitions,
  from,
  exclude = [],
  headingLevel = 3,
  counsellor = false,
}: {
  transitions: Transition[];
  /** ROME code of the occupation held, carried to the simulator. */
  from?: string | null;
  /** Codes of the skills of the occupation held that the person unticked, carried to the simulator. */
  exclude?: string[];
  headingLevel?: 3 | 4;
  /** Counsellor view: every component of each score. */
  counsellor?: boolean;
}) {
  const H = `h${headingLevel}` as 'h3';
  const Sub = `h${headingLevel + 1}` as 'h4';
  return (
    <ol className="g-transitions card-list">
      {transitions.map((t, rank) => {
        const missingCount = t.missing.reduce((n, g) => n + g.skills.length, 0);
        const simulate = `/parcours?${new URLSearchParams({ ...(from ? { from } : {}), to: t.code })}`;
        return (
          <li key={t.code} className="card g-transition">
            <H className="g-transition-title">
              <span className="g-rank">{rank + 1}.</span> <a href={`/metiers/${t.code}`}>{t.label}</a>{' '}
              <span className="source">({t.code})</span>
            </H>
            {/* The figure that orders the list: the learned relevance, not the skills score alone. */}
            <ScoreBar value={t.relevance} label="de pertinence pour ce changement de métier" />
            {t.confidence ? (
              <p className="g-confidence">
                Confiance dans cette proposition : <strong>{t.confidence}</strong>
              </p>
            ) : null}
            {t.reasons?.length ? (
              <>
                <p className="g-reasons-title">Pourquoi ce métier :</p>
                <ul className="g-reasons">
                  {t.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </>
            ) : null}
            {t.effort ? <p className="g-effort">{t.effort.text}</p> : null}
            {counsellor ? <Components t={t} /> : null}
            <p className="g-counts">
              {typeof t.coverage === 'number' ? (
                <>
                  Vous avez déjà <strong>{percent(t.coverage)}</strong> de ce que demande ce métier :{' '}
                </>
              ) : null}
              {count(t.shared.length, 'compétence en commun', 'compétences en commun')},{' '}
              {count(missingCount, 'compétence à acquérir', 'compétences à acquérir')}.
            </p>
            {t.shared.length ? (
              <details className="g-details">
                <summary>Vos compétences utiles dans ce métier ({t.shared.length})</summary>
                <SkillList skills={t.shared} />
              </details>
            ) : null}
            {missingCount ? (
              <details className="g-details">
                <summary>Ce qu’il vous reste à acquérir ({missingCount})</summary>
                {t.missing.map((g) => (
                  <section key={(g.macro.code ?? '') + g.macro.label} className="g-missing-group">
                    <Sub>{g.macro.label}</Sub>
                    <SkillList skills={g.skills} />
                  </section>
                ))}
              </details>
            ) : null}
            <div className="g-actions">
              <a className="button button-secondary" href={`/metiers/${t.code}`}>
                Voir la fiche<span className="visually-hidden"> {t.label}</span>
              </a>
              {from && exclude.length ? (
                <form method="post" action="/parcours">
                  <input type="hidden" name="intent" value="prefill" />
                  <input type="hidden" name="fromCode" value={from} />
                  <input type="hidden" name="toCode" value={t.code} />
                  {exclude.map((code) => (
                    <input key={code} type="hidden" name="exclude" value={code} />
                  ))}
                  <button type="submit" className="button">
                    Simuler mon parcours<span className="visually-hidden"> vers {t.label}</span>
                  </button>
                </form>
              ) : (
                <a className="button" href={simulate}>
                  Simuler mon parcours<span className="visually-hidden"> vers {t.label}</span>
                </a>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
