import { KIND_LABELS, percent, type SkillRef, type Transition } from './types.ts';
import { ScoreBar } from './ScoreBar.tsx';

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
 * Target occupations ranked by score, best first: each with its score in words, the skills the
 * person already has and the missing ones by macro-compétence (details/summary, no JS needed),
 * and links to the fiche and to the pathway simulator.
 */
export function TransitionList({
  transitions,
  from,
  headingLevel = 3,
}: {
  transitions: Transition[];
  /** ROME code of the occupation held, carried to the simulator. */
  from?: string | null;
  headingLevel?: 3 | 4;
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
            <ScoreBar value={t.score} label="de proximité en compétences avec ce métier" />
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
            <p className="g-actions">
              <a className="button button-secondary" href={`/metiers/${t.code}`}>
                Voir la fiche<span className="visually-hidden"> {t.label}</span>
              </a>
              <a className="button" href={simulate}>
                Simuler mon parcours<span className="visually-hidden"> vers {t.label}</span>
              </a>
            </p>
          </li>
        );
      })}
    </ol>
  );
}
