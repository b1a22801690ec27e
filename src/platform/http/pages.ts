import type { App, AppContext } from './server.ts';
import { html, type SafeHtml } from './html.ts';
import { SAMPLE_NOTICE } from '../data.ts';
import { getFiche } from '../../referentials/fiche.ts';

/**
 * The first server-rendered pages: search an occupation, read its fiche. They need no JavaScript;
 * the full portal (React Router) replaces them.
 */
export function registerPages(app: App, ctx: AppContext): void {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const q = String((request.query as { q?: string }).q ?? '').slice(0, 200);
    const results = q ? ctx.occupations.search(q, 10) : [];
    const body = html`
      <h1>Trouver un métier</h1>
      <form method="get" action="/" role="search">
        <label for="q">Métier, appellation ou sigle</label>
        <input id="q" name="q" type="search" value="${q}" autocomplete="off" placeholder="ex. boulanger, AESH, dév front">
        <button type="submit">Rechercher</button>
      </form>
      ${q ? html`<h2>Résultats pour « ${q} »</h2>
        ${results.length
          ? html`<ol>${results.map((r) => html`<li><a href="/metiers/${r.code}">${r.label}</a> <span>(${r.code})</span>${r.matched && r.matched !== r.label ? html` — <span>${r.matched}</span>` : ''}</li>`)}</ol>`
          : html`<p>Aucun métier ne correspond. Essayez un autre mot.</p>`}` : ''}`;
    return page(reply, ctx, q ? `Recherche « ${q} » – Passerelles` : 'Passerelles – métiers, formations, emploi', body);
  });

  app.get('/metiers/:code', { schema: { hide: true } }, async (request, reply) => {
    const { code } = request.params as { code: string };
    const fiche = /^[A-Na-n]\d{4}$/.test(code) ? await getFiche(ctx.handle.db, code.toUpperCase()) : null;
    if (!fiche) {
      reply.status(404);
      return page(reply, ctx, 'Métier introuvable – Passerelles', html`<h1>Métier introuvable</h1><p>Aucune fiche ROME ne porte le code « ${code} ».</p><p><a href="/">Retour à la recherche</a></p>`);
    }
    const body = html`
      <h1>${fiche.label} <span>(${fiche.code})</span></h1>
      ${fiche.definition ? html`<h2>Définition</h2><p>${fiche.definition}</p>` : ''}
      ${fiche.accesMetier ? html`<h2>Accès au métier</h2><p>${fiche.accesMetier}</p>` : ''}
      <h2>Appellations</h2>
      <ul>${fiche.appellations.map((a) => html`<li>${a.label}</li>`)}</ul>
      <h2>Compétences</h2>
      ${fiche.savoirFaire.map((g) => html`<h3>${g.label}</h3><ul>${g.items.map((i) => html`<li>${i.label}</li>`)}</ul>`)}
      ${fiche.mobilites.length ? html`<h2>Mobilités officielles</h2><ul>${fiche.mobilites.map((m) => html`<li><a href="/metiers/${m.code}">${m.label}</a></li>`)}</ul>` : ''}`;
    return page(reply, ctx, `${fiche.label} – Passerelles`, body);
  });
}

function page(reply: { type(t: string): unknown }, ctx: AppContext, title: string, main: SafeHtml): string {
  reply.type('text/html; charset=utf-8');
  const sample = ctx.status().sample;
  return html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { font: 1rem/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; }
  .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
  header, main, footer { max-width: 60rem; margin: 0 auto; padding: 1rem; }
  .sample { background: #fff4d6; border: 2px solid #8a5a00; padding: .75rem 1rem; }
  a { color: #0b4f9c; } input, button { font: inherit; padding: .5rem; } label { display: block; font-weight: 600; }
  :focus-visible { outline: 3px solid #0b4f9c; outline-offset: 2px; }
</style>
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header><a href="/">Passerelles</a></header>
${sample ? html`<div class="sample" role="note"><strong>Données d’exemple.</strong> ${SAMPLE_NOTICE}</div>` : ''}
<main id="contenu">${main}</main>
<footer><a href="/api/docs">API publique</a></footer>
</body>
</html>`.value;
}
