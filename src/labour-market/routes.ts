import type { App, AppContext } from '../platform/http/server.ts';

export function registerLabourMarketRoutes(_app: App, _ctx: AppContext): void {}
