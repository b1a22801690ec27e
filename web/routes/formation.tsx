/**
 * Training detail (/formations/:source/:numero): what the offer says (its little HTML read into
 * paragraphs and lists of plain strings by RichText, never rendered as markup),
 * its sessions and places (list + map), certification and blocs, outcomes (InserJeunes), funding
 * and how to get in touch. Server HTML without JavaScript; the map is an enhancement.
 */
import type { ReactNode } from 'react';
import { useLoaderData } from 'react-router';
import type { LheoOffer, Action, Adresse, Coordonnees, Contact, Dictionaries } from '../../src/trainings/contract.ts';
import type { OfferCertification } from '../../src/views/contract.ts';
import { notFoundUnless, type LoaderArgs } from '../api.ts';
import { theme } from '../theme.ts';
import { frenchPercent, parisToday } from '../../src/common/format.ts';
import { MapBlock } from '../components/map/MapBlock.tsx';
import { DemoTag, ScrollTable, lheoDate } from '../components/training.tsx';
import { RichText } from '../components/RichText.tsx';
import trainingsCss from '../styles/trainings.css?url';

export const links = () => [{ rel: 'stylesheet', href: trainingsCss }];

export async function loader({ params, context }: LoaderArgs) {
  const source = params.source ?? '';
  const numero = params.numero ?? '';
  const offerParams = { params: { source, numero } };
  const res = await context.api.get('/api/v1/trainings/offers/:source/:numero', offerParams);
  const { offer } = notFoundUnless(res, `Aucune offre de formation « ${numero} » dans la source « ${source} ».`);
  const [places, certifications, dictionaries] = await Promise.all([
    context.api.get('/api/v1/trainings/offers/:source/:numero/places', offerParams),
    context.api.get('/api/v1/trainings/offers/:source/:numero/certifications', offerParams),
    context.api.get('/api/v1/trainings/dictionaries'),
  ]);
  return {
    source,
    offer,
    places: places.status === 200 ? places.body.features : [],
    placesUrl: `/api/v1/trainings/offers/${encodeURIComponent(source)}/${encodeURIComponent(numero)}/places`,
    certifications: certifications.status === 200 ? certifications.body : [],
    dict: dictionaries.status === 200 ? dictionaries.body : {},
  };
}

type Data = Awaited<ReturnType<typeof loader>>;

export function meta({ data }: { data?: Data }) {
  if (!data) return [{ title: `Formation introuvable – ${theme.name}` }];
  const place = data.places[0]?.properties.ville;
  return [{ title: `${data.offer.intitule}${place ? ` à ${place}` : ''} – ${data.offer.organisme.nom} – ${theme.name}` }];
}

function label(dict: Dictionaries, name: string, key: string | undefined): string | undefined {
  return key === undefined ? undefined : dict[name]?.entries[key];
}

function addressLines(a: Adresse | undefined): string[] {
  if (!a) return [];
  return [a.denomination, ...a.lignes, [a.codepostal, a.ville].filter(Boolean).join(' ')].filter(
    (x): x is string => !!x && x.trim() !== '',
  );
}

function hasCpfMark(offer: LheoOffer): boolean {
  return (
    offer.certifications.some((c) => c.cpf) ||
    offer.typesFormation.some((t) => t.cpf) ||
    offer.actions.some((a) => a.sessions.some((s) => s.extras.some((x) => x.attrs.info === 'eligibilite-cpf')))
  );
}

/** "11200.00" → "11 200 € TTC" (as written when unreadable). */
function euros(text: string): string {
  const n = Number(text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.'));
  return Number.isFinite(n) ? `${n.toLocaleString('fr-FR', { maximumFractionDigits: 2 })} € TTC` : text;
}

/** A web address only when it is http(s): anything else is shown as text. */
function safeUrl(url: string): string | null {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** One line of contact details; `key` says what it holds, so that the same address, phone or site is written once. */
interface ContactLine {
  key: string;
  node: ReactNode;
  wrap?: boolean;
}

function contactLines(c: Coordonnees): ContactLine[] {
  const name = [c.civilite, c.prenom, c.nom].filter(Boolean).join(' ');
  const address = addressLines(c.adresse).join(', ');
  const lines: ContactLine[] = [];
  if (name) lines.push({ key: `nom:${name}`, node: name });
  if (address) lines.push({ key: `adresse:${address}`, node: address });
  for (const p of [...c.telfixe, ...c.portable]) {
    const digits = p.replace(/[^\d+]/g, '');
    lines.push({
      key: `tel:${digits}`,
      node: (
        <>
          Téléphone : <a href={`tel:${digits}`}>{p}</a>
        </>
      ),
    });
  }
  if (c.courriel)
    lines.push({
      key: `courriel:${c.courriel.toLowerCase()}`,
      node: (
        <>
          Courriel : <a href={`mailto:${c.courriel}`}>{c.courriel}</a>
        </>
      ),
      wrap: true,
    });
  for (const w of c.web) {
    const href = safeUrl(w);
    lines.push({ key: `web:${w}`, node: <>Site : {href ? <a href={href}>{w}</a> : w}</>, wrap: true });
  }
  return lines;
}

function ContactDetails({ lines }: { lines: ContactLine[] }) {
  return (
    <ul className="contact-list">
      {lines.map((l) => (
        <li key={l.key} className={l.wrap ? 'break' : undefined}>
          {l.node}
        </li>
      ))}
    </ul>
  );
}

/** Registration that has not opened yet (LHEO day AAAAMMJJ after today in Paris): « ouvre le … », not « fermé ». */
function opensLater(debut: string | undefined): boolean {
  return !!debut && /^\d{8}$/.test(debut) && !/^9+$/.test(debut) && debut > parisToday().replaceAll('-', '');
}

function Sessions({ action, dict, index, total }: { action: Action; dict: Dictionaries; index: number; total: number }) {
  const lieu = action.lieux[0]?.coordonnees.adresse;
  const caption = total > 1 ? `Sessions de l’action ${index + 1}${lieu ? ` (${lieu.ville})` : ''}` : 'Dates, lieu et inscriptions';
  if (!action.sessions.length) return <p>Aucune session annoncée pour cette action.</p>;
  return (
    <ScrollTable id={`sessions-${index + 1}`} caption={caption}>
      <thead>
        <tr>
          <th scope="col">Dates</th>
          <th scope="col">Lieu</th>
          <th scope="col">Modalité</th>
          <th scope="col">Inscriptions</th>
        </tr>
      </thead>
      <tbody>
        {action.sessions.map((s) => (
          <tr key={s.numero}>
            <td>
              {action.entreesSortiesPermanentes ? 'Entrées et sorties permanentes, ' : ''}du {lheoDate(s.periode.debut)} au{' '}
              {lheoDate(s.periode.fin)}
            </td>
            <td>{lieu ? [lieu.ville, lieu.codepostal ? `(${lieu.codepostal})` : null].filter(Boolean).join(' ') : 'non précisé'}</td>
            <td>{label(dict, 'dict-modalites-enseignement', action.modalitesEnseignement) ?? action.modalitesEnseignement}</td>
            <td>
              {s.periodeInscription && opensLater(s.periodeInscription.debut) ? (
                `ouvre le ${lheoDate(s.periodeInscription.debut)}, jusqu’au ${lheoDate(s.periodeInscription.fin)}`
              ) : (
                <>
                  {label(dict, 'dict-etat-recrutement', s.etatRecrutement) ?? 'non précisé'}
                  {s.periodeInscription ? (
                    <>
                      , du {lheoDate(s.periodeInscription.debut)} au {lheoDate(s.periodeInscription.fin)}
                    </>
                  ) : null}
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

function Outcomes({ c, index }: { c: OfferCertification; index: number }) {
  const rows = c.outcomes;
  if (!rows.length) {
    return (
      <p>
        Pas de taux d’emploi InserJeunes publié pour ce diplôme dans la région (les titres professionnels, CQP et certifications hors
        Éducation nationale n’en ont pas).
      </p>
    );
  }
  const pct = (v: number | null) => (v === null ? 'non publié' : frenchPercent(v));
  return (
    <ScrollTable
      id={`devenir-${index + 1}`}
      caption={
        <>
          Devenir des sortants de « {c.diplome?.libelle ?? c.certification?.label ?? 'ce diplôme'} » en{' '}
          {c.region === '52' ? 'Pays de la Loire' : `région ${c.region}`}
        </>
      }
    >
      <thead>
        <tr>
          <th scope="col">Voie</th>
          <th scope="col">En emploi 6 mois après</th>
          <th scope="col">En emploi 12 mois après</th>
          <th scope="col">Poursuite d’études</th>
          <th scope="col">Cohorte</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((o) => (
          <tr key={`${o.voie}-${o.vintage}-${o.cfd ?? o.mefstat11}`}>
            <th scope="row">{o.voie === 'apprentissage' ? 'Apprentissage' : 'Voie scolaire'}</th>
            <td>{pct(o.tauxEmploi6Mois)}</td>
            <td>{pct(o.tauxEmploi12Mois)}</td>
            <td>{pct(o.tauxPoursuiteEtudes)}</td>
            <td>
              sortants {o.vintage.replace('_', ' et ')}
              {o.effectifs.sortants !== null ? ` (${o.effectifs.sortants} sortants hors poursuite d’études)` : ''}
            </td>
            <td>
              {o.source}, millésime {o.vintage.replace('_', '-')}
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

export default function TrainingDetail() {
  const { offer, places, placesUrl, certifications, dict } = useLoaderData<typeof loader>();
  const financeurs = [...new Set(offer.actions.flatMap((a) => a.financeurs.map((f) => f.code)))];
  const blocs = offer.actions.flatMap((a) => a.sessions.flatMap((s) => s.blocsCompetences.flatMap((b) => b.blocs)));
  const uniqueBlocs = [...new Map(blocs.map((b) => [b.code, b])).values()];
  const prices = [...new Set(offer.actions.map((a) => a.prixTotalTTC).filter(Boolean))];
  const hours = [...new Set(offer.actions.map((a) => a.nombreHeuresTotal).filter((h): h is number => !!h))];
  const durations = [...new Set(offer.actions.map((a) => a.dureeIndicative).filter(Boolean))];
  // The offer's and the organisme's contacts often repeat the organisme's own details (LHEO lets
  // each level carry them): each line is written once, and a contact with nothing new is left out.
  const shown = new Set<string>();
  const fresh = (c: Coordonnees) => contactLines(c).filter((l) => !shown.has(l.key) && shown.add(l.key));
  const organismeLines = fresh(offer.organisme.coordonnees);
  const contactBlocks = ([...offer.contacts, ...offer.organisme.contacts] as Contact[])
    .map((c) => ({ c, lines: fresh(c.coordonnees) }))
    .filter((b) => b.lines.length);
  const infoAddress = offer.actions.map((a) => a.adresseInformation).find(Boolean);
  const urls = [...new Set([...offer.urls, ...offer.actions.flatMap((a) => a.urls)])].filter((u) => !shown.has(`web:${u}`));
  const cpf = hasCpfMark(offer);
  // dict-niveaux labels are long ("Niveau 3. Capacité à…"): the first sentence is enough.
  const niveau = label(dict, 'dict-niveaux', offer.niveauSortie)?.split('. ')[0];
  return (
    <article>
      <header className="offer-header">
        <p className="source">
          <a href="/formations">Recherche de formations</a>
        </p>
        <h1>{offer.intitule}</h1>
        <p className="organisme">{offer.organisme.nom || offer.organisme.raisonSociale}</p>
        {offer.demo ? (
          <p className="notice-inline notice-demo">
            <DemoTag /> <strong>Offre de démonstration.</strong> Cet organisme, ces sessions et ces coordonnées sont fictifs ; seules la
            certification et ses chiffres d’insertion sont réels.
          </p>
        ) : null}
      </header>

      <section aria-labelledby="en-bref">
        <h2 id="en-bref">En bref</h2>
        <dl className="facts">
          <div>
            <dt>Formation certifiante</dt>
            <dd>{offer.certifiante ? 'oui' : 'non'}</dd>
          </div>
          {niveau ? (
            <div>
              <dt>Niveau de sortie</dt>
              <dd>{niveau}</dd>
            </div>
          ) : null}
          <div>
            <dt>Niveau d’entrée</dt>
            <dd>{label(dict, 'dict-niveaux', offer.niveauEntree) ?? 'non précisé'}</dd>
          </div>
          {durations.length || hours.length ? (
            <div>
              <dt>Durée</dt>
              <dd>{[durations.join(', '), hours.length ? `${hours.join(' ou ')} heures` : ''].filter(Boolean).join(' · ')}</dd>
            </div>
          ) : null}
          <div>
            <dt>Parcours</dt>
            <dd>{label(dict, 'dict-type-parcours', offer.parcours) ?? 'non précisé'}</dd>
          </div>
          <div>
            <dt>Rythme</dt>
            <dd>{[...new Set(offer.actions.map((a) => a.rythme).filter(Boolean))].join(', ') || 'non précisé'}</dd>
          </div>
        </dl>
      </section>

      {offer.objectif ? (
        <section aria-labelledby="objectifs">
          <h2 id="objectifs">Objectifs</h2>
          <RichText text={offer.objectif} />
        </section>
      ) : null}
      {offer.resultatsAttendus ? (
        <section aria-labelledby="resultats">
          <h2 id="resultats">Résultats attendus</h2>
          <RichText text={offer.resultatsAttendus} />
        </section>
      ) : null}
      {offer.contenu ? (
        <section aria-labelledby="contenu-formation">
          <h2 id="contenu-formation">Contenu</h2>
          <RichText text={offer.contenu} />
        </section>
      ) : null}

      <section aria-labelledby="sessions">
        <h2 id="sessions">Sessions</h2>
        {offer.actions.length ? (
          offer.actions.map((a, i) => <Sessions key={a.numero} action={a} dict={dict} index={i} total={offer.actions.length} />)
        ) : (
          <p>Aucune session annoncée.</p>
        )}
      </section>

      <section aria-labelledby="lieux">
        <h2 id="lieux">Lieux de formation</h2>
        {places.length ? (
          <>
            <ul id="liste-lieux">
              {places.map((p, i) => (
                <li key={i}>
                  {[p.properties.adresse, [p.properties.codePostal, p.properties.ville].filter(Boolean).join(' ')]
                    .filter(Boolean)
                    .join(', ')}
                  {p.properties.position === 'commune' ? (
                    <span className="source"> (position approximative : centre de la commune)</span>
                  ) : null}
                </li>
              ))}
            </ul>
            <MapBlock
              label="Carte des lieux de formation"
              points={placesUrl}
              shapes={`/api/v1/territories/shapes?level=departement`}
              listId="liste-lieux"
            />
          </>
        ) : (
          <p>Lieu non précisé par l’organisme.</p>
        )}
      </section>

      <section aria-labelledby="certification">
        <h2 id="certification">Certification</h2>
        {certifications.length ? (
          certifications.map((c, i) => (
            <div key={i}>
              {c.certification ? (
                <dl className="facts">
                  <div>
                    <dt>Intitulé</dt>
                    <dd>{c.certification.label}</dd>
                  </div>
                  {c.certification.type ? (
                    <div>
                      <dt>Type</dt>
                      <dd>{c.certification.type}</dd>
                    </div>
                  ) : null}
                  {c.certification.niveauEuropeen ? (
                    <div>
                      <dt>Niveau</dt>
                      <dd>niveau {c.certification.niveauEuropeen} du cadre national des certifications</dd>
                    </div>
                  ) : null}
                  {c.certification.rncp ? (
                    <div>
                      <dt>Répertoire national</dt>
                      <dd>RNCP{c.certification.rncp}</dd>
                    </div>
                  ) : null}
                  <div>
                    <dt>Source</dt>
                    <dd>
                      {c.certification.source.name}
                      {c.certification.source.version ? ` (${c.certification.source.version})` : ''}, fiche Certif Info{' '}
                      {c.certification.code}
                    </dd>
                  </div>
                </dl>
              ) : (
                <p>
                  Certification déclarée :{' '}
                  {[c.declared.rncp, c.declared.rs, c.declared.certifinfo ? `Certif Info ${c.declared.certifinfo}` : null]
                    .filter(Boolean)
                    .join(', ')}{' '}
                  (absente du référentiel Certif Info importé).
                </p>
              )}
            </div>
          ))
        ) : (
          <p>{offer.certifiante ? 'Certification non précisée par l’organisme.' : 'Cette formation ne mène pas à une certification.'}</p>
        )}
        {uniqueBlocs.length ? (
          <>
            <h3>Blocs de compétences</h3>
            <ul>
              {uniqueBlocs.map((b) => (
                <li key={b.code}>
                  {b.libelle} <span className="source">({b.code})</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="debouches">
        <h2 id="debouches">Après la formation</h2>
        {certifications.some((c) => c.certification) ? (
          certifications.filter((c) => c.certification).map((c, i) => <Outcomes key={i} c={c} index={i} />)
        ) : (
          <p>Pas de chiffre d’insertion connu pour cette formation.</p>
        )}
        <p className="source">
          Taux d’emploi salarié en France 6 et 12 mois après la sortie, parmi les sortants qui ne poursuivent pas leurs études (InserJeunes,
          DEPP – DARES). Ils portent sur le diplôme dans toute la région, pas sur cet organisme.
        </p>
      </section>

      <section aria-labelledby="financement">
        <h2 id="financement">Financement</h2>
        <dl className="facts">
          <div>
            <dt>Compte personnel de formation (CPF)</dt>
            <dd>{cpf ? 'éligible selon l’organisme' : 'pas d’éligibilité déclarée'}</dd>
          </div>
          <div>
            <dt>Financeurs déclarés</dt>
            <dd>{financeurs.length ? financeurs.map((f) => label(dict, 'dict-financeurs', f) ?? `code ${f}`).join(', ') : 'aucun'}</dd>
          </div>
          {prices.length ? (
            <div>
              <dt>Prix total indiqué</dt>
              <dd>{prices.map((p) => euros(p!)).join(' ou ')}</dd>
            </div>
          ) : null}
          <div>
            <dt>Prise en charge des frais possible</dt>
            <dd>{offer.actions.some((a) => a.priseEnChargeFraisPossible) ? 'oui' : 'non indiqué'}</dd>
          </div>
        </dl>
        {offer.actions
          .map((a) => a.detailConditionsPriseEnCharge)
          .filter(Boolean)
          .map((t, i) => (
            <RichText key={i} text={t} />
          ))}
      </section>

      <section aria-labelledby="contact">
        <h2 id="contact">Contact</h2>
        <h3>{offer.organisme.nom || offer.organisme.raisonSociale}</h3>
        <ContactDetails lines={organismeLines} />
        {contactBlocks.map(({ c, lines }) => (
          <div key={lines[0].key}>
            <p>
              <strong>{label(dict, 'dict-type-contact', c.typeContact) ?? 'Contact'}</strong>
            </p>
            <ContactDetails lines={lines} />
          </div>
        ))}
        {infoAddress ? <p>Adresse d’information : {addressLines(infoAddress).join(', ')}</p> : null}
        {urls.length ? (
          <ul className="contact-list">
            {urls.map((u) => {
              const href = safeUrl(u);
              return (
                <li key={u} className="break">
                  Page de la formation : {href ? <a href={href}>{u}</a> : u}
                </li>
              );
            })}
          </ul>
        ) : null}
        <p className="source">SIRET de l’organisme : {offer.organisme.siret}</p>
      </section>
    </article>
  );
}
