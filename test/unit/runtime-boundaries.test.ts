/**
 * The boundaries between where code runs are checked by the linter (biome.json's import rules) and
 * by one TypeScript project per runtime (tsconfig.*.json). This test plants a violation of each rule
 * in the tree, runs the real tools on it, and expects each violation refused and each allowed import
 * let through — so a rule that is loosened or dropped makes it fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const probeName = `boundary-probe-${process.pid}`;
const planted: string[] = [];

function plant(relativeDir: string, body: string): string {
  const dir = path.join(root, relativeDir, probeName);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `probe-${planted.length}.ts`);
  writeFileSync(file, `${body}\n`);
  planted.push(dir);
  return path.relative(root, file);
}

afterAll(() => {
  for (const dir of new Set(planted)) rmSync(dir, { recursive: true, force: true });
});

/** Relative paths of the probe files the linter refused with noRestrictedImports. */
function refusedByLinter(files: string[]): Set<string> {
  const run = spawnSync(bin('biome'), ['lint', '--max-diagnostics=200', '--colors=off', ...files], {
    cwd: root,
    encoding: 'utf8',
  });
  const output = `${run.stdout}${run.stderr}`;
  const refused = new Set<string>();
  for (const match of output.matchAll(/^(\S+\.ts):\d+:\d+ lint\/style\/noRestrictedImports/gm)) {
    refused.add(match[1]!);
  }
  return refused;
}

/** Relative paths of the probe files the TypeScript project refused. */
function refusedByTypeScript(project: string, files: string[], ambient: string[] = []): Set<string> {
  const config = path.join(root, `tsconfig.${probeName}.json`);
  writeFileSync(
    config,
    JSON.stringify({ extends: `./${project}`, files: [...ambient, ...files], include: [] }),
  );
  try {
    const run = spawnSync(bin('tsc'), ['--noEmit', '-p', config], { cwd: root, encoding: 'utf8' });
    const refused = new Set<string>();
    for (const match of run.stdout.matchAll(/^(\S+\.ts)\(\d+,\d+\): error/gm)) refused.add(match[1]!);
    return refused;
  } finally {
    rmSync(config, { force: true });
  }
}

const importing = (specifier: string) => `import * as probe from '${specifier}';\nexport const used = probe;`;

describe('import rules in the linter', () => {
  const cases = [
    { where: 'renderer/src', specifier: '../../../db/migrate.ts', refused: true },
    { where: 'renderer/src', specifier: '../../../electron/node/desk-service.ts', refused: true },
    { where: 'renderer/src', specifier: '../../../server/clock.ts', refused: true },
    { where: 'renderer/src', specifier: 'node:fs', refused: true },
    { where: 'renderer/src', specifier: 'electron', refused: true },
    { where: 'renderer/src', specifier: '../../../domain/kana.ts', refused: false },
    { where: 'renderer/src', specifier: 'react', refused: false },
    { where: 'domain', specifier: '../../db/migrate.ts', refused: true },
    { where: 'domain', specifier: '../../renderer/src/app/routes.ts', refused: true },
    { where: 'domain', specifier: 'node:crypto', refused: true },
    { where: 'domain', specifier: 'react', refused: true },
    { where: 'domain', specifier: '../kana.ts', refused: false },
    { where: 'domain', specifier: 'zod', refused: false },
    { where: 'db', specifier: 'electron', refused: true },
    { where: 'electron/node', specifier: 'electron', refused: true },
    { where: 'electron/node', specifier: '../../../server/clock.ts', refused: true },
    { where: 'electron/electron-main', specifier: 'electron', refused: false },
    { where: 'electron/electron-main', specifier: '../../../server/clock.ts', refused: true },
    { where: 'server', specifier: 'electron', refused: true },
  ].map((c) => ({ ...c, file: plant(c.where, importing(c.specifier)) }));
  const refused = refusedByLinter(cases.map((c) => c.file));

  it.each(cases)('$where importing $specifier: refused $refused', ({ file, refused: expected }) => {
    expect(refused.has(file)).toBe(expected);
  });
});

describe('one TypeScript project per runtime', () => {
  it('domain/ has neither the DOM nor Node', () => {
    const dom = plant('domain', 'export const title: string = document.title;');
    const node = plant('domain', 'export const cwd: string = process.cwd();');
    const plain = plant('domain', "export const url: string = new URL('https://example.invalid/').hostname;");
    const refused = refusedByTypeScript(
      'tsconfig.domain.json',
      [dom, node, plain],
      ['domain/web-platform.d.ts'],
    );
    expect([refused.has(dom), refused.has(node), refused.has(plain)]).toEqual([true, true, false]);
  });

  it('the renderer has the DOM and not Node', () => {
    const node = plant('renderer/src', 'export const cwd: string = process.cwd();');
    const dom = plant('renderer/src', 'export const title: string = document.title;');
    const refused = refusedByTypeScript('tsconfig.renderer.json', [node, dom]);
    expect([refused.has(node), refused.has(dom)]).toEqual([true, false]);
  });

  it('the processes (desk, hub) have Node and not the DOM', () => {
    const dom = plant('electron/node', 'export const title: string = document.title;');
    const node = plant('electron/node', 'export const cwd: string = process.cwd();');
    const refused = refusedByTypeScript('tsconfig.node.json', [dom, node]);
    expect([refused.has(dom), refused.has(node)]).toEqual([true, false]);
  });
});
