/** A plan's steps in plain French, for the appointment summary and the person's own page. */
import { STEP_KINDS, STEP_STATUSES, day, word } from './common.tsx';

export interface PlanStep {
  kind: string;
  title: string;
  dueDate: string | null;
  status: string;
  late: boolean;
}

export function PlanSteps({ steps }: { steps: PlanStep[] }) {
  if (!steps.length) return <p>Le plan n’a pas encore d’étape.</p>;
  return (
    <ol className="k-steps">
      {steps.map((s) => (
        <li key={`${s.title}-${s.dueDate ?? ''}`} className="k-step">
          <p className="k-step-title">
            <strong>{s.title}</strong> ({word(STEP_KINDS, s.kind)})
          </p>
          <p>
            {s.dueDate ? `Pour le ${day(s.dueDate)}` : 'Sans date'} · {word(STEP_STATUSES, s.status)}
            {s.late ? (
              <>
                {' '}
                · <strong className="k-late">en retard</strong>
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ol>
  );
}

/** « Prochaine étape : … » */
export function NextAction({ next }: { next: { title: string; dueDate: string | null } | null }) {
  return (
    <p className="k-next">
      Prochaine étape : {next ? <strong>{next.title}</strong> : 'aucune étape ouverte'}
      {next?.dueDate ? `, pour le ${day(next.dueDate)}` : ''}.
    </p>
  );
}
