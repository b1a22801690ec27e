/**
 * The report's blocks: an indicator with its value, source, vintage, level and evolution (a
 * definition list, one column: it reads and prints in order), and a chart drawn on the server
 * with its title, description and data table beside it.
 */
import type { ReactNode } from 'react';
import type { IndicatorDefinition } from '../../../src/steering/indicators-contract.ts';
import { directionText, levelText, type ReportItem, sourcesText, vintageText } from './report-format.ts';

export function IndicatorBlock({ item }: { item: ReportItem }) {
  const { definition, value, formatted, evolution } = item;
  return (
    <section className="report-indicator" aria-labelledby={`ind-${definition.id}`}>
      <h4 id={`ind-${definition.id}`}>{definition.label}</h4>
      <dl>
        <div>
          <dt>Valeur</dt>
          <dd className="report-value">{formatted ?? 'non disponible pour ce territoire'}</dd>
        </div>
        <div>
          <dt>Millésime</dt>
          <dd>{vintageText(definition.vintage, 'inconnu')}</dd>
        </div>
        <div>
          <dt>Évolution</dt>
          <dd>
            {evolution
              ? evolution.text
              : definition.previousVintage
                ? `pas de comparaison possible avec ${vintageText(definition.previousVintage)}`
                : 'un seul millésime disponible'}
          </dd>
        </div>
        <div>
          <dt>Niveau</dt>
          <dd>{levelText(definition, value)}</dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd className="break">{sourcesText(definition)}</dd>
        </div>
        <div>
          <dt>Calcul</dt>
          <dd>
            {definition.formula} ({directionText(definition.direction)})
          </dd>
        </div>
      </dl>
    </section>
  );
}

export function NotYetList({ definitions }: { definitions: IndicatorDefinition[] }) {
  return (
    <ul className="report-not-yet">
      {definitions.map((d) => (
        <li key={d.id}>
          <strong>{d.label}</strong> : pas encore de données.{' '}
          {d.missing ? `Source qui l’alimenterait : ${d.missing}.` : d.sources.length ? `Source prévue : ${sourcesText(d)}.` : ''}
        </li>
      ))}
    </ul>
  );
}

/**
 * A chart (server-drawn SVG), its title, what it shows in words, and its data as a table right
 * after it (`children`: the table's head and body), in a box that scrolls by itself if too wide
 * and takes the focus to be scrolled with the keyboard.
 */
export function ChartFigure({
  id,
  title,
  description,
  svg,
  tableCaption,
  children,
}: {
  id: string;
  title: string;
  description: string;
  svg: string;
  tableCaption: string;
  children: ReactNode;
}) {
  return (
    <figure className="report-figure" aria-labelledby={`${id}-titre`}>
      <figcaption id={`${id}-titre`} className="report-figure-title">
        {title}
      </figcaption>
      <p className="report-figure-description" id={`${id}-description`}>
        {description}
      </p>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: SVG drawn on the server by Observable Plot from the API's figures (text escaped by the DOM) */}
      <div className="report-chart" dangerouslySetInnerHTML={{ __html: svg }} />
      <div className="report-table" tabIndex={0} role="region" aria-labelledby={`${id}-donnees`}>
        <table>
          <caption id={`${id}-donnees`}>{tableCaption}</caption>
          {children}
        </table>
      </div>
    </figure>
  );
}
