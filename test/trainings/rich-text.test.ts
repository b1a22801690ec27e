/**
 * The little HTML of offer texts read into blocks of plain strings (src/common/rich-text.ts):
 * real LHEO objectives, hostile markup, entities, plain text, escaped HTML.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { blocksToText, decodeEntities, richText, type Block, type Span } from '../../src/common/rich-text.ts';
import { bundleDir } from '../helpers/db.ts';

const p = (...spans: Span[]): Block => ({ type: 'paragraph', spans });
const t = (text: string) => ({ text });

/** Every string the blocks carry, to check that no markup survives. */
function strings(blocks: Block[]): string[] {
  return blocks.flatMap((b) => (b.type === 'paragraph' ? b.spans : b.items.flat()).map((s) => s.text));
}

test('paragraphs, line breaks, lists, bold and italics become blocks', () => {
  assert.deepEqual(richText('<p>A la fois vendeur, manager et commercial.</p>'), [p(t('A la fois vendeur, manager et commercial.'))]);
  // The real BTS file: a paragraph nested in another, a line break after a bold title.
  assert.deepEqual(richText('<p><b>Les objectifs :</b><br /><p>Ce BTS forme des managers.</p></p><p><b>Débouchés</b> : vente</p>'), [
    p({ text: 'Les objectifs :', strong: true }),
    p(t('Ce BTS forme des managers.')),
    p({ text: 'Débouchés', strong: true }, t(' : vente')),
  ]);
  assert.deepEqual(richText('<p>En plus :</p>\n<ul>\n  <li>Gestion de clientèles</li>\n  <li>Relation <em>client</em></li>\n</ul>'), [
    p(t('En plus :')),
    { type: 'list', ordered: false, items: [[t('Gestion de clientèles')], [t('Relation '), { text: 'client', em: true }]] },
  ]);
  assert.deepEqual(richText('<ol><li>un<li>deux<ul><li>deux bis</li></ul></li></ol>après'), [
    { type: 'list', ordered: true, items: [[t('un')], [t('deux')], [t('deux bis')]] },
    p(t('après')),
  ]);
  assert.deepEqual(richText('Première ligne<br>seconde<br/><br/>Autre paragraphe'), [
    p(t('Première ligne'), t('\n'), t('seconde')),
    p(t('Autre paragraphe')),
  ]);
  assert.deepEqual(richText('<li>sans liste</li>'), [{ type: 'list', ordered: false, items: [[t('sans liste')]] }]);
  assert.deepEqual(richText('<h2>Titre</h2><div>Texte   sur\n plusieurs\tlignes</div>'), [
    p({ text: 'Titre', strong: true }),
    p(t('Texte sur plusieurs lignes')),
  ]);
});

test('hostile markup: scripts, styles, frames and handlers never survive; their harmless text does', () => {
  const cases: [string, string][] = [
    ['<script>alert("xss")</script> Formation & co', 'Formation & co'],
    ['<SCRIPT type="text/javascript">document.write("<p>x</p>")</SCRIPT >après', 'après'],
    ['<img src=x onerror="alert(1)"> & <b>gras</b>', '& gras'],
    ['<a href="javascript:alert(document.cookie)">clic</a> 1 < 2 > 0', 'clic 1 < 2 > 0'],
    ['<p onclick="x()" style="color:red">a<style>p{color:red}</style>b<iframe src="//x">repli</iframe>c</p>', 'abc'],
    ['<svg onload=alert(1)><script>alert(2)</script></svg>suite', 'suite'],
    ['<math><mi xlink:href="javascript:alert(1)">x</mi></math>fin', 'fin'],
    ['<!-- <script>alert(1)</script> -->texte<![CDATA[<script>]]>', 'texte'],
    ['<div title="a > b <script>">ok</div>', 'ok'],
    ['<b>gras</b><script>', 'gras'],
    ['texte <img src=x onerror=alert(1)', 'texte'],
    ['<noscript><img src=x onerror=alert(1)></noscript>vu', 'vu'],
    ['<textarea><script>alert(1)</script></textarea>vu', 'vu'],
    ['<o:p>Word</o:p> <span class="x">ok</span>', 'Word ok'],
    ["'); DROP TABLE training_formation; --", "'); DROP TABLE training_formation; --"],
  ];
  for (const [input, text] of cases) {
    const blocks = richText(input);
    assert.equal(blocksToText(blocks), text, input);
    for (const s of strings(blocks)) assert.doesNotMatch(s, /onerror|onclick|onload|javascript:|alert\(1\)|color:red/, input);
  }
  // Escaped markup inside HTML is text ("<script>" shown, never run): the page escapes it.
  assert.deepEqual(richText('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'), [p(t('<script>alert(1)</script>'))]);
});

test('entities are decoded: named, decimal, hexadecimal, windows-1252 range; unknown ones left as written', () => {
  assert.equal(
    decodeEntities('&eacute;t&eacute; &amp; hiver &laquo;&nbsp;oui&nbsp;&raquo; &#233;&#xE9;&#X2019;&#146;'),
    'été & hiver «\u00a0oui\u00a0» éé’’',
  );
  assert.equal(decodeEntities('&inconnu; &#0; &#xD800; &#1114112; &#7; R&D &amp'), '&inconnu; \ufffd \ufffd \ufffd  R&D &amp');
  assert.deepEqual(richText('<p>l&rsquo;&eacute;l&egrave;ve&hellip;</p>'), [p(t('l’élève…'))]);
});

test('plain text keeps its lines; HTML escaped as a whole is read as HTML, once', () => {
  assert.deepEqual(richText('Ligne 1\nLigne 2\n\n  \nParagraphe 2'), [p(t('Ligne 1'), t('\n'), t('Ligne 2')), p(t('Paragraphe 2'))]);
  assert.deepEqual(richText('Électricien & co'), [p(t('Électricien & co'))]);
  assert.deepEqual(richText('&lt;p&gt;A&amp;eacute;&lt;/p&gt;&lt;ul&gt;&lt;li&gt;un&lt;/li&gt;&lt;/ul&gt;'), [
    p(t('Aé')),
    { type: 'list', ordered: false, items: [[t('un')]] },
  ]);
  // Escaped markup that is not HTML of a text (a comparison) stays as written.
  assert.deepEqual(richText('1 &lt; 2'), [p(t('1 < 2'))]);
  assert.deepEqual(richText(''), []);
  assert.deepEqual(richText(null), []);
  assert.deepEqual(richText('<p> </p><br><ul><li> </li></ul>'), []);
});

test('linear time on long hostile input', () => {
  const started = Date.now();
  for (const s of [
    '<'.repeat(200_000),
    '<a '.repeat(100_000),
    '<b>'.repeat(100_000),
    '<script>'.repeat(50_000),
    '<p title="'.repeat(50_000),
    '&'.repeat(200_000),
    '<li>'.repeat(100_000),
    '<!--'.repeat(100_000),
  ])
    richText(s);
  assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
});

test('the real BTS example of the bundle reads as paragraphs and a list, with no markup left', {
  skip: !bundleDir() && 'pas de lot de données',
}, () => {
  const xml = fs.readFileSync(path.join(bundleDir()!, 'formations', 'lheo-2.2-exemple-bts-onisep.xml'), 'utf8');
  const contenu = /<contenu-formation>([\s\S]*?)<\/contenu-formation>/.exec(xml)![1];
  const blocks = richText(decodeEntities(contenu));
  assert.equal(blocks[0].type, 'paragraph');
  assert.ok(blocks.some((b) => b.type === 'list' && b.items.length >= 3));
  for (const s of strings(blocks)) assert.doesNotMatch(s, /<\/?(p|li|ul|b|br)\b/);
});
