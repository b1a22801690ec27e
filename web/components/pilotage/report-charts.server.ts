/**
 * The report's charts drawn by Observable Plot on the server (a jsdom document), as SVG text the
 * page inlines: no script in the browser, and Chromium prints them into the PDF. Each SVG is an
 * image with its accessible name (role="img", aria-label); the page shows its title, a description
 * and the table of its data next to it (RGAA 1.3 and 1.4).
 */
import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import type { ComparisonData, EvolutionRow } from './report-format.ts';

let window: JSDOM['window'] | undefined;
const documentOf = () => (window ??= new JSDOM('<!doctype html><html lang="fr"><body></body></html>').window).document;

const PRIMARY = '#0a4d8c';
const GREY = '#5f6b7a';
const FAVOURABLE = '#1e6b34';
const UNFAVOURABLE = '#a4321f';

/** The chart's SVG as text: an image named by `label` (its children are not read one by one). */
function finish(svg: SVGSVGElement | HTMLElement, label: string): string {
  svg.removeAttribute('aria-description');
  // An image's inner parts are not read: Plot's names of its groups would only be noise (and axe refuses them without a role).
  for (const part of svg.querySelectorAll('[aria-label], [aria-description]')) {
    part.removeAttribute('aria-label');
    part.removeAttribute('aria-description');
  }
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('focusable', 'false');
  return svg.outerHTML;
}

/** A long label cut in its middle (its start and its end differ between close indicators): « Places en premi…000 habitants ». */
const shorten = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 16).trimEnd()}…${text.slice(-15).trimStart()}` : text;
const decimal = (x: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(x);

/** Horizontal bars: the territory (dark) against its département and région (grey), value written at the end of each bar. */
export function comparisonSvg(data: ComparisonData): string {
  const rows = data.rows.map((r, i) => ({ ...r, key: String(i), label: shorten(r.name, 28) }));
  const labels = new Map(rows.map((r) => [r.key, r.label]));
  const svg = Plot.plot({
    document: documentOf(),
    width: 640,
    height: 40 + rows.length * 34,
    marginLeft: 190,
    marginRight: 110,
    style: { fontSize: '13px' },
    x: { label: null, grid: true, tickFormat: decimal, nice: true },
    y: { label: null, domain: rows.map((r) => r.key), tickFormat: (key: string) => labels.get(key) ?? '' },
    marks: [
      Plot.barX(rows, { x: 'value', y: 'key', fill: (r: (typeof rows)[number]) => (r.role === 'territoire' ? PRIMARY : GREY) }),
      Plot.text(rows, { x: 'value', y: 'key', text: 'formatted', dx: 6, textAnchor: 'start', fill: '#1c1c1c' }),
      Plot.ruleX([0]),
    ],
  });
  return finish(svg, `${data.title}. ${data.description}`);
}

/** Bars of the relative change since the previous vintage, green when favourable, red when not, grey for context. */
export function evolutionSvg(rows: EvolutionRow[], title: string): string {
  const data = rows.map((r, i) => ({ ...r, key: String(i), short: shorten(r.label, 42), percent: r.relative * 100 }));
  const labels = new Map(data.map((r) => [r.key, r.short]));
  // Room on both sides of zero for the written changes.
  const reach = Math.max(1, ...data.map((r) => Math.abs(r.percent)));
  const domain = [Math.min(-reach / 4, ...data.map((r) => r.percent)), Math.max(reach / 4, ...data.map((r) => r.percent))];
  const svg = Plot.plot({
    document: documentOf(),
    width: 640,
    height: 50 + data.length * 30,
    marginLeft: 265,
    marginRight: 20,
    style: { fontSize: '11px' },
    x: { label: 'variation (%)', grid: true, tickFormat: decimal, nice: true, domain },
    y: { label: null, domain: data.map((r) => r.key), tickFormat: (key: string) => labels.get(key) ?? '' },
    marks: [
      Plot.barX(data, {
        x: 'percent',
        y: 'key',
        fill: (r: (typeof data)[number]) => (r.favourable === null ? GREY : r.favourable ? FAVOURABLE : UNFAVOURABLE),
      }),
      // The change is written beside the zero line, on the side away from its bar: never over the labels.
      Plot.text(
        data.filter((r) => r.percent >= 0),
        { x: 0, y: 'key', text: 'change', dx: -6, textAnchor: 'end', fill: '#1c1c1c' },
      ),
      Plot.text(
        data.filter((r) => r.percent < 0),
        { x: 0, y: 'key', text: 'change', dx: 6, textAnchor: 'start', fill: '#1c1c1c' },
      ),
      Plot.ruleX([0]),
    ],
  });
  const said = rows.map((r) => `${r.label} : ${r.change}`).join(' ; ');
  return finish(svg, `${title}. Barres horizontales de la variation relative entre deux millésimes. ${said}.`);
}
