import type { Config } from '@react-router/dev/config';

// The portal is rendered on the server by the platform's own Fastify process (src/platform/http/web.ts).
export default {
  appDirectory: 'web',
  // PASSERELLES_WEB_BUILD_DIR: a private build folder (the e2e tests use one, see test/web/helpers).
  buildDirectory: process.env.PASSERELLES_WEB_BUILD_DIR || 'build/web',
  ssr: true,
} satisfies Config;
