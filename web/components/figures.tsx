/** Small pieces for figures: every number is shown with its source and vintage. */
import type { ReactNode } from 'react';
import { frenchNumber, frenchPercent } from '../../src/common/format.ts';

/** 6.4 → "6,4 %". */
export function formatPercent(value: number | null | undefined): string {
  return value == null ? 'non publié' : frenchPercent(value);
}

/** 395.8 → "396". */
export function formatCount(value: number | null | undefined): string {
  return value == null ? 'non publié' : frenchNumber(value);
}

/** InserJeunes "2022_2023" → "sortants 2022 et 2023"; a year stays a year. */
export function formatVintage(vintage: string): string {
  const m = /^(\d{4})_(\d{4})$/.exec(vintage);
  return m ? `sortants ${m[1]} et ${m[2]}` : vintage;
}

/**
 * The year of a figure the platform holds nothing newer for (every figure the pages show is the
 * latest one imported): « 2019, dernière année disponible », so that an old year reads as such.
 * A vintage that is not a year (« import du … ») is only made readable.
 */
export function latestYear(vintage: string): string {
  return /^\d{4}(_\d{4})?$/.test(vintage) ? `${vintage.replace('_', '-')}, dernière année disponible` : formatVintage(vintage);
}

/** "Source : X, millésime Y." in small print. */
export function SourceLine({ source, vintage, children }: { source: string; vintage?: string; children?: ReactNode }) {
  return (
    <p className="source">
      Source : {source}
      {vintage ? `, ${formatVintage(vintage)}` : ''}.{children ? <> {children}</> : null}
    </p>
  );
}

/** Tension classes of 1 to 5 in words (the class is never told by colour alone). */
export const TENSION_CLASS = ['', 'très faible', 'faible', 'moyenne', 'forte', 'très forte'];

export function tensionWords(value: number | null | undefined): string {
  return value == null ? 'non publiée' : `${TENSION_CLASS[value] ?? value} (${value} sur 5)`;
}

/**
 * A table that may scroll sideways on a phone: the scrolling region is focusable and named, so
 * that it can be scrolled with the keyboard (RGAA 7.3, axe scrollable-region-focusable).
 * `stack`: on a phone, each row becomes a block whose cells carry their column name (cells need a
 * `data-label`); the table keeps its semantics (`.table-stack` in app.css sets roles' display only).
 */
export function ScrollTable({ label, stack, children }: { label: string; stack?: boolean; children: ReactNode }) {
  return (
    <div className={stack ? 'table-scroll table-stack' : 'table-scroll'} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
