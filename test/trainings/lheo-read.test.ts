/**
 * LHEO reader: namespaces, encodings, the schema's rules and the documented errors, without a
 * database.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { ImportError } from '../../src/platform/import/errors.ts';
import { checkOffer, readLheo, type LheoItem } from '../../src/trainings/lheo/read.ts';
import { ELEMENTS } from '../../src/trainings/lheo/schema.ts';
import { DICTIONARIES, ELEMENT_DICTIONARY } from '../../src/trainings/lheo/dictionaries.ts';
import type { LheoOffer } from '../../src/trainings/lheo/model.ts';
import { CATALOGUE, LATIN1, catalogueText, lineOf, replaceOnce, tempFile } from './lheo-helpers.ts';

async function read(file: string): Promise<LheoItem[]> {
  const items: LheoItem[] = [];
  for await (const item of readLheo(file, { label: 'test.xml' })) items.push(item);
  return items;
}

const offers = (items: LheoItem[]) => items.flatMap((i) => (i.type === 'offer' ? [i.offer] : []));
const invalid = (items: LheoItem[]) => items.flatMap((i) => (i.type === 'invalid' ? [i] : []));

async function readFails(file: string): Promise<ImportError> {
  try {
    await read(file);
  } catch (e) {
    assert.ok(e instanceof ImportError, `ImportError attendue, reçu ${e}`);
    return e;
  }
  assert.fail('le fichier aurait dû être refusé');
}

/** The catalogue fixture with one edit, read; the other offers must be unaffected. */
async function variant(from: string, to: string): Promise<{ items: LheoItem[]; text: string }> {
  const text = replaceOnce(catalogueText(), from, to);
  return { items: await read(tempFile('variant.xml', text)), text };
}

test('the catalogue reads as three offers with their actions, sessions and codes', async () => {
  const items = await read(CATALOGUE);
  assert.deepEqual(items[0], { type: 'root', version: '2.3', namespace: 'http://lheo.gouv.fr/2.3', encoding: 'UTF-8' });
  const list = offers(items);
  assert.deepEqual(
    list.map((o) => o.numero),
    ['PDL-0001', 'PDL-0002', 'PDL-0003'],
  );
  assert.equal(invalid(items).length, 0);
  const [o1, o2, o3] = list;
  assert.equal(o1.intitule, "Électricien·ne d'équipement du bâtiment");
  assert.deepEqual(o1.domaine.rome, [{ code: 'F1602', ref: 'V4' }]);
  assert.deepEqual(o1.attrs, { datecrea: '20250102', datemaj: '20261015' });
  assert.equal(o1.actions[0].sessions.length, 2);
  assert.deepEqual(o1.actions[0].sessions[1].periode, { debut: '20260900', fin: '99999999' });
  assert.equal(o1.actions[0].sessions[0].blocsCompetences[0].blocs[1].code, 'RNCP37874BC02');
  assert.equal(o1.actions[0].lieux[0].coordonnees.adresse?.codeInseeCommune, '44162');
  assert.equal(o1.actions[0].prixTotalTTC, '8 575,00');
  assert.equal(o1.actions[0].entreesSortiesPermanentes, true);
  assert.equal(o1.urls[0], 'https://formation.exemple.invalid/electricien?id=1&src=lheo');
  assert.equal(o1.organisme.numero, 'ORG-1');
  assert.equal(o2.actions[0].sessions[0].cycles[0].alternance?.rythme?.unitesEntreprise, 2);
  // Actions and sessions without an identifier get their rank; the demo marker becomes a flag.
  assert.equal(o3.actions[0].numero, '#1');
  assert.equal(o3.actions[0].sessions[0].numero, '#1');
  assert.equal(o3.demo, true);
  assert.deepEqual(o3.extras, []);
});

test('any namespace prefix, or none, reads the same offers', async () => {
  const base = offers(await read(CATALOGUE));
  const other = catalogueText().replace(/lheo:/g, 'x:').replace('xmlns:lheo=', 'xmlns:x=');
  assert.deepEqual(offers(await read(tempFile('x.xml', other))), base);
  const none = catalogueText().replace(/lheo:/g, '').replace('xmlns:lheo=', 'xmlns=');
  assert.deepEqual(offers(await read(tempFile('none.xml', none))), base);
});

test('LHEO 2.2 in ISO-8859-1 is decoded from its declaration', async () => {
  const items = await read(LATIN1);
  assert.equal(items[0].type === 'root' && items[0].version, '2.2');
  const [o] = offers(items);
  assert.equal(o.intitule, 'Assistant(e) de vie aux familles (ADVF) à La Roche-sur-Yon');
  assert.match(o.objectif, /âgées .* « aide à la personne »/);
  // The same bytes declared as ISO-8859-15 read the same (no €, œ in this text).
  const latin9 = tempFile(
    'l9.xml',
    Buffer.from(
      iconv.encode(
        iconv.decode(await import('node:fs').then((fs) => fs.readFileSync(LATIN1)), 'latin1').replace('ISO-8859-1', 'ISO-8859-15'),
        'latin1',
      ),
    ),
  );
  assert.equal(offers(await read(latin9))[0].intitule, o.intitule);
});

test('a truncated file is refused whole, naming its last line', async () => {
  const text = catalogueText();
  const cut = text.slice(0, text.indexOf('<lheo:formation numero="PDL-0003">') + 200);
  const e = await readFails(tempFile('tronque.xml', cut));
  assert.match(e.reason, /fin de fichier inattendue.*fichier tronqué/);
  assert.equal(e.line, cut.split('\n').length);
  assert.equal(e.file, 'test.xml');
});

test('an undeclared entity is refused with its name, line and column', async () => {
  const text = replaceOnce(catalogueText(), 'CAP Pâtissier en apprentissage', 'CAP&nbsp;Pâtissier');
  const e = await readFails(tempFile('entite.xml', text));
  assert.match(e.reason, /entité non déclarée « &nbsp; »/);
  assert.equal(e.line, lineOf(text, '&nbsp;'));
  const lineText = text.split('\n')[e.line - 1];
  assert.equal(e.column, lineText.indexOf('&nbsp;') + '&nbsp;'.length + 1);
});

test('mismatched tags are refused', async () => {
  const text = replaceOnce(catalogueText(), '<lheo:certifiante>0</lheo:certifiante>', '<lheo:certifiante>0</lheo:certifiant>');
  const e = await readFails(tempFile('balises.xml', text));
  assert.match(e.reason, /balise fermante <\/lheo:certifiant> inattendue : <lheo:certifiante> attend sa propre balise fermante/);
  assert.equal(e.line, lineOf(text, '</lheo:certifiant>'));
});

test('bytes invalid for the declared encoding are refused with their line', async () => {
  // Declared UTF-8, written in ISO-8859-1.
  const text = catalogueText();
  const e = await readFails(tempFile('encodage.xml', iconv.encode(text, 'latin1')));
  assert.match(e.reason, /octets invalides pour l’encodage UTF-8 déclaré \(0xC9/);
  const first = text.split('\n').findIndex((l) => /[^\x00-\x7f]/.test(l)) + 1;
  assert.equal(e.line, first);
  assert.equal(e.column, text.split('\n')[first - 1].search(/[^\x00-\x7f]/) + 1);
  // Also deep in a large file, past the first chunks.
  const big = text.replace('<lheo:offres>', `<lheo:offres>\n<!--${'x'.repeat(300_000)}-->`);
  const bytes = Buffer.concat([
    Buffer.from(big.slice(0, big.indexOf('Angers'))),
    Buffer.from([0xe9]),
    Buffer.from(big.slice(big.indexOf('Angers'))),
  ]);
  const e2 = await readFails(tempFile('encodage2.xml', bytes));
  assert.equal(e2.line, lineOf(big, 'Angers'));
});

test('an unsupported encoding, UTF-16 or a root other than <lheo> are refused', async () => {
  const sjis = catalogueText().replace('encoding="UTF-8"', 'encoding="Shift_JIS"');
  assert.match((await readFails(tempFile('sjis.xml', sjis))).reason, /encodage « Shift_JIS » non pris en charge/);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(catalogueText(), 'utf16le')]);
  assert.match((await readFails(tempFile('utf16.xml', utf16))).reason, /UTF-16/);
  const other = await readFails(tempFile('autre.xml', '<?xml version="1.0"?>\n<catalogue xmlns="urn:x"/>'));
  assert.match(other.reason, /élément racine <catalogue>.*un fichier LHEO commence par <lheo>/);
  assert.equal(other.line, 2);
  assert.match((await readFails(tempFile('vide.xml', ''))).reason, /fichier vide/);
});

test('début after fin rejects that offer only, with its identifier, line and column', async () => {
  const { items, text } = await variant(
    '<lheo:debut>20260901</lheo:debut>\n            <lheo:fin>20280630</lheo:fin>',
    '<lheo:debut>20280901</lheo:debut>\n            <lheo:fin>20280630</lheo:fin>',
  );
  assert.deepEqual(
    offers(items).map((o) => o.numero),
    ['PDL-0001', 'PDL-0003'],
  );
  const [bad] = invalid(items);
  assert.equal(bad.numero, 'PDL-0002');
  assert.match(bad.reason, /période incohérente : début 20280901 postérieur à la fin 20280630/);
  const periodeLine = lineOf(text, '<lheo:debut>20280901') - 1;
  assert.equal(bad.line, periodeLine);
  assert.equal(bad.column, text.split('\n')[periodeLine - 1].indexOf('<') + 1);
});

test('a month-only date covers its month; unknown dates are accepted', async () => {
  const s2 = '<lheo:debut>20260900</lheo:debut>\n            <lheo:fin>99999999</lheo:fin>';
  const { items } = await variant(s2, '<lheo:debut>20260900</lheo:debut><lheo:fin>20260900</lheo:fin>');
  assert.equal(invalid(items).length, 0);
  const { items: bad } = await variant(s2, '<lheo:debut>20260915</lheo:debut><lheo:fin>20260900</lheo:fin>');
  assert.equal(invalid(bad).length, 0, 'the 15th is within the month');
  const { items: worse } = await variant(s2, '<lheo:debut>20260900</lheo:debut><lheo:fin>20260800</lheo:fin>');
  assert.match(invalid(worse)[0].reason, /période incohérente/);
});

test('each rule of the schema rejects the offer with a French reason', async () => {
  const cases: [string, string, RegExp][] = [
    [
      '<lheo:intitule-formation>Remise à niveau numérique à distance</lheo:intitule-formation>',
      '',
      /élément <intitule-formation> obligatoire absent de <formation>/,
    ],
    [
      '<lheo:code-financeur>16</lheo:code-financeur>',
      '<lheo:code-financeur>42</lheo:code-financeur>',
      /code « 42 » inconnu pour <code-financeur> \(table dict-financeurs\) : valeurs permises 0, 1, 2, 3/,
    ],
    [
      '<lheo:code-niveau-entree>11</lheo:code-niveau-entree>',
      '<lheo:code-niveau-entree>9</lheo:code-niveau-entree>',
      /code « 9 » inconnu pour <code-niveau-entree> \(table dict-niveaux\)/,
    ],
    ['<lheo:debut>20260901</lheo:debut>', '<lheo:debut>20260231</lheo:debut>', /<debut> : date « 20260231 » invalide/],
    [
      '<lheo:code-ROME ref="V4">D1104</lheo:code-ROME>',
      '<lheo:code-ROME ref="V4">D11O4</lheo:code-ROME>',
      /<code-ROME> : « D11O4 » n’est pas un code ROME/,
    ],
    [
      '<lheo:SIRET>98765432100019</lheo:SIRET>',
      '<lheo:SIRET>9876543210001X</lheo:SIRET>',
      /<SIRET> : « 9876543210001X » n’est pas 14 chiffres/,
    ],
    [
      '<lheo:codepostal>49000</lheo:codepostal>\n              <lheo:ville>Angers</lheo:ville>\n              <lheo:code-INSEE-commune>49007',
      '<lheo:codepostal>490</lheo:codepostal>\n              <lheo:ville>Angers</lheo:ville>\n              <lheo:code-INSEE-commune>49007',
      /<codepostal> doit faire 5 caractères/,
    ],
    [
      '<lheo:nombre-heures-total>35</lheo:nombre-heures-total>',
      '<lheo:nombre-heures-total>35 h</lheo:nombre-heures-total>',
      /<nombre-heures-total> : nombre entier attendu, « 35 h » trouvé/,
    ],
    [
      '<lheo:conditions-specifiques>Avoir un employeur</lheo:conditions-specifiques>',
      '<lheo:conditions-specifiques>   </lheo:conditions-specifiques>',
      /<conditions-specifiques> vide/,
    ],
    [
      '<lheo:certification><lheo:code-RNCP>37121</lheo:code-RNCP></lheo:certification>\n      <lheo:code-niveau-sortie>13</lheo:code-niveau-sortie>',
      '<lheo:code-niveau-sortie>13</lheo:code-niveau-sortie>\n      <lheo:certification><lheo:code-RNCP>37121</lheo:code-RNCP></lheo:certification>',
      /élément <certification> mal placé dans <formation>/,
    ],
    [
      '<lheo:capacite-simultanee>15</lheo:capacite-simultanee>',
      '<lheo:capacite>15</lheo:capacite>',
      /élément <capacite> inattendu dans <cycle>/,
    ],
    [
      '<lheo:organisme-financeur><lheo:code-financeur>16',
      '<lheo:organisme-financeur><lheo:nb-places-financees>3</lheo:nb-places-financees><lheo:code-financeur>16',
      /élément <code-financeur> obligatoire absent de <organisme-financeur>/,
    ],
  ];
  for (const [from, to, reason] of cases) {
    const { items } = await variant(from, to);
    const bad = invalid(items);
    assert.equal(bad.length, 1, `une offre rejetée pour ${reason}`);
    assert.match(bad[0].reason, reason);
    assert.ok(bad[0].line > 0 && bad[0].column > 0);
    assert.equal(offers(items).length, 2, `les autres offres restent (${reason})`);
  }
});

test('identifiers: a formation needs one, and repeats are rejected', async () => {
  const { items } = await variant('<lheo:formation numero="PDL-0002">', '<lheo:formation>');
  assert.match(invalid(items)[0].reason, /identifiant absent/);
  const { items: byId } = await variant('<lheo:formation numero="PDL-0002">', '<lheo:formation id="F2">');
  assert.deepEqual(
    offers(byId).map((o) => o.numero),
    ['PDL-0001', 'F2', 'PDL-0003'],
  );
  const { items: twice, text } = await variant('<lheo:formation numero="PDL-0003">', '<lheo:formation numero="PDL-0001">');
  const [dup] = invalid(twice);
  assert.equal(dup.numero, 'PDL-0001');
  assert.match(dup.reason, /identifiant en double : déjà vu ligne 5/);
  assert.equal(
    dup.line,
    text.lastIndexOf('numero="PDL-0001"') > 0 ? text.slice(0, text.lastIndexOf('<lheo:formation numero="PDL-0001"')).split('\n').length : 0,
  );
  const { items: actions } = await variant('<lheo:action numero="PDL-0002-A1">', '<lheo:action numero="PDL-0001-A1">');
  assert.equal(invalid(actions).length, 0, 'action identifiers are scoped by their formation');
});

test('unknown attributes are dropped with a note, not the offer', async () => {
  const { items } = await variant('<lheo:formation numero="PDL-0002">', '<lheo:formation numero="PDL-0002" couleur="bleu">');
  assert.equal(offers(items).length, 3);
  assert.deepEqual(offers(items)[1].attrs, {});
  assert.ok(items.some((i) => i.type === 'note' && /attribut couleur non prévu par LHEO 2.3 sur <formation> \(1 fois\)/.test(i.text)));
});

test('the dictionaries hold exactly the codes the XSD enumerates', () => {
  for (const [element, dict] of Object.entries(ELEMENT_DICTIONARY)) {
    const rule = ELEMENTS[element];
    assert.ok(rule && 'enum' in rule && rule.enum, element);
    assert.deepEqual([...rule.enum!].sort(), Object.keys(DICTIONARIES[dict].entries).sort(), `${element} / ${dict}`);
  }
  assert.equal(Object.keys(DICTIONARIES).length, 19);
  assert.equal(DICTIONARIES['dict-financeurs'].entries['2'], 'Collectivité territoriale - Conseil régional');
});

test('a large file streams: offers come one at a time', async () => {
  // 2,000 offers; the reader must yield the first long before the file is read.
  const text = catalogueText();
  const start = text.indexOf('<lheo:formation numero="PDL-0003">');
  const end = text.indexOf('</lheo:offres>');
  const one = text.slice(start, end);
  const many: string[] = [];
  for (let i = 0; i < 2000; i++) many.push(one.replace('numero="PDL-0003"', `numero="N-${i}"`));
  const file = tempFile('grand.xml', text.slice(0, start) + many.join('') + text.slice(end));
  let bytesAtFirst = -1;
  let bytes = 0;
  let n = 0;
  for await (const item of readLheo(file, { label: 'grand.xml', onBytes: (b) => (bytes = b) })) {
    if (item.type === 'offer') {
      n++;
      if (bytesAtFirst < 0) bytesAtFirst = bytes;
    }
  }
  assert.equal(n, 2002);
  assert.ok(bytesAtFirst < 200_000, `première offre après ${bytesAtFirst} octets`);
});

// Type-level check that the model is what the reader yields.
const _typed: (o: LheoOffer) => string = (o) => o.numero;
void _typed;

test('checkOffer: an offer built in code passes the same rules', async () => {
  const [offer] = offers(await read(CATALOGUE));
  assert.equal(await checkOffer(offer), null);
  const bad = structuredClone(offer);
  bad.actions[0].sessions[0].periode = { debut: '20270101', fin: '20260101' };
  assert.match((await checkOffer(bad))!.reason, /période incohérente/);
  const noAction = { ...structuredClone(offer), actions: [] };
  assert.match((await checkOffer(noAction))!.reason, /élément <action> obligatoire absent de <formation>/);
});
