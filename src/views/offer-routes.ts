/**
 * GET /api/v1/trainings/offers/{source}/{numero}/certifications: the certifications an offer
 * declares, as Certif Info describes them, with the InserJeunes outcomes of the diploma in the
 * région of its places. Registered by the labour-market capability, which reads certifications and
 * outcomes (the training capability does not depend on it).
 */
import { routeOptions } from '../platform/http/route-contract.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { NotFoundError } from '../platform/errors.ts';
import { loadOffers } from '../trainings/index.ts';
import { getCertification, type CertificationDetail } from '../referentials/certifications/index.ts';
import { outcomesForCertification } from '../labour-market/index.ts';
import { viewRoutes, type OfferCertification } from './contract.ts';
import { REGION_CODE } from '../common/codes.ts';

export function registerOfferCertificationRoutes(app: App, ctx: ServeContext): void {
  const route = viewRoutes.offerCertifications;
  app.get(route.url, routeOptions(route), async (request) => {
    const db = ctx.handle.db;
    const { source, numero } = request.params;
    let offer;
    for await (const o of loadOffers(db, { sources: [source], formations: [numero] })) offer = o.offer;
    if (!offer) throw new NotFoundError(`Offre de formation inconnue : ${numero} (source ${source})`, 'numero');
    const region =
      offer.actions
        .flatMap((a) => a.lieux)
        .map((l) => l.coordonnees.adresse?.region)
        .find((r) => r && REGION_CODE.test(r)) ?? '52';
    const out: OfferCertification[] = [];
    for (const c of offer.certifications) {
      let detail: CertificationDetail | undefined;
      if (c.certifinfo) detail = await getCertification(db, c.certifinfo);
      if (!detail && c.rncp) {
        const number = c.rncp.replace(/^RNCP/i, '');
        const row = await db.selectFrom('certification').select('code').where('rncp', '=', number).executeTakeFirst();
        if (row) detail = await getCertification(db, row.code);
      }
      const outcomes = detail?.cfd ? await outcomesForCertification(db, { cfd: detail.cfd }, region) : null;
      out.push({
        declared: { rncp: c.rncp ?? null, certifinfo: c.certifinfo ?? null, rs: c.rs ?? null },
        certification: detail
          ? {
              code: detail.code,
              label: detail.label,
              type: detail.type,
              niveauEuropeen: detail.niveauEuropeen,
              rncp: detail.rncp,
              rs: detail.rs,
              cfd: detail.cfd,
              certificateur: detail.certificateur,
              etatLabel: detail.etatLabel,
              source: detail.source,
            }
          : null,
        region,
        diplome: outcomes?.diplome ?? null,
        outcomes: outcomes?.outcomes ?? [],
      });
    }
    return out;
  });
}
