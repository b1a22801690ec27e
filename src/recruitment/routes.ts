import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServeContext } from '../platform/http/app.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import { readConfig } from '../platform/config.ts';
import { identityDb, spendFormToken } from '../identity/index.ts';
import { recruitmentDb } from './db.ts';
import { recruitmentRoutes as routes } from './contract.ts';
import { createOffer, getOffer, ownOffer, searchAppellations, searchOffers, structureOffers, updateOffer } from './offers.ts';
import {
  answerApplication,
  applicationCv,
  apply,
  getApplication,
  myApplications,
  offerApplications,
  remindRecruiters,
} from './applications.ts';
import { candidateProfile, myCv, myProfile, saveProfile, searchCandidates } from './profiles.ts';
import { decideOffer, moderationQueue, reportOffer } from './moderation.ts';
import { scheduleJob } from '../platform/jobs.ts';

/** How often the server looks for applications whose recruiters need a reminder. */
const REMIND_EVERY_MS = 3600_000;

export function registerRecruitmentRoutes(app: App, ctx: ServeContext): void {
  const db = recruitmentDb(ctx.handle.db);
  const { publicUrl } = readConfig();
  const me = (request: FastifyRequest) => request.principal!;
  /** Every change takes the form's one-time token, bound to the caller's session. */
  const spend = (request: FastifyRequest, csrf: string | undefined) => spendFormToken(identityDb(db), csrf, me(request).sessionKey);
  const pdf = (reply: FastifyReply, cv: { filename: string; bytes: Buffer }) =>
    reply
      .type('application/pdf')
      .header('Content-Disposition', `attachment; filename="${cv.filename.replace(/["\\]/g, '_')}"`)
      .header('Cache-Control', 'private, no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .send(cv.bytes);

  // Published offers and ROME appellations, public: the read replica when there is one.
  const readDb = recruitmentDb(ctx.handle.read);
  app.get(routes.offers.url, routeOptions(routes.offers), async (request) => searchOffers(readDb, request.query));
  app.get(routes.offer.url, routeOptions(routes.offer), async (request) => getOffer(db, request.params.id, null));
  app.get(routes.appellations.url, routeOptions(routes.appellations), async (request) => searchAppellations(readDb, request.query.q));

  app.post(routes.createOffer.url, routeOptions(routes.createOffer), async (request) => {
    await spend(request, request.body.csrf);
    return createOffer(db, me(request), request.body);
  });
  app.post(routes.updateOffer.url, routeOptions(routes.updateOffer), async (request) => {
    await spend(request, request.body.csrf);
    return updateOffer(db, me(request), request.params.id, request.body);
  });
  app.get(routes.myOffers.url, routeOptions(routes.myOffers), async (request) => structureOffers(db, me(request)));
  app.get(routes.myOffer.url, routeOptions(routes.myOffer), async (request) => {
    await ownOffer(db, me(request), request.params.id);
    return {
      offer: await getOffer(db, request.params.id, me(request)),
      applications: await offerApplications(db, me(request), request.params.id),
    };
  });

  // A CV of 5 MB travels as about 6.7 MB of base64: the body limit lets a bigger one reach the check and its French message.
  app.post(routes.apply.url, { ...routeOptions(routes.apply), bodyLimit: 32 * 1024 * 1024 }, async (request) => {
    await spend(request, request.body.csrf);
    return apply(db, me(request), request.params.id, request.body, publicUrl);
  });
  app.get(routes.myApplications.url, routeOptions(routes.myApplications), async (request) => myApplications(db, me(request)));
  app.get(routes.application.url, routeOptions(routes.application), async (request) =>
    getApplication(db, me(request), request.params.id, request.ip),
  );
  app.get(routes.applicationCv.url, routeOptions(routes.applicationCv), async (request, reply) =>
    pdf(reply, await applicationCv(db, me(request), request.params.id, request.ip)),
  );
  app.post(routes.answer.url, routeOptions(routes.answer), async (request) => {
    await spend(request, request.body.csrf);
    return answerApplication(db, me(request), request.params.id, request.body, publicUrl);
  });

  app.get(routes.profile.url, routeOptions(routes.profile), async (request) => myProfile(db, me(request)));
  app.post(routes.saveProfile.url, { ...routeOptions(routes.saveProfile), bodyLimit: 32 * 1024 * 1024 }, async (request) => {
    await spend(request, request.body.csrf);
    return saveProfile(db, me(request), request.body);
  });
  app.get(routes.profileCv.url, routeOptions(routes.profileCv), async (request, reply) => pdf(reply, await myCv(db, me(request))));
  app.get(routes.candidates.url, routeOptions(routes.candidates), async (request) =>
    searchCandidates(db, me(request), request.query, request.ip),
  );
  app.get(routes.candidate.url, routeOptions(routes.candidate), async (request) =>
    candidateProfile(db, me(request), request.params.id, request.ip),
  );

  app.post(routes.report.url, routeOptions(routes.report), async (request) => {
    await spend(request, request.body.csrf);
    return reportOffer(db, me(request), request.params.id, request.body);
  });
  app.get(routes.moderation.url, routeOptions(routes.moderation), async () => moderationQueue(db));
  app.post(routes.decide.url, routeOptions(routes.decide), async (request) => {
    await spend(request, request.body.csrf);
    return decideOffer(db, me(request), request.params.id, request.body.decision, request.body.note, publicUrl);
  });

  // Reminders to recruiters who leave applications unanswered (also `passerelles recruitment remind`).
  const stop = scheduleJob(db, { name: 'rappels-recruteurs', everyMs: REMIND_EVERY_MS, run: () => remindRecruiters(db, publicUrl) });
  app.addHook('onClose', async () => stop());
}
