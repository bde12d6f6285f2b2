/**
 * Where the desktop keeps its database when no --data-dir is given and it is not running inside
 * Electron (which uses app.getPath('userData')): the usual per-user data folder of each OS.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const appFolderName = 'vaccine-desk';
export const databaseFileName = 'desk.sqlite';

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), appFolderName);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', appFolderName);
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), appFolderName);
}
