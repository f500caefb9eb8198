import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The analysts' web app: built into dist/web and served by `watchfloor serve` from the same process.
export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // The basemap (Natural Earth countries) is bundled so the map works offline.
    chunkSizeWarningLimit: 1500,
    sourcemap: true,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
