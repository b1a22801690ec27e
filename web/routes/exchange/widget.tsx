import { Form, useLoaderData } from 'react-router';
import compteCss from '../../styles/compte.css?url';
import type { LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { TextField } from '../../components/compte/forms.tsx';

/**
 * « Module de recherche à intégrer » (/partenaires/widget): how a partner puts the training search
 * on its own site. A GET form composes the embed (territory, colour, title, apprenticeship
 * offers); the page gives the two codes to paste (the <script> of /widget.js, or the <iframe>
 * directly) and a link to the composed module. Works without JavaScript; nothing is stored.
 */

export const links = () => [{ rel: 'stylesheet', href: compteCss }];
export const meta = () => [{ title: `Module de recherche à intégrer – ${theme.name}` }];

const FRAME_TITLE = 'Recherche de formations — Passerelles';
const CODE = { width: '100%', fontFamily: 'ui-monospace, monospace', overflowWrap: 'anywhere' } as const;
/** The embed's attributes: form field, data-* attribute of the script, query parameter of the frame. */
const FIELDS = ['commune', 'rayon', 'departement', 'epci', 'couleur', 'titre'] as const;

/** Text of an HTML attribute value in the code shown to the partner. */
const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export async function loader({ request }: LoaderArgs) {
  const url = new URL(request.url);
  const values: Record<string, string> = {};
  for (const name of FIELDS) {
    const v = (url.searchParams.get(name) ?? '').trim().slice(0, 100);
    if (v) values[name] = v;
  }
  const offres = url.searchParams.get('offres') === 'oui';
  if (!values.commune && !values.departement && !values.epci) values.commune = '49007';
  const query = new URLSearchParams(values);
  if (offres) query.set('offres', 'oui');
  const origin = url.origin;
  const data = Object.entries(values).map(([k, v]) => ` data-${k}="${attr(v)}"`);
  if (offres) data.push(' data-offres="oui"');
  return {
    values,
    offres,
    script: `<script src="${origin}/widget.js"${data.join('')} async></script>`,
    iframe: `<iframe src="${attr(`${origin}/widget/formations?${query}`)}" title="${FRAME_TITLE}" style="width:100%;height:900px;border:0"></iframe>`,
    preview: `/widget/formations?${query}`,
  };
}

export default function WidgetPage() {
  const { values, offres, script, iframe, preview } = useLoaderData<typeof loader>();
  return (
    <div className="c-page">
      <h1>Intégrer la recherche de formations sur votre site</h1>
      <p>
        Un CFA, une mission locale, une collectivité peut afficher sur son site la recherche de formations de {theme.name}, limitée à son
        territoire et aux couleurs de son site : les personnes cherchent par mot-clé, voient les formations (et si vous le souhaitez les
        offres de contrat d’apprentissage) et ouvrent leur fiche sur {theme.name} dans un nouvel onglet.
      </p>
      <ul>
        <li>accessible (titres, étiquettes, clavier) et utilisable sans JavaScript ;</li>
        <li>sans cookie ni traceur : le module ne dépose rien chez vos visiteurs ;</li>
        <li>léger : environ 2 Ko de JavaScript compressé, et aucun si vous collez le cadre (iframe) directement.</li>
      </ul>

      <section aria-labelledby="composer" className="c-section">
        <h2 id="composer">Composer votre module</h2>
        <p>
          Indiquez un seul territoire : une commune (avec un rayon), un département ou une intercommunalité. Aucun champ n’est obligatoire.
        </p>
        <Form method="get" className="c-form">
          <TextField
            id="w-commune"
            name="commune"
            label="Commune"
            hint="Code INSEE ou code postal, par exemple 49007 pour Angers."
            autoComplete="off"
            required={false}
            defaultValue={values.commune}
          />
          <TextField
            id="w-rayon"
            name="rayon"
            label="Rayon autour de la commune, en km"
            hint="De 1 à 200 ; 30 si vous ne l’indiquez pas."
            autoComplete="off"
            inputMode="numeric"
            required={false}
            defaultValue={values.rayon}
          />
          <TextField
            id="w-departement"
            name="departement"
            label="Ou un département"
            hint="Son code, par exemple 49 ou 2A."
            autoComplete="off"
            required={false}
            defaultValue={values.departement}
          />
          <TextField
            id="w-epci"
            name="epci"
            label="Ou une intercommunalité (EPCI)"
            hint="Son numéro SIREN à 9 chiffres, par exemple 244900015."
            autoComplete="off"
            inputMode="numeric"
            required={false}
            defaultValue={values.epci}
          />
          <TextField
            id="w-couleur"
            name="couleur"
            label="Couleur d’accent"
            hint="Au format #rrggbb ou #rgb, par exemple #b34000 ; une valeur d’un autre format est ignorée."
            autoComplete="off"
            required={false}
            defaultValue={values.couleur}
          />
          <TextField
            id="w-titre"
            name="titre"
            label="Titre du module"
            hint="« Trouver une formation » si vous ne l’indiquez pas."
            autoComplete="off"
            required={false}
            defaultValue={values.titre}
          />
          <ul className="c-links c-checks">
            <li>
              <input type="checkbox" id="w-offres" name="offres" value="oui" defaultChecked={offres} />
              <label htmlFor="w-offres">Afficher aussi les offres de contrat d’apprentissage du territoire</label>
            </li>
          </ul>
          <button type="submit" className="button">
            Préparer le code
          </button>
        </Form>
      </section>

      <section aria-labelledby="code" className="c-section">
        <h2 id="code">Le code à coller dans votre page</h2>
        <h3>Avec un script (le cadre s’ajuste à la hauteur des résultats)</h3>
        <div className="field">
          <label htmlFor="code-script">Code du script, à coller là où le module doit apparaître</label>
          <textarea id="code-script" readOnly rows={6} value={script} style={CODE} spellCheck={false} />
        </div>
        <h3>Ou un cadre seul (sans aucun JavaScript)</h3>
        <div className="field">
          <label htmlFor="code-iframe">Code du cadre (iframe), de hauteur fixe</label>
          <textarea id="code-iframe" readOnly rows={6} value={iframe} style={CODE} spellCheck={false} />
        </div>
        <p>
          Autres attributs du script : <code>data-police</code> (nom d’une police installée chez le visiteur, par exemple « Marianne ») et{' '}
          <code>data-recherche</code> (une première recherche). Dans l’adresse du cadre, les mêmes réglages s’écrivent <code>commune</code>,{' '}
          <code>rayon</code>, <code>departement</code>, <code>epci</code>, <code>couleur</code> (<code>%23</code> pour le #),{' '}
          <code>titre</code>, <code>police</code>, <code>offres=oui</code> et <code>q</code>.
        </p>
      </section>

      <p>
        <a href={preview} target="_blank" rel="noopener">
          Voir le module ainsi composé (nouvel onglet)
        </a>
      </p>
    </div>
  );
}
