// Real `rmq namesrv` and `rmq broker` processes for end-to-end and interop tests, in a fresh
// temporary folder that holds the broker's broker.conf and data:
//   await using cluster = await launchBrokerCluster({ flushDiskType: 'SYNC_FLUSH' });
//   cluster.namesrvAddr, cluster.brokerAddr       // both on 127.0.0.1, ports picked free
//   await cluster.restartBroker('SIGKILL');       // a crash, then a start on the same folder and port
// The broker is first started on port 0 and restarted on the port it got, so clients that
// cached its address (ali-ons refreshes routes only every 30 s) find it again.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  brokerReadyLine,
  launchRmq,
  namesrvReadyLine,
  type LaunchedProcess,
  type ProcessExit,
} from '../../../src/testing/process-launcher.js';

/** broker.conf values written as `key=value` lines; the loopback and folder keys are set here. */
export type BrokerConfValues = Readonly<Record<string, string | number | boolean>>;

export interface BrokerCluster extends AsyncDisposable {
  readonly namesrvAddr: string;
  readonly brokerName: string;
  readonly clusterName: string;
  /** The folder of broker.conf and of the broker's data (storePathRootDir). */
  readonly dir: string;
  readonly namesrv: LaunchedProcess;
  /** The running broker process (a new one after each restart). */
  readonly broker: LaunchedProcess;
  /** "127.0.0.1:port", the same after restarts. */
  readonly brokerAddr: string;
  /** Stops the broker with `signal` (SIGTERM: clean stop; SIGKILL: crash), starts it again on the same folder and port. */
  restartBroker(signal: 'SIGTERM' | 'SIGKILL'): Promise<ProcessExit>;
  /** Stops both processes and removes the folder. */
  close(): Promise<void>;
}

const loopback = '127.0.0.1';
const brokerReadyTimeoutMs = 20_000;

function writeConf(path: string, values: BrokerConfValues): void {
  const lines = Object.entries(values).map(([key, value]) => `${key}=${String(value)}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

export async function launchBrokerCluster(extra: BrokerConfValues = {}): Promise<BrokerCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-e2e-broker-'));
  const confPath = join(dir, 'broker.conf');
  const brokerName = `broker-${randomUUID().slice(0, 8)}`;
  const clusterName = `Cluster-${randomUUID().slice(0, 8)}`;
  let namesrv: LaunchedProcess | undefined;
  let broker: LaunchedProcess | undefined;
  const close = async (): Promise<void> => {
    await broker?.stop();
    await namesrv?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    namesrv = await launchRmq(['namesrv', '-p', '0'], { readyLine: namesrvReadyLine });
    const namesrvAddr = namesrv.address;
    writeConf(confPath, {
      brokerClusterName: clusterName,
      brokerName,
      bindAddress: loopback,
      brokerIP1: loopback,
      storePathRootDir: join(dir, 'store'),
      ...extra,
    });
    const startBroker = (port: number): Promise<LaunchedProcess> =>
      launchRmq(['broker', '-c', confPath, '-n', namesrvAddr, '-p', String(port)], {
        readyLine: brokerReadyLine,
        readyTimeoutMs: brokerReadyTimeoutMs,
      });
    broker = await startBroker(0);
    const brokerAddr = broker.address;
    const port = Number(brokerAddr.slice(brokerAddr.lastIndexOf(':') + 1));
    const namesrvProcess = namesrv;
    return {
      namesrvAddr,
      brokerName,
      clusterName,
      dir,
      namesrv: namesrvProcess,
      brokerAddr,
      get broker(): LaunchedProcess {
        return broker!;
      },
      async restartBroker(signal) {
        const running = broker!;
        broker = undefined;
        let exit: ProcessExit;
        if (signal === 'SIGTERM') exit = await running.stop();
        else {
          running.kill(signal);
          exit = await running.exited;
        }
        broker = await startBroker(port);
        return exit;
      },
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
