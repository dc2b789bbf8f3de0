// Fails on an import that crosses a forbidden edge of DESIGN.md's module layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const srcRoot = join(repo, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

/** Module path of a source file or of a relative import target, e.g. "remoting/protocol". */
function moduleOf(pathInSrc: string): string {
  return pathInSrc.split(sep).join('/');
}

interface Rule {
  from: RegExp;
  to: RegExp;
  why: string;
}

const rules: Rule[] = [
  { from: /^common\//, to: /^(?!common\/)[a-z]+\//, why: 'common depends on nothing' },
  { from: /^store\//, to: /^(remoting|broker|namesrv|client|console|cli)\//, why: 'the store knows nothing of sockets or servers' },
  { from: /^broker\//, to: /^client\//, why: 'the broker does not use the client SDK' },
  { from: /^namesrv\//, to: /^(broker|client|store)\//, why: 'the NameServer is a route registry only' },
  { from: /^remoting\//, to: /^(store|broker|namesrv|client|console|cli|testing)\//, why: 'remoting is below every server and client' },
  { from: /^remoting\/protocol\//, to: /^remoting\/net\//, why: 'the protocol is pure' },
  { from: /^client\//, to: /^(store|broker|namesrv)\//, why: 'the client knows nothing of server internals' },
  { from: /^(?!testing\/|cli\/|server\.ts)/, to: /^testing\//, why: 'testing helpers are never shipped code dependencies' },
];

const socketModules = /^(node:)?(net|tls|dgram)$/;
const socketUsersAllowed = /^(remoting\/net|cli|testing|console|proxy)\//;

test('no source file imports across a forbidden edge', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(srcRoot)) {
    const from = moduleOf(relative(srcRoot, file));
    for (const spec of importsOf(file)) {
      if (socketModules.test(spec)) {
        if (!socketUsersAllowed.test(from)) violations.push(`${from} imports ${spec}: only remoting/net opens sockets`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const to = moduleOf(relative(srcRoot, resolve(dirname(file), spec)));
      for (const rule of rules) {
        if (rule.from.test(from) && rule.to.test(to)) violations.push(`${from} imports ${to}: ${rule.why}`);
      }
      const processorDir = /^(.*\/processors)\/([^/]+)/;
      const a = processorDir.exec(from);
      const b = processorDir.exec(to);
      if (a && b && a[1] === b[1] && a[2] !== b[2] && !/^(context|index|shared)/.test(b[2]!)) {
        violations.push(`${from} imports ${to}: one processor never imports another`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

test('the rules catch a forbidden edge', () => {
  const matches = (from: string, to: string) => rules.some((r) => r.from.test(from) && r.to.test(to));
  assert.equal(matches('store/commitlog/commit-log.ts', 'remoting/protocol/command.ts'), true);
  assert.equal(matches('namesrv/route-registry.ts', 'broker/broker.ts'), true);
  assert.equal(matches('broker/broker.ts', 'store/api.ts'), false);
});
