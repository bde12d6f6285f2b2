/**
 * Builds the three parts of the desktop app into out/:
 * - out/main/index.js: the Electron main process (ES module), everything bundled except the native
 *   better-sqlite3, which is loaded from node_modules (unpacked from the asar when packaged), and the
 *   demo hub's PGlite, which loads its WASM and data files from beside its own modules;
 * - out/preload/preload.cjs: the sandboxed preload, one self-contained CommonJS file (a sandboxed
 *   preload cannot load ES modules nor require anything but 'electron');
 * - out/renderer: the React UI, also served by browser mode.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('electron/electron-main/main.ts') },
        external: ['better-sqlite3-multiple-ciphers', '@electric-sql/pglite'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve('electron/preload/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rolldownOptions: { input: resolve('renderer/index.html') },
    },
  },
});
