import { isRouteErrorResponse, useLoaderData } from 'react-router';
import css from '../../styles/conseil.css?url';
import { apiError, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { dateTime } from '../../components/compte/forms.tsx';
import { NextAction, PlanSteps } from '../../components/conseil/plan.tsx';

/**
 * « Mon plan »: the page a person opens from the link their counsellor gave, without an account:
 * their plan in plain French, printable. An expired or revoked link is a French 410 page, an
 * unknown one a French 404.
 */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [{ name: 'robots', content: 'noindex' }];
/** The link is the key: never kept by a cache, never sent on as a referrer. */
export const headers = () => ({ 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer' });

export async function loader({ params, context }: LoaderArgs) {
  const res = await context.api.get('/api/v1/counselling/shared/:token', { params: { token: String(params.token ?? '') } });
  if (res.status !== 200) {
    const status = res.status === 410 || res.status === 404 ? res.status : 503;
    throw new Response(apiError(res)?.message ?? 'Le service ne répond pas comme prévu. Réessayez dans un instant.', { status });
  }
  return res.body;
}

export default function MonPlanPage() {
  const plan = useLoaderData<typeof loader>();
  return (
    <div className="k-page k-print">
      <title>{`Mon plan d’action – ${theme.name}`}</title>
      <h1>Bonjour {plan.firstName}, voici votre plan d’action</h1>
      <p>
        Préparé avec {plan.structure}. Ce lien reste ouvert jusqu’au {dateTime(plan.expiresAt)}. Vous pouvez imprimer cette page.
      </p>
      <NextAction next={plan.next} />
      <h2>Les étapes</h2>
      <PlanSteps steps={plan.steps} />
      <p className="hint">Une question, une date à changer ? Parlez-en à votre conseiller ou conseillère.</p>
    </div>
  );
}

export function ErrorBoundary({ error }: { error: unknown }) {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 410 ? 'Ce lien n’est plus valable' : status === 404 ? 'Lien introuvable' : 'Une erreur est survenue';
  const message =
    isRouteErrorResponse(error) && typeof error.data === 'string'
      ? error.data
      : 'Le service a rencontré un problème. Réessayez dans un instant.';
  return (
    <div className="k-page">
      <title>{`${title} – ${theme.name}`}</title>
      <h1>{title}</h1>
      <p>{message}</p>
      {status === 410 ? <p>Votre plan n’a pas disparu : votre conseiller ou conseillère peut vous donner un nouveau lien.</p> : null}
      <p>
        <a href="/">Retour à l’accueil</a>
      </p>
    </div>
  );
}
