import { percent } from './types.ts';

/**
 * A score shown as words first (the figure and what it means), with a bar as a visual aid only:
 * the bar is hidden from assistive technologies and no information is carried by its colour.
 */
export function ScoreBar({ value, label }: { value: number; label: string }) {
  const pct = Math.max(0, Math.min(100, Math.round(value * 100)));
  return (
    <div className="g-score">
      <p className="g-score-text">
        <strong className="g-score-figure">{percent(value)}</strong> {label}
      </p>
      <div className="g-score-bar" aria-hidden="true">
        <span style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
