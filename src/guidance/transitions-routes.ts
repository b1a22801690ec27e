import type { App, AppContext } from '../platform/http/server.ts';

/** STUB (transitions helper): GET /api/occupations/{code}/transitions, POST /api/transitions. */
export function registerTransitionRoutes(app: App, ctx: AppContext): void {
  void app; void ctx;
}
