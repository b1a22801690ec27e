/** Mentions légales (/mentions-legales). */
import { theme } from '../theme.ts';

export function meta() {
  return [{ title: `Mentions légales – ${theme.name}` }];
}

export default function LegalNotice() {
  return (
    <div className="prose">
      <h1>Mentions légales</h1>
      <h2>Éditeur</h2>
      <p>
        {theme.name} est un service public numérique édité par la {theme.publisher}, {theme.legal.address}. Contact :{' '}
        <a href={`mailto:${theme.contactEmail}`}>{theme.contactEmail}</a>.
      </p>
      <p>Directeur ou directrice de la publication : {theme.legal.publicationDirector}.</p>
      <h2>Hébergement</h2>
      <p>{theme.legal.host}.</p>
      <h2>Données personnelles et cookies</h2>
      <p>
        Le portail ne demande ni compte ni identité, et ne dépose aucun cookie ni traceur de mesure d’audience. Ce que vous saisissez (un
        métier, une commune, des compétences) sert uniquement à calculer la page demandée ; le lieu choisi est conservé dans l’adresse de la
        page, pas dans votre navigateur. Les journaux techniques du serveur (adresse IP, page demandée, date) sont conservés pour la
        sécurité du service et ne sont ni croisés ni transmis.
      </p>
      <p>
        Pour exercer vos droits (articles 15 à 22 du RGPD), écrivez à <a href={`mailto:${theme.contactEmail}`}>{theme.contactEmail}</a>.
        Vous pouvez aussi adresser une réclamation à la CNIL (<a href="https://www.cnil.fr/fr/plaintes">cnil.fr/fr/plaintes</a>).
      </p>
      <h2>Données publiques et réutilisation</h2>
      <p>
        Les informations affichées viennent de données publiques (ROME, ESCO, Certif Info, BCN, InserJeunes, DARES, INSEE, offre de
        formation LHEO) sous leurs licences respectives : voir <a href="/sources">les sources des données</a>. Elles sont aussi disponibles
        par <a href="/api/docs">l’API publique</a>.
      </p>
      <p>
        Les offres de formation marquées « démonstration » sont fictives : elles illustrent le service tant que l’offre régionale n’est pas
        importée.
      </p>
      <h2>Code source</h2>
      <p>Le logiciel {theme.name} est un logiciel libre publié sous licence MIT.</p>
      <h2>Accessibilité</h2>
      <p>
        Voir la <a href="/accessibilite">déclaration d’accessibilité</a>.
      </p>
    </div>
  );
}
