/**
 * Every figure a pathway shows is a Figure: its value with the source and the vintage it comes
 * from (and its territory and cohort when it has them). A number outside a Figure is an input
 * echoed back or a count, never a figure of the data.
 */
export interface Figure {
  value: number;
  /** '%', 'km', 'semaines', 'heures', 'score', 'classe 1-5', 'indice'… */
  unit: string;
  /** What the figure is, in French. */
  label: string;
  source: string;
  vintage: string;
  geoLevel?: string;
  geoCode?: string;
  /** Size of the population the rate is computed on (InserJeunes: leavers). */
  cohort?: number | null;
  note?: string;
}

export const PASSERELLES_COMPUTATION = 'Passerelles (calcul)';

export function figure(value: number, unit: string, label: string, source: string, vintage: string, extra: Partial<Figure> = {}): Figure {
  return { value, unit, label, source, vintage, ...extra };
}

/** 12.345 → 12.3 (figures shown to people need no more). */
export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
