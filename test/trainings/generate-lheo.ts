/**
 * Writes a large fictitious LHEO 2.3 file for memory tests and benchmarks: `formations` offers of
 * `actionsPerFormation` actions, each with a place, two sessions, a formateur and financeurs,
 * spread over communes of Pays de la Loire. Streams to disk, so the generator itself stays small.
 */
import fs from 'node:fs';
import { once } from 'node:events';

const PLACES = [
  ['44109', '44000', 'Nantes', 47.2184, -1.5536],
  ['44184', '44600', 'Saint-Nazaire', 47.2735, -2.2138],
  ['49007', '49000', 'Angers', 47.4784, -0.5632],
  ['49099', '49300', 'Cholet', 47.06, -0.8787],
  ['53130', '53000', 'Laval', 48.0706, -0.7734],
  ['72181', '72000', 'Le Mans', 48.0061, 0.1996],
  ['85191', '85000', 'La Roche-sur-Yon', 46.6705, -1.4269],
  ['85194', '85100', "Les Sables-d'Olonne", 46.4967, -1.7836],
] as const;

const TITLES = [
  'Électricien·ne du bâtiment',
  'Aide-soignant·e',
  'Cuisinier·ère',
  'Développeur·se web',
  'Conducteur·rice de bus',
  'Comptable assistant·e',
  'Soudeur·se',
  'Agent·e de propreté',
];
const ROME = ['F1602', 'J1501', 'G1602', 'M1805', 'N4103', 'M1203', 'H2913', 'K2204'];

export interface GenerateOptions {
  formations: number;
  actionsPerFormation: number;
  /** Prefix of every identifier (two files with the same prefix share identifiers). */
  prefix?: string;
}

export async function generateLheo(file: string, options: GenerateOptions): Promise<{ bytes: number; actions: number }> {
  const out = fs.createWriteStream(file);
  const prefix = options.prefix ?? 'GEN';
  const send = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await send('<?xml version="1.0" encoding="UTF-8"?>\n<lheo xmlns="http://lheo.gouv.fr/2.3">\n<offres>\n');
  let actions = 0;
  for (let f = 1; f <= options.formations; f++) {
    const k = f % TITLES.length;
    const id = `${prefix}-${f}`;
    const parts: string[] = [];
    parts.push(`<formation numero="${id}">
<domaine-formation><code-FORMACODE ref="V13">${String(20000 + (f % 9000)).padStart(5, '0')}</code-FORMACODE><code-NSF>${200 + k}</code-NSF><code-ROME ref="V4">${ROME[k]}</code-ROME></domaine-formation>
<intitule-formation>${TITLES[k]} — session ${f}</intitule-formation>
<objectif-formation>Acquérir les compétences du métier de ${TITLES[k].toLowerCase()} et obtenir la certification correspondante.</objectif-formation>
<resultats-attendus>Titre professionnel</resultats-attendus>
<contenu-formation>Modules techniques, sécurité, stage en entreprise, préparation à l'examen (offre générée n° ${f}).</contenu-formation>
<certifiante>1</certifiante>
<contact-formation><coordonnees><nom>Accueil</nom><telfixe><numtel>02 40 00 ${String(f % 100).padStart(2, '0')} 00</numtel></telfixe></coordonnees></contact-formation>
<parcours-de-formation>1</parcours-de-formation>
<code-niveau-entree>0</code-niveau-entree>
<certification><code-RNCP>RNCP${30000 + (f % 5000)}</code-RNCP></certification>
<code-niveau-sortie>13</code-niveau-sortie>
`);
    for (let a = 1; a <= options.actionsPerFormation; a++) {
      actions++;
      const [commune, cp, ville, lat, lon] = PLACES[(f + a) % PLACES.length];
      const month = String(1 + ((f + a) % 12)).padStart(2, '0');
      parts.push(`<action numero="${id}-A${a}">
<rythme-formation>Temps plein</rythme-formation>
<code-public-vise ref="V13">83056</code-public-vise>
<niveau-entree-obligatoire>0</niveau-entree-obligatoire>
<modalites-alternance>Stage de 4 semaines</modalites-alternance>
<modalites-enseignement>${(f + a) % 3}</modalites-enseignement>
<conditions-specifiques>-</conditions-specifiques>
<prise-en-charge-frais-possible>1</prise-en-charge-frais-possible>
<lieu-de-formation><coordonnees><adresse><ligne>${a} rue de la Formation</ligne><codepostal>${cp}</codepostal><ville>${ville}</ville><code-INSEE-commune>${commune}</code-INSEE-commune><geolocalisation><latitude>${(lat + (f % 100) / 10000).toFixed(5)}</latitude><longitude>${(lon + (a % 10) / 1000).toFixed(5)}</longitude></geolocalisation></adresse></coordonnees></lieu-de-formation>
<modalites-entrees-sorties>${f % 2}</modalites-entrees-sorties>
<session numero="${id}-A${a}-S1"><periode><debut>2026${month}01</debut><fin>2027${month}15</fin></periode><adresse-inscription><adresse><ligne>${a} rue de la Formation</ligne><codepostal>${cp}</codepostal><ville>${ville}</ville></adresse></adresse-inscription><etat-recrutement>1</etat-recrutement></session>
<session numero="${id}-A${a}-S2"><periode><debut>2027${month}01</debut><fin>99999999</fin></periode><adresse-inscription><adresse><ligne>${a} rue de la Formation</ligne><codepostal>${cp}</codepostal><ville>${ville}</ville></adresse></adresse-inscription></session>
<prix-total-TTC>${1000 + (f % 50) * 100}</prix-total-TTC>
<nombre-heures-total>${300 + (f % 400)}</nombre-heures-total>
<organisme-formateur><SIRET-formateur><SIRET>${String(10000000000000 + (f % 997)).padStart(14, '0')}</SIRET></SIRET-formateur><raison-sociale-formateur>Formateur ${f % 997}</raison-sociale-formateur></organisme-formateur>
<organisme-financeur><code-financeur>2</code-financeur><nb-places-financees>${5 + (f % 10)}</nb-places-financees></organisme-financeur>
<organisme-financeur><code-financeur>4</code-financeur></organisme-financeur>
</action>
`);
    }
    const org = f % 401;
    parts.push(`<organisme-formation-responsable>
<numero-activite>${String(52000000000 + org)}</numero-activite>
<SIRET-organisme-formation><SIRET>${String(20000000000000 + org)}</SIRET></SIRET-organisme-formation>
<nom-organisme>Organisme ${org}</nom-organisme>
<raison-sociale>Organisme de formation ${org}</raison-sociale>
<coordonnees-organisme><coordonnees><adresse><ligne>1 place de l'Exemple</ligne><codepostal>44000</codepostal><ville>Nantes</ville></adresse></coordonnees></coordonnees-organisme>
<contact-organisme><coordonnees><courriel>contact${org}@exemple.invalid</courriel></coordonnees></contact-organisme>
</organisme-formation-responsable>
</formation>
`);
    await send(parts.join(''));
  }
  await send('</offres>\n</lheo>\n');
  out.end();
  await once(out, 'finish');
  return { bytes: fs.statSync(file).size, actions };
}
