import { defineConfig } from 'vitest/config';

// The console is served from wherever index.html is (`/` by `sflow serve`, `/api/console/` by the Functions app): asset
// URLs are relative and every page is a hash route, so no server needs to know the console's routes.
export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
  },
  // `npm run dev` (port 7160) against an `sflow serve --urls http://127.0.0.1:7161` for working on the console.
  server: { port: 7160, strictPort: true, proxy: { '/api': 'http://127.0.0.1:7161' } },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
