import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from './src-shared/ipc/bridge-protocol';

/** Puts the one Content-Security-Policy into index.html. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'exwiz-csp',
    transformIndexHtml: html => html.replace('%EXWIZ_CSP%', CONTENT_SECURITY_POLICY_META),
  };
}

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs, so the same build loads from file:// in Electron and
  // from the loopback bridge in browser mode.
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
