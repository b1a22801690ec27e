/**
 * GET /widget.js: what a partner pastes (`<script src="https://…/widget.js" data-commune="49007" async></script>`).
 * Plain JavaScript, no framework, no cookie, no other request: it finds its own <script> tag,
 * reads its data-* attributes, puts an <iframe> of the widget's page right after itself, and
 * fits the frame's height to the page, from the messages of that page only (its origin is the
 * script's, and the message must come from that very frame).
 *
 * Attributes: data-commune (INSEE code or postcode) with data-rayon (km), or data-departement, or
 * data-epci (SIREN); data-couleur (#rgb or #rrggbb), data-titre, data-police; data-offres="oui"
 * (the apprenticeship offers too); data-recherche (a first search).
 */
export const WIDGET_SCRIPT = `(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src, location.href).origin;
  var data = script.dataset;
  var names = { commune: 'commune', rayon: 'rayon', departement: 'departement', epci: 'epci',
    couleur: 'couleur', titre: 'titre', police: 'police', offres: 'offres', recherche: 'q' };
  var query = new URLSearchParams();
  for (var key in names) if (data[key]) query.set(names[key], data[key]);
  var frame = document.createElement('iframe');
  frame.src = origin + '/widget/formations?' + query.toString();
  frame.title = 'Recherche de formations — Passerelles';
  frame.setAttribute('style', 'display:block;width:100%;height:600px;border:0');
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener('message', function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var message = event.data;
    if (!message || message.passerelles !== 'hauteur') return;
    var height = Number(message.hauteur);
    if (height > 0 && height < 100000) frame.style.height = Math.ceil(height) + 'px';
  });
})();
`;
