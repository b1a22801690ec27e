import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [reactRouter()],
  build: { sourcemap: false },
  // ES workers can split: the map island (web/components/map) loads MapLibre in a chunk of its own.
  worker: { format: 'es' },
});
