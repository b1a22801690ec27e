import type { App, AppContext } from '../platform/http/server.ts';

export function registerTrainingRoutes(_app: App, _ctx: AppContext): void {}
