#!/usr/bin/env node
// Runs the compiled tests with node's test runner.
//   node scripts/run-tests.mjs                 every layer
//   node scripts/run-tests.mjs unit tidy       only those layers (folders under test/)
//   node scripts/run-tests.mjs --grep commitlog  only files whose path contains the word
// Node 20's runner takes no globs, so the files are listed here.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const root = 'build/test';
const args = process.argv.slice(2);
const grepAt = args.indexOf('--grep');
const grep = grepAt >= 0 ? args.splice(grepAt, 2)[1] : undefined;
const layers = args.length > 0 ? args : readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory());

function collect(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const files = layers.flatMap((layer) => collect(join(root, layer), [])).filter((f) => !grep || f.includes(grep));
if (files.length === 0) {
  console.error(`no test files under ${root} for ${layers.join(', ')}${grep ? ` matching ${grep}` : ''}`);
  process.exit(1);
}
console.error(`running ${files.length} test files: ${files.map((f) => relative(root, f)).length} in ${layers.join(', ')}`);
const concurrency = Math.max(2, availableParallelism());
const result = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
