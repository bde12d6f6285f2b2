/**
 * Electron's hardening, checked statically as a step of `npm test` (after lint): Doyensec's
 * Electronegativity reads the sources in electron/ (main process, preload, desk process) and any HIGH
 * finding fails the step. Files it cannot parse fail it too, so it never passes on what it did not read.
 *
 * An exception is written where it applies, as `// eng-disable CHECK_ID` with the reason beside it
 * (the tool honours those comments); there is no list of exceptions elsewhere.
 *
 * Offline by construction: the tool fetches its translations and Electron's release list from the
 * network on every run. This process refuses every DNS lookup before loading it, so nothing leaves the
 * machine and the tool uses the English messages it ships. The one check that needs the release list
 * (AvailableSecurityFixesGlobalCheck: is the Electron version the newest of its line) is left out; the
 * Electron version the tool assumes for its defaults is the installed one.
 */
import dns from 'node:dns';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string; value: number };
  confidence: { name: string };
  description: string;
}

interface ParseError {
  file: string;
  message: string;
  tolerable: boolean;
}

type Run = (
  options: Record<string, unknown>,
  forCli: false,
) => Promise<{ globalChecks: number; atomicChecks: number; errors: ParseError[]; issues: Finding[] }>;

const refuseLookup = (_host: string, ...rest: unknown[]) => {
  const callback = rest.at(-1) as (error: Error) => void;
  process.nextTick(() =>
    callback(Object.assign(new Error('offline: no lookups from this check'), { code: 'ENOTFOUND' })),
  );
};
dns.lookup = refuseLookup as unknown as typeof dns.lookup;
dns.promises.lookup = (() => Promise.reject(new Error('offline'))) as typeof dns.promises.lookup;

const require = createRequire(import.meta.url);
const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
// The tool's TypeScript parser needs the TypeScript the tool pins (4.2, installed beside it), not the
// project's (7, which has no JavaScript API), though npm hoists the parser next to the latter.
const toolTypeScript = pathToFileURL(createRequire(join(toolDir, 'package.json')).resolve('typescript')).href;
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'typescript' && context.parentURL?.includes('/node_modules/@typescript-eslint/')) {
      return { url: toolTypeScript, format: 'commonjs', shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
});

const input = resolve('electron');
const electronVersion = (
  JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const run = require('@doyensec/electronegativity') as Run;

const sources = (readdirSync(input, { recursive: true }) as string[]).filter((f) =>
  /\.(ts|js|cjs|mjs)$/.test(f),
);
const bytes = sources.reduce((sum, file) => sum + readFileSync(join(input, file)).length, 0);

const result = await run(
  {
    input,
    output: undefined,
    isSarif: false,
    customScan: [],
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    severitySet: undefined,
    confidenceSet: undefined,
    isRelative: true,
    isVerbose: false,
    electronUpgrade: undefined,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
);

const high = result.issues.filter((issue) => issue.severity.name === 'HIGH');
const line = (issue: Finding) =>
  `  ${issue.severity.name} ${issue.id} ${issue.file}:${issue.location.line}:${issue.location.column} (${issue.confidence.name}) ${issue.description}`;
console.info(
  `electronegativity: ${sources.length} files (${bytes} bytes) in electron/, Electron ${electronVersion}, ` +
    `${result.atomicChecks + result.globalChecks} checks: ${result.issues.length} finding(s), ${high.length} HIGH`,
);
for (const issue of result.issues) console.info(line(issue));
for (const error of result.errors) console.info(`  could not parse ${error.file}: ${error.message}`);
if (high.length > 0)
  console.info('HIGH findings fail this step: fix them, or justify one with `// eng-disable ID`.');
process.exit(high.length > 0 || result.errors.length > 0 ? 1 : 0);
