/**
 * The widget's page (GET /widget/formations): plain HTML rendered here, no portal bundle, so that
 * a partner's page loads a few kilobytes. A GET form (works without JavaScript: it reloads the
 * frame), trainings as a list of headed items whose links open the portal in a new tab, and when
 * the embed asks for it, the apprenticeship offers of the territory. The theme comes from the
 * embed's attributes and reaches the <style> only as a validated value; every text is escaped.
 */
import { html, SafeHtml } from '../platform/http/html.ts';
import { cspHash } from '../platform/http/security.ts';
import type { Territory, WidgetOffer, WidgetTrainings } from './widget-search.ts';
import { portalSearches, trainingsWhere } from './widget-search.ts';
import type { TrainingHit } from '../trainings/index.ts';

export const WIDGET_PAGE_PATH = '/widget/formations';
export const DEFAULT_TITLE = 'Trouver une formation';
const DEFAULT_ACCENT = '#000091';

/** The embed's theme, once validated: anything else is ignored (the defaults stay). */
export interface Theme {
  /** #rrggbb */
  accent: string;
  /** Whether the embed gave a valid colour (else the accent is the default one). */
  accentGiven: boolean;
  title: string;
  /** A font family name of letters, digits, spaces and dashes, or null (the system's). */
  font: string | null;
}

const COLOUR = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;
const FONT = /^[A-Za-z0-9][A-Za-z0-9 -]{0,39}$/;

export function readTheme(p: { couleur?: string; titre?: string; police?: string }): Theme {
  const m = COLOUR.exec(p.couleur?.trim() ?? '');
  const hex = m ? (m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1]).toLowerCase() : null;
  // Control characters out, spaces folded; the title is text, escaped where it is written.
  const title = (p.titre ?? '')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  const font = p.police?.trim() && FONT.test(p.police.trim()) ? p.police.trim() : null;
  return { accent: hex ? `#${hex}` : DEFAULT_ACCENT, accentGiven: hex !== null, title: title || DEFAULT_TITLE, font };
}

/** Black or white, whichever reads better on the accent (WCAG relative luminance). */
function textOn(accent: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(accent.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

/**
 * The page's one script: tells the partner's page (widget.js) the page's height, so that the frame
 * fits it. A height is no secret: any parent may read it ('*').
 */
export const HEIGHT_SCRIPT =
  "(function(){var s=function(){parent.postMessage({passerelles:'hauteur',hauteur:document.documentElement.offsetHeight},'*')};" +
  "addEventListener('load',s);addEventListener('resize',s);if(window.ResizeObserver)new ResizeObserver(s).observe(document.body);s()})();";

/**
 * The page's Content-Security-Policy: any site may frame it (that is its purpose), nothing but its
 * own script and its own style sheet (by hash: the sheet depends on the embed's theme) apply, its
 * form posts nowhere else.
 */
export function widgetCsp(theme: Theme): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(styleSheet(theme))}`,
    `script-src ${cspHash(HEIGHT_SCRIPT)}`,
    "img-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    'frame-ancestors *',
  ].join('; ');
}

function styleSheet(theme: Theme): string {
  // Only validated values: accent and its text colour are #rrggbb, the font matches FONT.
  const font = theme.font ? `"${theme.font}", ` : '';
  return `
*{box-sizing:border-box}
html{font-family:${font}system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:100%;line-height:1.5;color:#1e1e1e;background:#fff}
body{margin:0;padding:1rem}
h1{font-size:1.375rem;margin:0 0 .75rem;padding-bottom:.25rem;border-bottom:4px solid ${theme.accent}}
h2{font-size:1.125rem;margin:1.5rem 0 .5rem}
h3{font-size:1rem;margin:0 0 .25rem}
form{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;margin:0 0 1rem}
.champ{display:flex;flex-direction:column;flex:1 1 14rem}
label{font-weight:600}
input[type=search]{font:inherit;padding:.5rem;border:1px solid #3a3a3a;border-radius:4px;width:100%}
.case{display:flex;gap:.5rem;align-items:center;min-height:2.75rem}
.case input{width:1.25rem;height:1.25rem;margin:0}
button{font:inherit;font-weight:600;padding:.5rem 1rem;min-height:2.75rem;border:2px solid #1e1e1e;border-radius:4px;background:${theme.accent};color:${textOn(theme.accent)};cursor:pointer}
a{color:#000091;text-decoration:underline}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #1e1e1e;outline-offset:2px}
ul.resultats{list-style:none;margin:0;padding:0}
ul.resultats>li{padding:.75rem 0;border-top:1px solid #ddd}
ul.resultats p{margin:.125rem 0}
.discret{color:#3a3a3a;font-size:.875rem}
.alerte{border-left:4px solid #ce0500;padding:.5rem .75rem;background:#fff4f4}
nav.pages{display:flex;gap:1rem;flex-wrap:wrap;margin-top:.75rem}
`;
}

const style = (theme: Theme): SafeHtml => raw(`<style>${styleSheet(theme)}</style>`);

const raw = (value: string): SafeHtml => new SafeHtml(value);

function document(theme: Theme, body: SafeHtml): string {
  return `<!doctype html>${
    html`<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${theme.title} — Passerelles</title>${style(theme)}</head>
<body><main>${body}</main><script>${raw(HEIGHT_SCRIPT)}</script></body></html>`.value
  }`;
}

/** The page when the embed's territory cannot be read. */
export function territoryErrorPage(theme: Theme, message: string): string {
  return document(
    theme,
    html`<h1>${theme.title}</h1>
<div class="alerte" role="alert"><p><strong>Ce module de recherche est mal configuré.</strong></p><p>${message}</p>
<p class="discret">Territoire attendu : <code>commune</code> (code INSEE ou code postal, avec <code>rayon</code> en km),
<code>departement</code> (ex. 49) ou <code>epci</code> (numéro SIREN).</p></div>`,
  );
}

export interface WidgetView {
  theme: Theme;
  territory: Territory;
  /** The embed's own parameters (territory, theme, offres), kept by the form and the page links. */
  embed: Record<string, string>;
  q: string;
  alternance: boolean;
  /** A fault of the visitor's search (a French message), or null. */
  fault: string | null;
  trainings: WidgetTrainings | null;
  offers: { total: number; results: WidgetOffer[] } | null;
}

const NEW_TAB = html`<span class="discret"> (nouvel onglet)</span>`;
const frenchDate = (day: string | null) => (day ? day.split('-').reverse().join('/') : null);
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;

function pageLink(view: WidgetView, page: number): string {
  const s = new URLSearchParams(view.embed);
  if (view.q) s.set('q', view.q);
  if (view.alternance) s.set('apprentissage', '1');
  if (page > 1) s.set('page', String(page));
  return `${WIDGET_PAGE_PATH}?${s}`;
}

function training(hit: TrainingHit): SafeHtml {
  const href = `/formations/${encodeURIComponent(hit.source)}/${encodeURIComponent(hit.formation)}`;
  const place = hit.lieu ? [hit.lieu.ville, hit.lieu.codePostal].filter(Boolean).join(' ') : '';
  const next = hit.sessions.find((s) => s.debut);
  return html`<li><h3><a href="${href}" target="_blank" rel="noopener">${hit.intitule}${NEW_TAB}</a></h3>
<p>${hit.organisme.nom}${place ? ` — ${place}` : ''}${hit.lieu?.distanceKm != null ? ` (${hit.lieu.distanceKm.toLocaleString('fr-FR')} km)` : ''}</p>
${hit.niveau || hit.certification?.label ? html`<p class="discret">${[hit.certification?.label, hit.niveau?.label].filter(Boolean).join(' — ')}</p>` : ''}
${next ? html`<p class="discret">Prochaine session : ${frenchDate(next.debut)}${next.ville ? ` à ${next.ville}` : ''}</p>` : ''}</li>`;
}

function offer(o: WidgetOffer): SafeHtml {
  return html`<li><h3><a href="/apprentissage/offres/${String(o.id)}" target="_blank" rel="noopener">${o.title}${NEW_TAB}</a></h3>
<p>${o.company} — ${o.commune}</p>
<p class="discret">${o.diploma} — début le ${frenchDate(o.startDate)}</p></li>`;
}

export function widgetPage(view: WidgetView): string {
  const { theme, territory, trainings, offers } = view;
  const hidden = Object.entries(view.embed).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  const form = html`<form method="get" action="${WIDGET_PAGE_PATH}" role="search" aria-label="Rechercher une formation">${hidden}
<div class="champ"><label for="w-q">Métier, formation ou diplôme</label><input type="search" id="w-q" name="q" value="${view.q}" maxlength="200"></div>
<div class="case"><input type="checkbox" id="w-app" name="apprentissage" value="1"${raw(view.alternance ? ' checked' : '')}><label for="w-app">Apprentissage seulement</label></div>
<button type="submit">Rechercher</button></form>`;
  const where = trainingsWhere(territory);
  const trainingSection = trainings
    ? html`<section aria-labelledby="w-formations"><h2 id="w-formations">Formations ${where}</h2>
<p role="status">${plural(trainings.total, 'formation trouvée', 'formations trouvées')}${trainings.pages > 1 ? ` — page ${trainings.page} sur ${trainings.pages}` : ''}</p>
${trainings.notes.length ? html`<ul class="discret">${trainings.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
${trainings.results.length ? html`<ul class="resultats">${trainings.results.map(training)}</ul>` : html`<p>Aucune formation ne répond à cette recherche sur ce territoire.</p>`}
${
  trainings.pages > 1
    ? html`<nav class="pages" aria-label="Pages de résultats">${trainings.page > 1 ? html`<a href="${pageLink(view, trainings.page - 1)}">Page précédente</a>` : ''}${
        trainings.page < trainings.pages ? html`<a href="${pageLink(view, trainings.page + 1)}">Page suivante</a>` : ''
      }</nav>`
    : ''
}
<p><a href="${portalSearches(territory, view.q).trainings}" target="_blank" rel="noopener">Plus de formations sur Passerelles${NEW_TAB}</a></p></section>`
    : '';
  const offerSection = offers
    ? html`<section aria-labelledby="w-offres"><h2 id="w-offres">Offres de contrat d’apprentissage ${territory.kind === 'epci' ? `dans l’intercommunalité ${territory.name}` : where}</h2>
<p>${plural(offers.total, 'offre publiée', 'offres publiées')}${offers.total > offers.results.length ? ` — les ${offers.results.length} qui commencent le plus tôt` : ''}</p>
${offers.results.length ? html`<ul class="resultats">${offers.results.map(offer)}</ul>` : html`<p>Aucune offre d’apprentissage publiée ne répond à cette recherche sur ce territoire.</p>`}
<p><a href="${portalSearches(territory, view.q).offers}" target="_blank" rel="noopener">Toutes les offres d’apprentissage sur Passerelles${NEW_TAB}</a></p></section>`
    : '';
  return document(
    theme,
    html`<h1>${theme.title}</h1>
${territory.kind === 'commune' && territory.note ? html`<p class="discret">${territory.note}</p>` : ''}
${form}
${view.fault ? html`<div class="alerte" role="alert"><p>${view.fault}</p></div>` : ''}
${trainingSection}${offerSection}
<p class="discret">Données et offres : Passerelles.</p>`,
  );
}
