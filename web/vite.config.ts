import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Run from the repository root as `vite build web`: the root is web/, the output web/dist.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The dashboard's chart library is its own lazily loaded chunk; the inbox never waits for it.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npx vite web` during development: the API and websocket of a Rapport on :3000.
    proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } },
    fs: { allow: ['..'] },
  },
});
