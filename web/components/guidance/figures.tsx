import type { ReactNode } from 'react';
import type { Figure } from './pathway-types.ts';
import { longFrenchDate } from '../../../src/common/dates.ts';
import { frenchNumber } from '../../../src/common/format.ts';
import { formatVintage } from '../figures.tsx';

const number = { format: (n: number) => frenchNumber(n, 1) };

/** Provenance as a person reads it: ISO days in French (« 7 décembre 2026 »), « 2022_2023 » as two years of leavers. */
export function readable(text: string): string {
  return text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => longFrenchDate(d)).replace(/\b(\d{4})_(\d{4})\b/g, (v) => formatVintage(v));
}

/**
 * Who produced a figure, in a few words: the source before its details (« : … », « à partir de … »)
 * and before its first comma outside brackets (« France Travail, tensions par métier… » → « France Travail »).
 */
export function producer(source: string): string {
  const head = source.split(' : ')[0].replace(/ à partir de.*$/, '');
  let depth = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c === '(' || c === '«') depth++;
    else if (c === ')' || c === '»') depth--;
    else if (c === ',' && depth === 0) return head.slice(0, i);
  }
  return head;
}

/** The value of a figure in words: "87 %", "6,7 km", "12 semaines", "4 sur 5". */
export function figureText(f: Figure): string {
  const v = number.format(f.value);
  switch (f.unit) {
    case '%':
      return `${v}\u202f%`;
    case 'classe 1-5':
      return `${v} sur 5`;
    case 'semaines':
      return `${v} semaine${f.value >= 2 ? 's' : ''}`;
    case 'heures':
      return `${v} heure${f.value >= 2 ? 's' : ''}`;
    default:
      return `${v} ${f.unit}`;
  }
}

const GEO: Record<string, string> = {
  reg: 'région',
  region: 'région',
  dep: 'département',
  departement: 'département',
  bassin: 'bassin d’emploi',
  fr: 'France',
  commune: 'commune',
};

/** "Source : InserJeunes (…), 2022_2023, région 52, 79 sortants". */
export function sourceText(f: Pick<Figure, 'source' | 'vintage' | 'geoLevel' | 'geoCode' | 'cohort'>): string {
  const parts = [f.source, f.vintage];
  if (f.geoLevel) parts.push(`${GEO[f.geoLevel] ?? f.geoLevel}${f.geoCode ? ` ${f.geoCode}` : ''}`);
  if (typeof f.cohort === 'number') parts.push(`${number.format(f.cohort)} personne${f.cohort > 1 ? 's' : ''} dans la cohorte`);
  return `Source : ${parts.filter(Boolean).join(', ')}`;
}

/** A figure with what it is and where it comes from. */
export function FigureSource({ figure }: { figure: Figure }) {
  return (
    <span className="source g-fig-source">
      {readable(`${figure.label}. ${sourceText(figure)}.${figure.note ? ` ${figure.note}` : ''}`)}
    </span>
  );
}

/**
 * The year of a vintage on the short line: « 2022-2023 » for a cohort (the folded provenance says
 * « sortants 2022 et 2023 »), else the latest year it names (a rule checked in 2023 and data imported
 * in 2026: « 2026 »); the dates themselves stay in the folded provenance.
 */
function vintageYear(vintage: string): string {
  const cohort = /\b(\d{4})_(\d{4})\b/.exec(vintage);
  if (cohort) return `${cohort[1]}-${cohort[2]}`;
  const years = vintage.match(/\b(?:19|20)\d{2}\b/g);
  return years ? String(Math.max(...years.map(Number))) : readable(vintage);
}

/** The source in a few words, producer and year: « Source : France Travail, 2021 », « Source : Passerelles (calcul), 2026 ». */
export function shortSource(f: Pick<Figure, 'source' | 'vintage' | 'cohort'>): string {
  const who = producer(f.source);
  const when = vintageYear(f.vintage);
  const cohort = typeof f.cohort === 'number' ? `, ${number.format(f.cohort)} personne${f.cohort > 1 ? 's' : ''} dans la cohorte` : '';
  return `Source : ${who}${who.includes(when) ? '' : `, ${when}`}${cohort}`;
}

/** Full provenance folded under a « Source » disclosure (a native element: opens without JavaScript). */
export function SourceDetails({ figure, children }: { figure: Figure; children?: ReactNode }) {
  return (
    <details className="g-details g-fig-details">
      <summary>
        Source<span className="visually-hidden"> : {figure.label}</span>
      </summary>
      <FigureSource figure={figure} />
      {children}
    </details>
  );
}

/** A key figure of a card: the value, one short source line (producer, year), the full provenance folded. */
export function FactValue({ figure, detail = false }: { figure: Figure; detail?: boolean }) {
  return (
    <>
      {figureText(figure)}
      {detail ? <span className="g-fig-detail">{figure.label}</span> : null}
      <span className="source g-fig-source">{shortSource(figure)}</span>
      <SourceDetails figure={figure} />
    </>
  );
}
