import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The web app: built into build/static/app, which the API serves at /app/ (functions/api/static-files.ts). */
export default defineConfig({
  root: resolve(import.meta.dirname, 'app'),
  base: '/app/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(import.meta.dirname, '../build/static/app'),
    emptyOutDir: true,
    target: 'es2022',
    // The API answers every /app/ path with index.html, so asset names must be content hashes.
    assetsDir: 'assets',
    reportCompressedSize: false,
  },
});
