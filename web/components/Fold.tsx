/**
 * Long pages folded on a phone (issue 18): each section is a <details> closed in the HTML, its
 * heading inside the summary, its content under the section's id; a table of contents at the top
 * links to the ids. Nothing needs JavaScript:
 * - on a wide screen app.css shows the content of closed folds (`::details-content`); the island
 *   (fold-island.ts) then also opens them, so that their state says what a person sees;
 * - a link to `#id` (the table of contents, a redirect to `#territoire`) opens the fold by itself:
 *   the browser reveals a fragment's target inside a closed <details>.
 */
import type { ReactNode } from 'react';
import islandUrl from './fold-island.ts?worker&url';

export interface FoldEntry {
  /** The content's id, the target of the table of contents; the heading's is `${id}-titre`. */
  id: string;
  title: string;
}

/** « Sur cette page »: a link to every fold of the page, and the island that opens them on wide screens. */
export function FoldToc({ entries }: { entries: FoldEntry[] }) {
  return (
    <nav aria-labelledby="sommaire" className="fold-toc">
      <p id="sommaire" className="fold-toc-title">
        Sur cette page
      </p>
      <ul>
        {entries.map((entry) => (
          <li key={entry.id}>
            <a className="fold-toc-link" href={`#${entry.id}`}>
              {entry.title}
            </a>
          </li>
        ))}
      </ul>
      <script type="module" src={islandUrl} async></script>
    </nav>
  );
}

/** A section folded on a phone, open on a wide screen; `className` goes on the <section>. */
export function Fold({ id, title, className, children }: FoldEntry & { className?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-titre`} className={className}>
      <details className="fold">
        <summary>
          <h2 id={`${id}-titre`}>{title}</h2>
        </summary>
        <div id={id} className="fold-body">
          {children}
        </div>
      </details>
    </section>
  );
}
