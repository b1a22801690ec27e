import type { Config } from '@react-router/dev/config';

// The portal is rendered on the server by the platform's own Fastify process (src/platform/http/web.ts).
export default {
  appDirectory: 'web',
  buildDirectory: 'build/web',
  ssr: true,
} satisfies Config;
