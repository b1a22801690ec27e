import type { ReactNode } from 'react';
import { useLoaderData } from 'react-router';
import compteCss from '../../styles/compte.css?url';
import type { LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { dateTime } from '../../components/compte/forms.tsx';

/**
 * « Courriels » (/dev/courriels): outside production and without a mail transport (SMTP_URL),
 * the mail the platform would have sent (invitations, confirmations, password resets), to follow
 * their links on a development machine. Elsewhere the API has no such route: a 404 page.
 */

export const links = () => [{ rel: 'stylesheet', href: compteCss }];

export function meta() {
  return [{ title: `Courriels en attente (développement) – ${theme.name}` }];
}

export async function loader({ context }: LoaderArgs) {
  const res = await context.api.get('/api/v1/dev/outbox');
  if (res.status !== 200) throw new Response('Cette page n’existe que sur une instance de développement.', { status: 404 });
  return { mails: res.body };
}

/** The body as text, its http(s) addresses as links (React escapes the rest). */
function withLinks(body: string): ReactNode[] {
  return body.split(/(https?:\/\/[^\s<>"']+)/).map((part, i) =>
    i % 2 === 1 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, never reordered
      <a key={`${i}-${part}`} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

export default function CourrielsPage() {
  const { mails } = useLoaderData<typeof loader>();
  return (
    <div className="c-page">
      <h1>Courriels en attente</h1>
      <p className="c-notice">
        Instance de développement : aucun serveur de messagerie n’est configuré (SMTP_URL), les courriels sont conservés ici au lieu d’être
        envoyés. Les plus récents d’abord.
      </p>
      {mails.length ? null : <p>Aucun courriel pour le moment.</p>}
      {mails.map((m) => (
        <article key={m.id} className="c-mail" aria-labelledby={`courriel-${m.id}`}>
          <h2 id={`courriel-${m.id}`}>{m.subject}</h2>
          <dl className="c-facts">
            <dt>À</dt>
            <dd>{m.to}</dd>
            <dt>Date</dt>
            <dd>{dateTime(m.createdAt)}</dd>
            <dt>Envoyé</dt>
            <dd>{m.sentAt ? dateTime(m.sentAt) : 'non (en attente)'}</dd>
          </dl>
          <pre>{withLinks(m.body)}</pre>
        </article>
      ))}
    </div>
  );
}
