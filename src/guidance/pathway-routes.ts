import type { App, AppContext } from '../platform/http/server.ts';

/** STUB (pathways helper): POST /api/pathways. */
export function registerPathwayRoutes(app: App, ctx: AppContext): void {
  void app; void ctx;
}
