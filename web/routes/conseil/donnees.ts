import type { LoaderArgs } from '../../api.ts';
import { counsellorAnswer } from '../../components/conseil/common.tsx';

/**
 * Everything the structure keeps about one person (RGPD art. 15 and 20), as a JSON file: a
 * resource route (the API logs the export).
 */
export async function loader({ params, context }: LoaderArgs) {
  const id = String(params.id ?? '');
  const body = counsellorAnswer(
    await context.api.get('/api/v1/counselling/beneficiaries/:id/export', { params: { id } }),
    `/conseil/${id}`,
  );
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="personne-${Number(id)}-passerelles.json"`,
      'cache-control': 'no-store',
    },
  });
}
