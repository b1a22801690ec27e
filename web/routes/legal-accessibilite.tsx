/**
 * Déclaration d'accessibilité (/accessibilite), in the RGAA 4.1 model: état de conformité,
 * résultats des tests, contenus non accessibles, établissement, retour d'information, voies de recours.
 * Honest: without an audit by an independent party the service must be declared « non conforme ».
 */
import { theme } from '../theme.ts';

export function meta() {
  return [{ title: `Déclaration d’accessibilité – ${theme.name}` }];
}

const PAGES = [
  ['Accueil', '/'],
  ['Résultats de recherche', '/recherche?q=boulanger'],
  ['Fiche métier', '/metiers/D1102'],
  ['Recherche de formations', '/formations'],
  ['Portrait de territoire', '/territoires'],
  ['Mes compétences ailleurs', '/competences'],
  ['Simuler mon parcours', '/parcours'],
  ['Mentions légales', '/mentions-legales'],
  ['Sources des données', '/sources'],
] as const;

export default function AccessibilityStatement() {
  const { status, statementDate } = theme.accessibility;
  return (
    <div className="prose">
      <h1>Déclaration d’accessibilité</h1>
      <p>
        La {theme.publisher} s’engage à rendre ses services numériques accessibles, conformément à l’article 47 de la loi n° 2005-102 du 11
        février 2005.
      </p>
      <p>Cette déclaration d’accessibilité s’applique au service {theme.name}.</p>

      <h2>État de conformité</h2>
      <p>
        <strong>
          {theme.name} est {status} avec le référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1
        </strong>
        {status === 'non conforme' ? ', faute d’audit de conformité réalisé à ce jour.' : '.'}
      </p>

      <h2>Résultats des tests</h2>
      <p>
        Aucun audit complet par un tiers n’a encore été réalisé : aucun taux de conformité aux 106 critères du RGAA ne peut donc être
        annoncé. Ce que vérifient aujourd’hui les tests automatisés du projet, à chaque modification du code :
      </p>
      <ul>
        <li>
          zéro erreur signalée par axe-core (règles WCAG 2.0, 2.1 et 2.2 niveaux A et AA et bonnes pratiques) sur chaque page visitée par
          les parcours de test ;
        </li>
        <li>
          ces parcours à 390 pixels (téléphone) et à 1 280 pixels de large, et sans JavaScript pour la recherche, la fiche métier et les
          formations ;
        </li>
        <li>
          au clavier seul : chaque lien, bouton et champ des parcours reçoit le focus, avec un indicateur visible ; le lien d’évitement mène
          au contenu ;
        </li>
        <li>langue de la page, titre unique, régions (en-tête, navigation, contenu, pied de page), ordre des titres.</li>
      </ul>
      <p>
        Les tests automatisés ne couvrent qu’une partie des critères (par exemple ni la pertinence des alternatives, ni la restitution par
        un lecteur d’écran).
      </p>

      <h2>Contenus non accessibles</h2>
      <h3>Non-conformités connues</h3>
      <ul>
        <li>
          Les cartes interactives des formations ne sont pas utilisables au lecteur d’écran ; la liste des résultats, présente sur la même
          page, donne les mêmes informations.
        </li>
        <li>
          Les textes des offres de formation sont publiés par les organismes de formation tels quels : leur structure (titres, listes) n’est
          pas toujours restituée.
        </li>
      </ul>
      <h3>Dérogations pour charge disproportionnée</h3>
      <p>Aucune.</p>
      <h3>Contenus non soumis à l’obligation d’accessibilité</h3>
      <p>Aucun.</p>

      <h2>Établissement de cette déclaration</h2>
      <p>Cette déclaration a été établie le {statementDate}.</p>
      <h3>Technologies utilisées</h3>
      <p>
        HTML5, CSS, WAI-ARIA ; JavaScript seulement pour les éléments interactifs (carte, formulaires enrichis), les pages restant
        utilisables sans.
      </p>
      <h3>Environnement de test</h3>
      <p>
        Chromium (distribution Debian) piloté par Playwright, avec axe-core ; largeurs 390 et 1 280 pixels ; JavaScript activé et désactivé.
      </p>
      <h3>Pages concernées par les tests</h3>
      <ul>
        {PAGES.map(([label, href]) => (
          <li key={label}>
            <a href={href}>{label}</a>
          </li>
        ))}
      </ul>

      <h2>Retour d’information et contact</h2>
      <p>
        Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez-nous pour être orienté vers une alternative accessible ou
        obtenir le contenu sous une autre forme : <a href={`mailto:${theme.contactEmail}`}>{theme.contactEmail}</a>.
      </p>

      <h2>Voies de recours</h2>
      <p>
        Si vous avez signalé un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un service du portail et que vous n’avez
        pas obtenu de réponse satisfaisante, vous êtes en droit de faire parvenir vos doléances ou une demande de saisine au Défenseur des
        droits :
      </p>
      <ul>
        <li>
          écrire un message au Défenseur des droits (<a href="https://formulaire.defenseurdesdroits.fr/">formulaire en ligne</a>) ;
        </li>
        <li>
          contacter le délégué du Défenseur des droits dans votre région (
          <a href="https://www.defenseurdesdroits.fr/carte-des-delegues">carte des délégués</a>) ;
        </li>
        <li>appeler le 09 69 39 00 00 ;</li>
        <li>
          envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX
          07.
        </li>
      </ul>
    </div>
  );
}
