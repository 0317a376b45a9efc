/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The .NET gateway listens on :8080 during development; the dev server forwards
// REST and the SignalR hub there so the browser still sees a single origin
// (cookies and the CSP `connect-src 'self'` both rely on that).
const backend = 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'wwwroot',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Never inline assets as data: URIs except images (CSP allows img data: only).
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/hubs': { target: backend, changeOrigin: false, ws: true },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
