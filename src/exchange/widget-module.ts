/**
 * What the embeddable widget part of exchange brings to the module (see index.ts): two addresses
 * outside /api, served as pages are (counted by the rate limit per client address, a French page
 * past it), never through the portal (its bundle is far over the widget's 30 KB):
 * - GET /widget.js, the script a partner pastes (widget-script.ts);
 * - GET /widget/formations, the page in the frame (widget-page.ts), which a partner may also
 *   paste as an <iframe> directly.
 * Neither sets a cookie (nothing here reads or opens a session), both may be cached by anyone for
 * a few minutes, and the page says any site may frame it (CSP frame-ancestors *).
 */
import { InputError } from '../platform/errors.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { FRAMEABLE_BY_ANY_SITE } from '../platform/http/security.ts';
import { readTheme, territoryErrorPage, WIDGET_PAGE_PATH, widgetCsp, widgetPage, type WidgetView } from './widget-page.ts';
import { WIDGET_SCRIPT } from './widget-script.ts';
import { resolveTerritory, UnknownTerritory, widgetOffers, widgetTrainings } from './widget-search.ts';

export const WIDGET_SCRIPT_PATH = '/widget.js';

/** The embed's own parameters, kept by the page's form and links. */
const EMBED = ['commune', 'rayon', 'departement', 'epci', 'couleur', 'titre', 'police', 'offres'] as const;

/** One text value of a query parameter (the first when repeated), at most 200 characters. */
function text(query: unknown, name: string): string {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.slice(0, 200) : '';
}

const yes = (value: string) => ['1', 'oui', 'true', 'on'].includes(value.trim().toLowerCase());

export function registerWidgetRoutes(app: App, ctx: ServeContext): void {
  const db = ctx.handle.db;
  const headers = (reply: { header(name: string, value: string): unknown }) => {
    reply.header('cache-control', 'public, max-age=300');
    reply.header('x-content-type-options', 'nosniff');
  };

  // Both are loaded by partners' pages: helmet's same-origin-only headers do not apply.
  app.get(WIDGET_SCRIPT_PATH, { schema: { hide: true }, ...FRAMEABLE_BY_ANY_SITE }, async (_request, reply) => {
    headers(reply);
    // Loaded by a <script> tag of any site: no CORS needed, no credentials involved.
    return reply.type('text/javascript; charset=utf-8').send(WIDGET_SCRIPT);
  });

  app.get(WIDGET_PAGE_PATH, { schema: { hide: true }, ...FRAMEABLE_BY_ANY_SITE }, async (request, reply) => {
    headers(reply);
    reply.type('text/html; charset=utf-8');
    const q = request.query;
    const theme = readTheme({ couleur: text(q, 'couleur'), titre: text(q, 'titre'), police: text(q, 'police') });
    reply.header('content-security-policy', widgetCsp(theme));
    let territory: Awaited<ReturnType<typeof resolveTerritory>>;
    try {
      territory = await resolveTerritory(db, {
        commune: text(q, 'commune'),
        rayon: text(q, 'rayon'),
        departement: text(q, 'departement'),
        epci: text(q, 'epci'),
      });
    } catch (error) {
      if (!(error instanceof UnknownTerritory)) throw error;
      return reply.status(400).send(territoryErrorPage(theme, error.message));
    }
    // What the form and the page links carry on: the territory as given (it was read), the theme
    // as validated (an ignored value is not passed on).
    const embed: Record<string, string> = {};
    for (const name of EMBED) if (text(q, name).trim()) embed[name] = text(q, name).trim();
    if (theme.accentGiven) embed.couleur = theme.accent;
    else delete embed.couleur;
    if (embed.titre) embed.titre = theme.title;
    if (theme.font) embed.police = theme.font;
    else delete embed.police;
    const page = Math.min(Math.max(1, Number.parseInt(text(q, 'page'), 10) || 1), 1000);
    const view: WidgetView = {
      theme,
      territory,
      embed,
      q: text(q, 'q').trim(),
      alternance: yes(text(q, 'apprentissage')),
      fault: null,
      trainings: null,
      offers: null,
    };
    try {
      view.trainings = await widgetTrainings(db, territory, view.q, view.alternance, page);
      if (yes(text(q, 'offres'))) view.offers = await widgetOffers(db, territory, view.q);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      view.fault = error.message;
      reply.status(400);
    }
    return reply.send(widgetPage(view));
  });
}
