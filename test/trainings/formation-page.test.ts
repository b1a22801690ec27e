/**
 * The training page renders an offer's little HTML as paragraphs and lists of its own, never as
 * markup: rendered on the server through the app (inject), over a private build of the portal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../src/app/server.ts';
import { webBuildReady } from '../helpers/ready.ts';
import { importLheoFile } from '../../src/trainings/import.ts';
import { openTestDatabase } from '../helpers/db.ts';
import { buildPortal } from '../web/helpers/portal.ts';
import { HOSTILE, catalogueText, replaceOnce, tempFile } from './lheo-helpers.ts';

/** The section of the page labelled by `id`. */
function section(html: string, id: string): string {
  const at = html.indexOf(`<section aria-labelledby="${id}">`);
  assert.ok(at !== -1, `section ${id} absente`);
  return html.slice(at, html.indexOf('</section>', at) + '</section>'.length);
}

test('offer texts with HTML show as paragraphs and lists; scripts, handlers and escaped tags never reach the page', {
  timeout: 600_000,
}, async () => {
  process.env.PASSERELLES_WEB_BUILD_DIR = await buildPortal();
  const h = await openTestDatabase();
  try {
    // As real feeds have it: the HTML escaped once in the XML, hence stored as "<p>…".
    const objectif =
      '&lt;p&gt;Réaliser l’installation &amp;eacute;lectrique.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;' +
      '&lt;p onclick="alert(2)"&gt;Deuxième &lt;b&gt;paragraphe&lt;/b&gt;&lt;img src=x onerror="alert(3)"&gt;&lt;br/&gt;suite&lt;/p&gt;' +
      '&lt;ul&gt;&lt;li&gt;câblage&lt;/li&gt;&lt;li&gt;&lt;iframe src="https://exemple.invalid"&gt;&lt;/iframe&gt;mise en service&lt;/li&gt;&lt;/ul&gt;' +
      '&lt;style&gt;body{display:none}&lt;/style&gt;';
    const text = replaceOnce(
      catalogueText(),
      "<lheo:objectif-formation>Réaliser l'installation électrique de bâtiments neufs ou en rénovation.</lheo:objectif-formation>",
      `<lheo:objectif-formation>${objectif}</lheo:objectif-formation>`,
    );
    await importLheoFile(h.db, tempFile('catalogue.xml', text), { source: 'catalogue' });
    await importLheoFile(h.db, HOSTILE);
    await webBuildReady();
    const { app } = await buildServer(h, { logger: false, rateLimit: 100_000 });
    try {
      const res = await app.inject('/formations/catalogue/PDL-0001');
      assert.equal(res.statusCode, 200, res.body.slice(0, 500));
      const objectives = section(res.body, 'objectifs');
      assert.equal(
        objectives,
        '<section aria-labelledby="objectifs"><h2 id="objectifs">Objectifs</h2>' +
          '<p class="prose">Réaliser l’installation électrique.</p>' +
          '<p class="prose">Deuxième <strong>paragraphe</strong><br/>suite</p>' +
          '<ul class="prose"><li>câblage</li><li>mise en service</li></ul></section>',
      );
      for (const html of [res.body, objectives]) {
        assert.doesNotMatch(html, /onerror|onclick|alert\(|display:none/);
        assert.doesNotMatch(html, /&lt;\/?(p|b|ul|li|br|script|img|iframe|style)\b/);
        // The page's only scripts are the portal's own assets.
        assert.doesNotMatch(html, /<script(?![^>]*src="\/assets\/)/);
      }
      assert.doesNotMatch(objectives, /<script|<img|<iframe|<style|exemple\.invalid/);

      // The hostile fixture: what is harmless text stays, as text.
      const hostile = await app.inject(`/formations/texte-hostile/${encodeURIComponent('H-1"\'<b>')}`);
      assert.equal(hostile.statusCode, 200);
      const results = section(hostile.body, 'resultats');
      assert.match(results, /<p class="prose">&amp; <strong>gras<\/strong><\/p>/);
      const content = section(hostile.body, 'contenu-formation');
      assert.match(content, /<p class="prose">clic 1 &lt; 2 &gt; 0 ; \\u003c\/script\\u003e<\/p>/);
      for (const html of [results, content]) assert.doesNotMatch(html, /<script|<img|<a |onerror|javascript:/);
      assert.doesNotMatch(hostile.body, /<img src=x|onerror="alert|<a href="javascript:/);
    } finally {
      await app.close();
    }
  } finally {
    await h.close();
  }
});
