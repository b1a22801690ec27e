import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import css from '../../styles/pilotage-territoires.css?url';
import { apiError, type ActionArgs, type ApiAnswer, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { CsrfField, formToken, reader } from '../../components/compte/forms.tsx';

/**
 * « Territoires de projet »: compose a division of the région from whole EPCI (one text field per
 * EPCI: the name of its territory), starting from the départements, the CLPE or a saved division;
 * check it (public) and, for the steering space, save it and download its GeoJSON. Plain forms:
 * everything works without JavaScript. Every result is a list or a table (no map to replace).
 */

export const links = () => [{ rel: 'stylesheet', href: css }];

type Check = ApiAnswer<'POST', '/api/v1/steering/territories/check'>;
type Epci = ApiAnswer<'GET', '/api/v1/steering/territories/epci'>;

const DEPARTEMENTS: Record<string, string> = {
  '44': 'Loire-Atlantique',
  '49': 'Maine-et-Loire',
  '53': 'Mayenne',
  '72': 'Sarthe',
  '85': 'Vendée',
};
const n = (x: number) => x.toLocaleString('fr-FR');

/** The name of each EPCI's (and each commune without EPCI's) territory to start from. */
function startingPoint(epci: Epci, start: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of epci.epci) out[`t-${e.siren}`] = start === 'clpe' ? (e.clpe[0] ?? '') : (DEPARTEMENTS[e.departement] ?? e.departement);
  for (const c of epci.loose) out[`c-${c.code}`] = start === 'clpe' ? (c.clpe ?? '') : (DEPARTEMENTS[c.departement] ?? c.departement);
  return out;
}

export async function loader({ request, context }: LoaderArgs) {
  const url = new URL(request.url);
  const [epciRes, clpeRes, savedRes] = await Promise.all([
    context.api.get('/api/v1/steering/territories/epci'),
    context.api.get('/api/v1/steering/territories/clpe'),
    context.api.get('/api/v1/steering/divisions'),
  ]);
  if (epciRes.status !== 200) throw new Response('Les territoires ne sont pas encore importés.', { status: 503 });
  const epci = epciRes.body;
  const canSave = savedRes.status === 200;
  const saved = savedRes.status === 200 ? savedRes.body : [];
  let values = startingPoint(epci, url.searchParams.get('depart') === 'clpe' ? 'clpe' : 'departements');
  let name = url.searchParams.get('depart') === 'clpe' ? 'CLPE France Travail (brouillon)' : 'Départements (brouillon)';
  const chosen = Number(url.searchParams.get('decoupage'));
  let check: Check | null = null;
  if (canSave && Number.isInteger(chosen) && chosen > 0) {
    const res = await context.api.get('/api/v1/steering/divisions/:id', { params: { id: String(chosen) } });
    if (res.status === 200) {
      values = {};
      for (const t of res.body.division.territories) {
        for (const s of t.epci ?? []) values[`t-${s}`] = t.name;
        for (const c of t.communes ?? []) values[`c-${c}`] = t.name;
      }
      name = res.body.division.name;
      check = res.body.check;
    }
  }
  return {
    epci,
    clpe: clpeRes.status === 200 ? clpeRes.body : null,
    saved,
    canSave,
    values,
    name,
    check,
    savedNow: url.searchParams.get('enregistre') === '1',
    token: canSave ? await formToken(context.api) : '',
  };
}

export async function action({ request, context }: ActionArgs) {
  const form = await request.formData();
  const { text } = reader(form);
  const name = text('nom', 150);
  const values: Record<string, string> = {};
  const territories = new Map<string, { name: string; epci: string[]; communes: string[] }>();
  for (const [key, raw] of form.entries()) {
    const m = /^([tc])-([0-9AB]{5,9})$/.exec(key);
    if (!m) continue;
    const territory = String(raw).trim().slice(0, 150);
    values[key] = territory;
    if (!territory) continue;
    let t = territories.get(territory);
    if (!t) territories.set(territory, (t = { name: territory, epci: [], communes: [] }));
    (m[1] === 't' ? t.epci : t.communes).push(m[2]);
  }
  const division = { name: name || 'Brouillon', territories: [...territories.values()] };
  if (!division.territories.length) {
    return data({ values, name, check: null, error: 'Donnez un territoire à au moins un EPCI.' }, { status: 400 });
  }
  const checked = await context.api.post('/api/v1/steering/territories/check', { body: division });
  if (checked.status !== 200)
    return data({ values, name, check: null, error: apiError(checked)?.message ?? 'Vérification impossible.' }, { status: 400 });
  if (text('intention', 20) !== 'enregistrer' || !checked.body.valid) {
    return {
      values,
      name,
      check: checked.body,
      error: text('intention', 20) === 'enregistrer' ? 'Découpage non enregistré : corrigez d’abord les problèmes ci-dessous.' : null,
    };
  }
  const saved = await context.api.post('/api/v1/steering/divisions', { body: { ...division, csrf: text('csrf', 100) } });
  const refusal = apiError(saved);
  if (refusal || saved.status !== 200)
    return data(
      { values, name, check: checked.body, error: refusal?.message ?? 'Enregistrement impossible.' },
      { status: refusal?.status ?? 500 },
    );
  throw redirect(`/pilotage/territoires?decoupage=${saved.body.division.id}&enregistre=1`);
}

export const meta = () => [{ title: `Territoires de projet – ${theme.name}` }];

function Result({ check }: { check: Check }) {
  return (
    <section aria-labelledby="resultat">
      <h2 id="resultat">Vérification : {check.division}</h2>
      <div className={`pt-verdict${check.valid ? '' : ' pt-refused'}`} role="status">
        {check.valid ? (
          <p>
            Découpage valide : chaque EPCI est entier, chaque commune de la région est dans un seul territoire, chaque territoire est d’un
            seul tenant.
          </p>
        ) : (
          <p>{`Découpage refusé : ${check.faults.length} problème${check.faults.length > 1 ? 's' : ''}.`}</p>
        )}
      </div>
      {check.faults.length ? (
        <>
          <h3>Problèmes</h3>
          <ul className="pt-faults">
            {check.faults.map((f) => (
              <li key={f.message}>{f.message}</li>
            ))}
          </ul>
        </>
      ) : null}
      {check.notes.length ? (
        <>
          <h3>À savoir</h3>
          <ul className="pt-notes">
            {check.notes.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </>
      ) : null}
      <Territories check={check} caption={`Territoires du découpage « ${check.division} »`} />
      <DraftIndicators check={check} />
    </section>
  );
}

/** The main indicators of each territory of the draft (all of them: GET /api/v1/steering/indicators/division). */
const KEY_INDICATORS: [id: string, label: string, unit: string][] = [
  ['projets_recrutement', 'Projets de recrutement', ''],
  ['part_projets_difficiles', 'Projets difficiles', ' %'],
  ['taux_chomage', 'Chômage', ' %'],
  ['contrats_apprentissage', 'Contrats d’apprentissage', ''],
  ['places_voie_pro', 'Places en voie pro', ''],
  ['part_population_20km', 'À moins de 20 km d’un point de conseil', ' %'],
];
const nf = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

function DraftIndicators({ check }: { check: Check }) {
  const rows = Object.entries(check.indicators.values);
  if (!rows.length) return null;
  const caption = 'Principaux indicateurs de chaque territoire du brouillon';
  return (
    <>
      <h3>Indicateurs du brouillon</h3>
      <p className="hint">{check.indicators.message}</p>
      <section className="pt-scroll" tabIndex={0} aria-label={caption}>
        <table className="pt-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Territoire</th>
              {KEY_INDICATORS.map(([id, label]) => (
                <th scope="col" key={id}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, values]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {KEY_INDICATORS.map(([id, , unit]) => (
                  <td key={id}>{values[id] == null ? 'n.d.' : `${nf.format(values[id] as number)}${unit}`}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function Territories({ check, caption }: { check: Check; caption: string }) {
  // A table wider than a phone scrolls: its region takes the focus so that the keyboard scrolls it too.
  return (
    <section className="pt-scroll" tabIndex={0} aria-label={caption}>
      <table className="pt-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Territoire</th>
            <th scope="col">Habitants</th>
            <th scope="col">Communes</th>
            <th scope="col">EPCI entiers</th>
            <th scope="col">Départements</th>
            <th scope="col">D’un seul tenant</th>
          </tr>
        </thead>
        <tbody>
          {check.territories.map((t) => (
            <tr key={t.name}>
              <th scope="row">{t.name}</th>
              <td className="num">{n(t.population)}</td>
              <td className="num">{t.communes}</td>
              <td className="pt-list">{t.epci.map((e) => e.name).join(', ') || '—'}</td>
              <td>{t.departements.join(', ')}</td>
              <td>{!check.contiguityChecked ? 'non vérifié' : t.parts <= 1 ? 'oui' : `non (${t.parts} parties)`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export default function TerritoiresPage() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const values = posted?.values ?? loaded.values;
  const name = posted?.name ?? loaded.name;
  const check = posted ? posted.check : loaded.check;
  const { epci, clpe } = loaded;
  return (
    <div className="pt-page">
      <h1>Territoires de projet : des EPCI entiers</h1>
      <p>
        Composez un découpage de la région {epci.region.name} en territoires faits d’intercommunalités (EPCI) entières : écrivez pour chaque
        EPCI le nom de son territoire, puis vérifiez. Aucun EPCI ne doit être coupé, chaque commune doit être dans un seul territoire et
        chaque territoire d’un seul tenant (frontières communes des communes).
      </p>
      <p>
        Partir : <a href="/pilotage/territoires?depart=departements">des départements</a> ·{' '}
        <a href="/pilotage/territoires?depart=clpe">des territoires CLPE de France Travail</a>
      </p>
      {loaded.savedNow ? (
        <p className="pt-verdict" role="status">
          Découpage enregistré.
        </p>
      ) : null}
      {posted?.error ? (
        <div className="pt-verdict pt-refused" role="alert">
          <p>{posted.error}</p>
        </div>
      ) : null}
      {check ? <Result check={check} /> : null}

      <Form method="post" aria-labelledby="composer">
        <h2 id="composer">Composer le découpage</h2>
        <p className="pt-name">
          <label htmlFor="nom">Nom du découpage</label>
          <input id="nom" name="nom" type="text" defaultValue={name} maxLength={150} required autoComplete="off" />
        </p>
        <div className="pt-scroll">
          <table className="pt-table">
            <caption>
              Territoire de chaque EPCI ({epci.epci.length} EPCI) et des communes sans EPCI ; un champ vide laisse l’EPCI hors du découpage
            </caption>
            <thead>
              <tr>
                <th scope="col">EPCI</th>
                <th scope="col">Communes</th>
                <th scope="col">Habitants</th>
                <th scope="col">Départements</th>
                <th scope="col">CLPE</th>
                <th scope="col">Territoire</th>
              </tr>
            </thead>
            <tbody>
              {epci.epci.map((e) => (
                <tr key={e.siren}>
                  <th scope="row" id={`epci-${e.siren}`}>
                    {e.name}
                    <span className="hint">
                      SIREN {e.siren}
                      {e.outside ? ` ; ${e.outside} communes hors région` : ''}
                    </span>
                  </th>
                  <td className="num">{e.communes}</td>
                  <td className="num">{n(e.population)}</td>
                  <td>{e.departements.join(', ')}</td>
                  <td>{e.clpe.join(', ')}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`t-${e.siren}`}>
                      Territoire de {e.name}
                    </label>
                    <input
                      id={`t-${e.siren}`}
                      name={`t-${e.siren}`}
                      type="text"
                      defaultValue={values[`t-${e.siren}`] ?? ''}
                      maxLength={150}
                    />
                  </td>
                </tr>
              ))}
              {epci.loose.map((c) => (
                <tr key={c.code}>
                  <th scope="row">
                    {c.name}
                    <span className="hint">commune sans EPCI, {c.code}</span>
                  </th>
                  <td className="num">1</td>
                  <td className="num">{n(c.population)}</td>
                  <td>{c.departement}</td>
                  <td>{c.clpe ?? ''}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`c-${c.code}`}>
                      Territoire de {c.name}
                    </label>
                    <input id={`c-${c.code}`} name={`c-${c.code}`} type="text" defaultValue={values[`c-${c.code}`] ?? ''} maxLength={150} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="pt-actions">
          <button type="submit" name="intention" value="verifier" className="button">
            Vérifier le découpage
          </button>
          {loaded.canSave ? (
            <>
              <CsrfField token={loaded.token} />
              <button type="submit" name="intention" value="enregistrer" className="button button-secondary">
                Vérifier et enregistrer
              </button>
            </>
          ) : null}
        </div>
      </Form>

      {loaded.canSave ? (
        <section aria-labelledby="enregistres">
          <h2 id="enregistres">Découpages enregistrés</h2>
          {loaded.saved.length ? (
            <ul>
              {loaded.saved.map((d) => (
                <li key={d.id}>
                  <a href={`/pilotage/territoires?decoupage=${d.id}`}>{d.name}</a> ({d.territories} territoires) —{' '}
                  <a href={`/api/v1/steering/divisions/${d.id}/geojson`} download>
                    GeoJSON des communes et de leur territoire
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p>Aucun découpage enregistré.</p>
          )}
        </section>
      ) : null}

      {clpe ? (
        <section aria-labelledby="clpe">
          <h2 id="clpe">Les CLPE de France Travail, pour comparer</h2>
          <p>{clpe.summary}</p>
          {clpe.epciCut.length ? (
            <ul>
              {clpe.epciCut.map((e) => (
                <li key={e.code}>EPCI coupé : {e.name}</li>
              ))}
            </ul>
          ) : null}
          <Territories check={clpe.check} caption="Territoires CLPE de la région" />
        </section>
      ) : null}
    </div>
  );
}
