import type { ApiResult } from '../../api.ts';

/** A PDF from the API as a download, or the API's refusal as a page. */
export function pdfDownload(res: ApiResult<unknown>, filename: string): Response {
  if (res.status !== 200 || !(res.body instanceof Uint8Array)) {
    const message = (res.body as { error?: string } | undefined)?.error ?? 'Ce fichier n’est pas disponible.';
    throw new Response(message, { status: res.status === 200 ? 503 : res.status });
  }
  return new Response(new Uint8Array(res.body), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
