import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldAccents } from '../../src/common/text.ts';
import {
  buildOccupationIndex,
  genderForms,
  labelForms,
  occupationDocuments,
  stemWord,
  tokenize,
  type OccupationDocument,
} from '../../src/referentials/search.ts';

// A handful of fiches written for this test (codes and wording in the ROME style).
const fiche = (code_rome: string, text: string): OccupationDocument => ({ code_rome, text, kind: 'fiche', weight: 1 });
const synonym = (code_rome: string, text: string, weight = 0.96): OccupationDocument => ({ code_rome, text, kind: 'appellation', weight });

const DOCS: OccupationDocument[] = [
  fiche('D1102', 'Boulanger / Boulangère'),
  synonym('D1102', 'Boulanger-pâtissier / Boulangère-pâtissière'),
  fiche('D1104', 'Pâtissier / Pâtissière'),
  fiche('F1603', 'Plombier / Plombière sanitaire'),
  synonym('F1603', 'Plombier / Plombière'),
  synonym('F1603', 'Plombier zingueur / Plombière zingueuse'),
  synonym('F1603', 'Aide plombier / Aide plombière'),
  fiche('J1501', 'Aide-soignant / Aide-soignante'),
  fiche('J1506', 'Infirmier / Infirmière en soins généraux (IDE)'),
  fiche('K2113', 'Accompagnant / Accompagnante des élèves en situation de handicap (AESH)'),
  fiche('M1855', 'Développeur / Développeuse web'),
  synonym('M1855', 'Développeur / Développeuse front-end'),
  fiche('M1805', 'Développeur / Développeuse informatique'),
  fiche('D1202', 'Coiffeur / Coiffeuse'),
  fiche('F1602', 'Electricien / Electricienne du bâtiment'),
  fiche('D1211', 'Vendeur / Vendeuse'),
  // Many near-identical synonyms: they must not outrank an exact label by their number.
  fiche('D1214', 'Vendeur / Vendeuse en accessoires de la personne'),
  ...['maroquinerie', 'bijouterie', 'parfumerie', 'chaussures', 'lingerie', 'horlogerie', 'optique', 'lunetterie'].map((w) =>
    synonym('D1214', `Vendeur / Vendeuse en ${w}`),
  ),
  { code_rome: 'D1202', text: 'coiffeur/coiffeuse', kind: 'esco', weight: 0.9 },
];

const index = buildOccupationIndex(DOCS);
const codes = (q: string, limit = 3) => index.search(q, { limit }).map((h) => h.code);

test('normalisation folds case, accents and ligatures, splits punctuation, drops stop words', () => {
  assert.equal(foldAccents('Électricienne ŒNOLOGUE'), 'electricienne oenologue');
  assert.deepEqual(tokenize("L'Agent d'entretien / Agente-polyvalente (H/F)"), ['agent', 'entretien', 'agente', 'polyvalente']);
  assert.deepEqual(tokenize('Chef de la sécurité du site'), ['chef', 'securite', 'site']);
  // While typing, a last lone letter is kept as the start of a word, a stop word is not.
  assert.deepEqual(tokenize('gardien de la p', true), ['gardien', 'p']);
  assert.deepEqual(tokenize('agent d', true), ['agent']);
});

test('stemming meets feminine and plural forms on one stem', () => {
  const same = [
    ['coiffeur', 'coiffeuse', 'coiffeuses'],
    ['conducteur', 'conductrice'],
    ['technicien', 'technicienne'],
    ['boulanger', 'boulangere', 'boulangers'],
    ['infirmier', 'infirmiere', 'infirmieres'],
    ['agent', 'agente', 'agents'],
    ['commercial', 'commerciale', 'commerciaux'],
    ['chef', 'cheffe'],
    ['educatif', 'educative'],
    ['employe', 'employee'],
  ];
  for (const group of same) {
    assert.equal(new Set(group.map(stemWord)).size, 1, group.join(', '));
  }
  assert.notEqual(stemWord('boulanger'), stemWord('boucher'));
});

test('labels are indexed under both gender forms, and under their acronym', () => {
  assert.deepEqual(genderForms('Boulanger / Boulangère'), ['Boulanger', 'Boulangère']);
  assert.deepEqual(genderForms('Conducteur / Conductrice de bus'), ['Conducteur de bus', 'Conductrice de bus']);
  assert.deepEqual(genderForms("Chef d'équipe plombier / Cheffe d'équipe plombière"), [
    "Chef d'équipe plombier",
    "Cheffe d'équipe plombière",
  ]);
  assert.deepEqual(genderForms('directeur technique/directrice technique'), ['directeur technique', 'directrice technique']);
  assert.deepEqual(genderForms('Accueillant(e) familial(e) auprès d’adultes'), ['Accueillant familial auprès d’adultes']);
  // A slash between unrelated words is not a gender pair.
  assert.deepEqual(genderForms('Analyste biologie/microbiologie en industrie'), ['Analyste biologie/microbiologie en industrie']);
  assert.deepEqual(labelForms('Agent / Agente de service hospitalier (ASH)'), [
    'Agent de service hospitalier (ASH)',
    'Agente de service hospitalier (ASH)',
    'ASH',
  ]);
  assert.ok(labelForms('Directeur administratif / Directrice administrative et financière -DAF-').includes('DAF'));
});

test('missing accents, feminine forms and plurals find the fiche', () => {
  assert.equal(codes('electricien')[0], 'F1602');
  assert.equal(codes('électricienne du bâtiment')[0], 'F1602');
  assert.equal(codes('coiffeuse')[0], 'D1202');
  assert.equal(codes('boulangères')[0], 'D1102');
  assert.equal(codes('patissiere')[0], 'D1104');
});

test('typos are tolerated in proportion to word length', () => {
  assert.equal(codes('boulanjer')[0], 'D1102');
  assert.equal(codes('plombié')[0], 'F1603');
  assert.equal(codes('coifeuse')[0], 'D1202');
  // Three letters allow no edit.
  assert.deepEqual(index.search('bou', { prefix: false }), []);
  assert.deepEqual(
    index
      .search('boulanjers', { prefix: false })
      .map((h) => h.code)
      .slice(0, 1),
    ['D1102'],
  );
});

test('the last word is matched as a prefix while typing, not after a space', () => {
  assert.equal(codes('boulang')[0], 'D1102');
  assert.equal(codes('aide soign')[0], 'J1501');
  assert.equal(codes('plomb')[0], 'F1603');
  assert.deepEqual(index.search('plomb', { prefix: false }), []);
  assert.deepEqual(index.search('plomb '), []);
});

test('abbreviations and acronyms are expanded or met in the labels', () => {
  assert.equal(codes('AS')[0], 'J1501');
  assert.equal(codes('AESH')[0], 'K2113');
  assert.equal(codes('IDE')[0], 'J1506');
  assert.equal(codes('dév front')[0], 'M1855');
  assert.equal(codes('dev web')[0], 'M1855');
});

test('one result per fiche, labelled with the fiche and the text that matched', () => {
  const hits = index.search('plombier', { limit: 10 });
  assert.equal(hits.filter((h) => h.code === 'F1603').length, 1);
  assert.deepEqual(hits[0], {
    code: 'F1603',
    label: 'Plombier / Plombière sanitaire',
    score: hits[0].score,
    matched: 'Plombier / Plombière',
  });
  const coiffeur = index.search('coiffeur', { limit: 10 });
  assert.equal(coiffeur.length, 1);
  // Many synonyms do not outrank the exact label.
  assert.deepEqual(codes('vendeur', 2), ['D1211', 'D1214']);
});

test('an exact ROME code comes first', () => {
  assert.deepEqual(index.search('d1102', { limit: 1 }), [{ code: 'D1102', label: 'Boulanger / Boulangère', score: 10, matched: 'D1102' }]);
  assert.equal(codes('F1603 plombier')[0], 'F1603');
  assert.deepEqual(index.search('Z9999'), []);
});

test('limit, empty queries and an empty index', () => {
  assert.equal(index.search('vendeur', { limit: 1 }).length, 1);
  assert.deepEqual(index.search(''), []);
  assert.deepEqual(index.search("  d'  "), []);
  assert.deepEqual(buildOccupationIndex([]).search('boulanger'), []);
});

test('database rows become weighted documents', () => {
  const docs = occupationDocuments([
    { code_rome: 'D1102', text: 'Boulanger / Boulangère', kind: 'fiche', origin: 'fiche' },
    { code_rome: 'D1102', text: 'Boulanger / Boulangère', kind: 'appellation', origin: 'principale' },
    { code_rome: 'D1102', text: 'Boulanger(ère)', kind: 'appellation', origin: 'synonyme', short: true },
    { code_rome: 'D1102', text: 'boulanger', kind: 'esco', origin: 'preferred', relation: 'exactMatch', fiches: 1 },
    { code_rome: 'D1102', text: 'mitron', kind: 'esco', origin: 'hidden', relation: 'broadMatch', fiches: 3 },
    { code_rome: 'D1102', text: ' ', kind: 'esco', origin: 'alt', relation: 'closeMatch', fiches: 1 },
  ]);
  assert.equal(docs.length, 5);
  const w = docs.map((d) => d.weight);
  assert.equal(w[0], 1);
  assert.equal(w[1], 1);
  assert.ok(w[2] < 0.96);
  assert.ok(w[3] < 1 && w[3] > w[4]);
});
