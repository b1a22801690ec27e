/**
 * Composite views over every floor below: an occupation in a territory (tension, unemployment,
 * outcomes, trainings nearby), a territory's portrait, an offer's certifications and outcomes.
 */
import type { Module } from '../platform/module.ts';
import { registerOccupationTerritoryRoutes } from './occupation-territory-routes.ts';
import { registerOfferCertificationRoutes } from './offer-routes.ts';
import { registerPortraitRoutes } from './portrait-routes.ts';

export const viewsModule: Module = {
  name: 'views',
  async serve(app, ctx) {
    const facts = registerOccupationTerritoryRoutes(app, ctx);
    registerPortraitRoutes(app, ctx);
    registerOfferCertificationRoutes(app, ctx);
    return [facts];
  },
};
