/**
 * Builds the three parts of the desktop app into out/:
 * - out/main/index.js: the Electron main process (ES module), everything bundled except the native
 *   better-sqlite3, which is loaded from node_modules (unpacked from the asar when packaged), and the
 *   demo hub's PGlite, which loads its WASM and data files from beside its own modules;
 * - out/preload/preload.cjs: the sandboxed preload, one self-contained CommonJS file (a sandboxed
 *   preload cannot load ES modules nor require anything but 'electron');
 * - out/renderer: the React UI, also served by browser mode.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

declareElectronVersionWhenAbsent();

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

/**
 * electron-vite picks its build targets (Node and Chrome versions) and the main process's module
 * format from node_modules/electron. Where that package is missing (no Electron binary can be
 * installed), tell it the major version package.json asks for, through its ELECTRON_MAJOR_VER.
 */
function declareElectronVersionWhenAbsent(): void {
  if (process.env.ELECTRON_MAJOR_VER) return;
  try {
    createRequire(import.meta.url).resolve('electron/package.json');
  } catch {
    const pkg = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as {
      optionalDependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    const range = pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron ?? '';
    const major = /\d+/.exec(range)?.[0];
    if (major) process.env.ELECTRON_MAJOR_VER = major;
  }
}
