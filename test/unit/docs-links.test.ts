/**
 * The documents name files and link to each other; a file moved or a heading renamed must not leave
 * them pointing nowhere. Every relative link in README.md, server/README.md and docs/*.md must reach
 * a file (and, with a #fragment, one of its headings, spelled as GitHub makes heading anchors), and
 * every file path written in code quotes (`db/open-database.ts`) must exist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const documents = [
  'README.md',
  'server/README.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** GitHub's heading anchors: lower case, punctuation dropped, each space a hyphen, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const match of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (match[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

function read(file: string): string {
  return readFileSync(path.join(root, file), 'utf8');
}

const repoFolders = ['bench', 'db', 'docs', 'domain', 'electron', 'renderer', 'scripts', 'server', 'test'];

describe('the documents', () => {
  it.each(documents)('%s links only to files and headings that exist', (file) => {
    const text = read(file).replace(/^```[\s\S]*?^```/gm, '');
    const broken: string[] = [];
    for (const match of text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)) {
      const target = match[1] ?? '';
      if (/^[a-z]+:/i.test(target)) continue;
      const [filePart = '', fragment] = target.split('#');
      const linked =
        filePart === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), filePart));
      if (!existsSync(path.join(root, linked))) {
        broken.push(`${target}: no file ${linked}`);
        continue;
      }
      if (fragment !== undefined && !headingAnchors(read(linked)).has(fragment)) {
        broken.push(`${target}: no heading #${fragment} in ${linked}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it.each(documents)('%s names only repository files that exist', (file) => {
    const missing: string[] = [];
    for (const match of read(file).matchAll(/`([^`\s]+)`/g)) {
      const named = match[1] ?? '';
      if (!repoFolders.some((folder) => named.startsWith(`${folder}/`))) continue;
      if (/[*<>{}…]|NNN/.test(named)) continue;
      if (!existsSync(path.join(root, named))) missing.push(named);
    }
    expect(missing).toEqual([]);
  });
});
