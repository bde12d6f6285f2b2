/**
 * Finds the Electron executable without loading the electron package: since Electron 45,
 * `require('electron')` downloads the binary when it is missing, which must not happen behind the
 * user's back (and cannot happen on machines without access to Electron's downloads).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The executable's path, or null when the package or its binary is not installed. */
export function findElectronBinary(projectDir: string = process.cwd()): string | null {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(join(projectDir, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = readFileSync(pathFile, 'utf8').trim();
  if (executable === '') return null;
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  const fullPath = join(distDir, executable);
  return existsSync(fullPath) ? fullPath : null;
}
