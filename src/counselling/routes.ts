import type { FastifyRequest } from 'fastify';
import type { App, ServeContext } from '../platform/http/app.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import { readConfig } from '../platform/config.ts';
import { identityDb, spendFormToken } from '../identity/index.ts';
import { counsellingDb } from './db.ts';
import { counsellingRoutes as routes } from './contract.ts';
import {
  createBeneficiary,
  eraseBeneficiary,
  exportBeneficiary,
  listBeneficiaries,
  saveProfile,
  structureView,
  updateBeneficiary,
} from './beneficiaries.ts';
import { getRecord } from './record.ts';
import { checkProfile, getSimulation, runSimulation } from './simulations.ts';
import { addStep, createLink, revokeLink, sharedPlan, updateStep } from './plan.ts';
import { decideReferral, structureReferrals, submitReferral } from './referrals.ts';

export function registerCounsellingRoutes(app: App, ctx: ServeContext): void {
  const db = counsellingDb(ctx.handle.db);
  const { publicUrl } = readConfig();
  const me = (request: FastifyRequest) => request.principal!;
  /** Every change takes the form's one-time token, bound to the caller's session. */
  const spend = (request: FastifyRequest, csrf: string | undefined) => spendFormToken(identityDb(db), csrf, me(request).sessionKey);

  app.get(routes.list.url, routeOptions(routes.list), async (request) => listBeneficiaries(db, me(request), request.query, request.ip));
  app.post(routes.create.url, routeOptions(routes.create), async (request) => {
    await spend(request, request.body.csrf);
    return createBeneficiary(db, me(request), request.body, request.ip);
  });
  app.get(routes.record.url, routeOptions(routes.record), async (request) =>
    getRecord(db, me(request), request.params.id, request.query.purpose ?? '', request.ip),
  );
  app.post(routes.update.url, routeOptions(routes.update), async (request) => {
    await spend(request, request.body.csrf);
    return updateBeneficiary(db, me(request), request.params.id, request.body, request.ip);
  });
  app.post(routes.profile.url, routeOptions(routes.profile), async (request) => {
    await spend(request, request.body.csrf);
    const profile = await checkProfile(ctx.handle, request.body);
    await saveProfile(db, me(request), request.params.id, request.body, () => profile);
    return { message: 'Profil de compétences enregistré.' };
  });
  app.post(routes.simulate.url, routeOptions(routes.simulate), async (request) => {
    await spend(request, request.body.csrf);
    return runSimulation(ctx.handle, me(request), request.params.id, request.body);
  });
  app.get(routes.simulation.url, routeOptions(routes.simulation), async (request) =>
    getSimulation(ctx.handle, me(request), request.params.id),
  );
  app.post(routes.addStep.url, routeOptions(routes.addStep), async (request) => {
    await spend(request, request.body.csrf);
    return addStep(db, me(request), request.params.id, request.body);
  });
  app.post(routes.updateStep.url, routeOptions(routes.updateStep), async (request) => {
    await spend(request, request.body.csrf);
    return updateStep(db, me(request), request.params.id, request.body);
  });
  app.post(routes.createLink.url, routeOptions(routes.createLink), async (request) => {
    await spend(request, request.body.csrf);
    return createLink(db, me(request), request.params.id, request.body.days ?? 30, publicUrl);
  });
  app.post(routes.revokeLink.url, routeOptions(routes.revokeLink), async (request) => {
    await spend(request, request.body.csrf);
    return revokeLink(db, me(request), request.params.id);
  });
  app.get(routes.shared.url, routeOptions(routes.shared), async (request, reply) => {
    reply.header('Cache-Control', 'private, no-store');
    return sharedPlan(db, request.params.token, request.ip);
  });
  app.get(routes.export.url, routeOptions(routes.export), async (request) =>
    exportBeneficiary(db, me(request), request.params.id, request.ip),
  );
  app.post(routes.erase.url, routeOptions(routes.erase), async (request) => {
    await spend(request, request.body.csrf);
    return eraseBeneficiary(db, me(request), request.params.id, request.body.reason ?? '', request.ip);
  });
  app.post(routes.refer.url, routeOptions(routes.refer), async (request) => {
    await spend(request, request.body.csrf);
    return submitReferral(db, me(request), request.params.id, request.body, request.ip);
  });
  app.get(routes.referrals.url, routeOptions(routes.referrals), async (request) => structureReferrals(db, me(request), request.ip));
  app.post(routes.decide.url, routeOptions(routes.decide), async (request) => {
    await spend(request, request.body.csrf);
    return decideReferral(db, me(request), request.params.id, request.body, request.ip);
  });
  app.get(routes.structure.url, routeOptions(routes.structure), async (request) => structureView(db, me(request)));
}
