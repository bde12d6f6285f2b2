/**
 * Where the hub keeps its data: `--db` or HUB_DATABASE_URL (postgres://… for PostgreSQL, a
 * directory path for the embedded PGlite store, ':memory:' for a throwaway one); without either,
 * an embedded store in the user's data directory.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32')
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'vaccine-desk', 'hub');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'vaccine-desk', 'hub');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'vaccine-desk', 'hub');
}

export function resolveDatabaseTarget(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const configured = flag ?? env.HUB_DATABASE_URL;
  return configured && configured.trim() !== '' ? configured.trim() : defaultDataDir(env);
}

/** The target without a password, for messages. */
export function describeTarget(target: string): string {
  if (!/^postgres(ql)?:\/\//i.test(target))
    return target === ':memory:' ? 'in-memory store' : `embedded store at ${target}`;
  try {
    const url = new URL(target);
    url.password = '';
    return `PostgreSQL ${url.host}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}
