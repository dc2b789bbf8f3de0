// The README's client examples are the files in examples/: the README must show them verbatim,
// tsc type-checks them with the rest of the tree, and here they run as real programs against a
// real broker, importing the package by its name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { LaunchedProcess } from '../../../src/testing/process-launcher.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const exampleNames = ['produce', 'consume', 'pull'] as const;
const programTimeoutMs = 20_000;

function runExample(name: (typeof exampleNames)[number], namesrvAddr: string): LaunchedProcess {
  const script = fileURLToPath(new URL(`../../../examples/${name}.js`, import.meta.url));
  const child = spawn(process.execPath, [script], {
    cwd: repoRoot,
    env: { ...process.env, NAMESRV_ADDR: namesrvAddr },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new LaunchedProcess(child, [name]);
}

async function exitOf(program: LaunchedProcess): Promise<number | null> {
  const timer = setTimeout(() => program.kill('SIGKILL'), programTimeoutMs);
  try {
    return (await program.exited).code;
  } finally {
    clearTimeout(timer);
  }
}

test('the README shows each example file verbatim', () => {
  const readme = readFileSync(`${repoRoot}README.md`, 'utf8');
  for (const name of exampleNames) {
    const source = readFileSync(`${repoRoot}examples/${name}.ts`, 'utf8');
    const block = `<!-- example: ${name} -->\n\`\`\`ts\n${source}\`\`\`\n<!-- end example -->`;
    assert.ok(readme.includes(block), `README.md does not show examples/${name}.ts as it is (run node scripts/embed-examples.mjs)`);
  }
});

test('the examples send three messages, consume them with a push consumer and read them with a lite pull consumer', async () => {
  await using cluster = await startLocalCluster();

  const produce = runExample('produce', cluster.namesrvAddr);
  assert.equal(await exitOf(produce), 0, produce.stderr);
  const sent = produce.output.filter((line) => line.startsWith('SEND_OK '));
  assert.equal(sent.length, 3, produce.output.join('\n'));

  const consume = runExample('consume', cluster.namesrvAddr);
  for (const id of [1, 2, 3]) await consume.waitForLine(new RegExp(`TagA order-${id} \\{"id":${id}\\}$`), programTimeoutMs);
  consume.kill('SIGINT');
  assert.equal(await exitOf(consume), 0, consume.stderr);

  const pull = runExample('pull', cluster.namesrvAddr);
  assert.equal(await exitOf(pull), 0, pull.stderr);
  const bodies = pull.output.map((line) => line.split(' ').slice(1).join(' ')).sort();
  assert.deepEqual(bodies, ['{"id":1}', '{"id":2}', '{"id":3}']);
});
