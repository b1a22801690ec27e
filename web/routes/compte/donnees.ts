import { redirect } from 'react-router';
import type { LoaderArgs } from '../../api.ts';

/**
 * « Télécharger mes données (JSON) »: everything kept about the signed-in account (right of
 * access), as a file. A resource route: no page, the loader answers the file itself.
 */
export async function loader({ context }: LoaderArgs) {
  const res = await context.api.get('/api/v1/account/export');
  if (res.status === 401) throw redirect('/connexion?retour=/mon-compte');
  if (res.status !== 200)
    throw new Response('Vos données ne peuvent pas être exportées pour le moment. Réessayez dans un instant.', { status: 503 });
  return new Response(JSON.stringify(res.body, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'attachment; filename="mes-donnees-passerelles.json"',
      'cache-control': 'no-store',
    },
  });
}
