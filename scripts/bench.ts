/**
 * `npm run bench`: runs every bench/*.bench.ts in its own Node process, one after another, so one
 * benchmark's memory does not disturb the next. Each prints its own figures beside a baseline
 * measured in the same run. `npm run bench -- overview` runs the files whose name contains "overview".
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const filter = process.argv[2] ?? '';
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

let failures = 0;
for (const file of files) {
  console.info(`\n### ${file}`);
  const result = spawnSync(process.execPath, ['--expose-gc', join('bench', file)], { stdio: 'inherit' });
  if (result.status !== 0) failures += 1;
}
process.exit(failures > 0 ? 1 : 0);
