/**
 * Server-rendered fragments kept per data version: the part of a page that depends only on one
 * record of the reference data (the ROME sections of a fiche) is rendered to HTML once, then the
 * page around it — the commune, the figures of the day — is rendered fresh each time. A fiche page
 * comes in 1,600 fiches × 1,200 communes: the page cache cannot serve that long tail, this can.
 * A new import changes the version and drops every fragment. Server only (a loader's import).
 */
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

/** More than the records a page may show (1,584 fiches in ROME 4.0): at most one string each. */
const MAX_FRAGMENTS = 4000;

let version: number | undefined;
const fragments = new Map<string, string>();

/** The HTML of `render()`, rendered at the first call for `key` under this data version. */
export function renderedOnce(dataVersion: number, key: string, render: () => ReactElement): string {
  if (dataVersion !== version) {
    fragments.clear();
    version = dataVersion;
  }
  let html = fragments.get(key);
  if (html === undefined) {
    html = renderToStaticMarkup(render());
    if (fragments.size >= MAX_FRAGMENTS) fragments.delete(fragments.keys().next().value!);
    fragments.set(key, html);
  }
  return html;
}
