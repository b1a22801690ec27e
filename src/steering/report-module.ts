/** What the report part of steering brings to the module (see index.ts): the report's PDF and the open-data exports. */
import type { App, ServeContext } from '../platform/http/app.ts';
import { registerReportRoutesOn } from './report-routes.ts';

export async function registerReportRoutes(app: App, ctx: ServeContext): Promise<void> {
  registerReportRoutesOn(app, ctx);
}
