// A NameServer and a broker as real `rmq` processes on loopback, with the broker's store in a
// temporary folder that is removed afterwards: what the broker, consume and coldstart benches
// measure through. BENCH_BROKER_NODE_OPTIONS becomes both processes' NODE_OPTIONS (for
// profiling). untilRouted waits for a topic the bench created to be routed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AdminClient } from '../../src/client/admin/admin-client.js';
import { brokerReadyLine, launchRmq, namesrvReadyLine, type LaunchedProcess } from '../../src/testing/process-launcher.js';

export const loopback = '127.0.0.1';

/** How often untilRouted asks the NameServer. */
const routePollMs = 50;

/**
 * Runs `body` against fresh servers. The broker's config holds its store path and loopback
 * addresses, then `brokerConf` (key=value lines). `dir` is the temporary folder, for the bench's
 * own files.
 */
export async function withBenchServers<T>(
  name: string,
  brokerConf: readonly string[],
  body: (broker: LaunchedProcess, nameServer: string, dir: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `rmq-bench-${name}-`));
  const conf = join(dir, 'broker.conf');
  writeFileSync(conf, [`storePathRootDir=${join(dir, 'store')}`, `bindAddress=${loopback}`, `brokerIP1=${loopback}`, ...brokerConf, ''].join('\n'));
  const env = { NODE_OPTIONS: process.env.BENCH_BROKER_NODE_OPTIONS ?? '' };
  let namesrv: LaunchedProcess | undefined;
  let broker: LaunchedProcess | undefined;
  try {
    namesrv = await launchRmq(['namesrv', '-p', '0'], { readyLine: namesrvReadyLine, env });
    broker = await launchRmq(['broker', '-c', conf, '-p', '0', '-n', namesrv.address], { readyLine: brokerReadyLine, env });
    return await body(broker, namesrv.address, dir);
  } finally {
    await broker?.stop();
    await namesrv?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until the NameServer routes `topic` (a new topic reaches it with the broker's next registration). */
export async function untilRouted(admin: AdminClient, topic: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await admin.topicRoute(topic).then((route) => route.queueDatas.length > 0, () => false))) {
    if (Date.now() > deadline) throw new Error(`topic ${topic} not routed within ${timeoutMs} ms`);
    await sleep(routePollMs);
  }
}
