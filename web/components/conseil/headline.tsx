/** The headline of a saved pathway simulation: its first pathway, in the figures people compare. */
import { figureText } from '../guidance/figures.tsx';
import { longFrenchDate } from '../../../src/common/dates.ts';
import type { ReadSimulation } from './simulations.ts';

export interface Headline {
  id: number;
  label: string;
  pathway: string | null;
  duration: string;
  distance: string;
  funding: string;
  employment: string;
  start: string;
  tension: string;
  count: number;
}

export function headlineOf(s: ReadSimulation): Headline {
  const target = s.kind === 'parcours' ? s.result.targets[0] : undefined;
  const p = target?.pathways[0];
  const none = s.kind === 'parcours' ? 'non connu' : 'simulation de métiers, pas de parcours';
  return {
    id: s.id,
    label: s.label,
    pathway: p?.title ?? null,
    count: target?.pathways.length ?? 0,
    duration: p?.duration ? figureText(p.duration) : none,
    distance: p ? (p.farthestDistance ? figureText(p.farthestDistance) : 'aucun déplacement prévu') : none,
    funding: p ? p.funding.map((r) => `${r.name} (${r.financeur})`).join(' ; ') || 'aucun financement trouvé' : none,
    employment: p?.employment ? figureText(p.employment) : p ? 'non publié' : none,
    start: p?.startDates?.dates[0] ? longFrenchDate(p.startDates.dates[0]) : p ? 'pas de date connue' : none,
    tension: p?.tension.finest ? figureText(p.tension.finest) : p ? 'non publiée' : none,
  };
}
