/**
 * Maps a request path onto a file of the built renderer (out/renderer), for both the Electron app
 * scheme and browser mode. Refuses anything that could leave the root (dot segments, encoded
 * slashes, backslashes, NUL); paths without a file extension fall back to index.html so that
 * client-side routes survive a reload.
 */
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export type StaticLookup =
  | { kind: 'file'; filePath: string; contentType: string }
  | { kind: 'bad-path' }
  | { kind: 'not-found' };

export function contentTypeFor(filePath: string): string {
  return contentTypes[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** `urlPath` is the raw path of the request URL (percent-encoded, without query or fragment). */
export async function lookupStaticFile(rootDir: string, urlPath: string): Promise<StaticLookup> {
  const relative = decodeSafePath(urlPath);
  if (relative === null) return { kind: 'bad-path' };

  const root = resolve(rootDir);
  const target = resolve(root, relative === '' ? 'index.html' : relative);
  if (target !== root && !target.startsWith(root + sep)) return { kind: 'bad-path' };

  if (await isFile(target)) return { kind: 'file', filePath: target, contentType: contentTypeFor(target) };

  // A missing asset (has an extension) is a 404; anything else is a client-side route.
  if (extname(relative) === '') {
    const index = join(root, 'index.html');
    if (await isFile(index)) return { kind: 'file', filePath: index, contentType: contentTypeFor(index) };
  }
  return { kind: 'not-found' };
}

/** Returns the path relative to the root, or null when it must be refused. */
function decodeSafePath(urlPath: string): string | null {
  if (!urlPath.startsWith('/')) return null;
  // Encoded separators would let a segment smuggle a slash past the segment check below.
  if (/%2f|%5c|%00/i.test(urlPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return null;
  return segments.join('/');
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
