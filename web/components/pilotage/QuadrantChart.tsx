/**
 * The quadrant chart of the training-map review, drawn on the server as plain SVG: each formation is
 * a point, its employment rate at 6 months minus the regional average of its voie across, its
 * further-study rate minus the average up. Formations to review are drawn in the accent colour and
 * as squares (not by colour alone, RGAA 3.1). The table next to it is the chart's alternative.
 */
import { theme } from '../../theme.ts';

export interface QuadrantPoint {
  label: string;
  x: number;
  y: number;
  flagged: boolean;
}

const W = 360;
const H = 320;
const PAD = { left: 44, right: 12, top: 16, bottom: 40 };

export function QuadrantChart({
  id,
  title,
  description,
  points,
}: {
  id: string;
  title: string;
  description: string;
  points: QuadrantPoint[];
}) {
  const extent = Math.max(20, Math.ceil(Math.max(1, ...points.flatMap((p) => [Math.abs(p.x), Math.abs(p.y)])) / 10) * 10);
  const sx = (x: number) => PAD.left + ((x + extent) / (2 * extent)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => PAD.top + ((extent - y) / (2 * extent)) * (H - PAD.top - PAD.bottom);
  const ticks = [-extent, -extent / 2, 0, extent / 2, extent];
  const signed = (t: number) => (t > 0 ? `+${t}` : String(t));
  const c = theme.colors;
  return (
    <figure className="pf-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} width="100%" style={{ maxWidth: '36rem' }}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <rect x={PAD.left} y={PAD.top} width={W - PAD.left - PAD.right} height={H - PAD.top - PAD.bottom} fill={c.surface} />
        {ticks.map((t) => (
          <g key={`x${t}`}>
            <line x1={sx(t)} x2={sx(t)} y1={PAD.top} y2={H - PAD.bottom} stroke={c.border} strokeWidth={t === 0 ? 1.5 : 0.5} />
            <text x={sx(t)} y={H - PAD.bottom + 14} fontSize="10" textAnchor="middle" fill={c.text}>
              {signed(t)}
            </text>
          </g>
        ))}
        {ticks.map((t) => (
          <g key={`y${t}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(t)} y2={sy(t)} stroke={c.border} strokeWidth={t === 0 ? 1.5 : 0.5} />
            <text x={PAD.left - 4} y={sy(t) + 3} fontSize="10" textAnchor="end" fill={c.text}>
              {signed(t)}
            </text>
          </g>
        ))}
        <text x={(PAD.left + W - PAD.right) / 2} y={H - 6} fontSize="11" textAnchor="middle" fill={c.text}>
          Taux d’emploi à 6 mois : écart à la moyenne (points)
        </text>
        <text
          x={12}
          y={(PAD.top + H - PAD.bottom) / 2}
          fontSize="11"
          textAnchor="middle"
          fill={c.text}
          transform={`rotate(-90 12 ${(PAD.top + H - PAD.bottom) / 2})`}
        >
          Poursuite d’études : écart (points)
        </text>
        {points.map((p, i) => {
          const x = sx(Math.max(-extent, Math.min(extent, p.x)));
          const y = sy(Math.max(-extent, Math.min(extent, p.y)));
          return p.flagged ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: points have no other stable key
            <rect key={i} x={x - 4} y={y - 4} width={8} height={8} fill={c.accent} fillOpacity={0.9}>
              <title>{p.label}</title>
            </rect>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: points have no other stable key
            <circle key={i} cx={x} cy={y} r={3} fill={c.primary} fillOpacity={0.55}>
              <title>{p.label}</title>
            </circle>
          );
        })}
      </svg>
      <figcaption>
        Ronds bleus : formations ; carrés rouges : formations à examiner. En haut à droite, emploi et poursuite d’études au-dessus de la
        moyenne de la voie ; en bas à gauche, les deux en dessous. Les écarts au-delà de ±{extent} points sont ramenés au bord.
      </figcaption>
    </figure>
  );
}
