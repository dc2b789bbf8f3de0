// A NameServer and a broker in this process, for tests and `rmq dev`:
//   await using cluster = await startLocalCluster();
//   cluster.namesrvAddr  // "127.0.0.1:40123"
//   cluster.brokerAddr   // "127.0.0.1:40124", registered with that NameServer
// Both listen on 127.0.0.1; ports are picked free (port 0) unless given, and the broker registers
// the port it really got. The broker's data goes to a fresh temporary folder removed on close,
// or to `dataDir`, which is kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../common/logger.js';
import { Broker } from '../broker/broker.js';
import type { BrokerConfig } from '../broker/broker-config.js';
import { NameServer } from '../namesrv/namesrv.js';
import type { NamesrvConfig } from '../namesrv/namesrv-config.js';

/** Where both servers listen and what the broker registers. */
const localHost = '127.0.0.1';

export interface LocalClusterOptions {
  /** Folder of the broker's store and metadata (kept on close); default: a temporary folder, removed on close. */
  dataDir?: string;
  /** Broker config values; listenPort 0, brokerName "broker-a" and 127.0.0.1 unless given. */
  broker?: Partial<BrokerConfig>;
  /** NameServer config values; listenPort 0 unless given. */
  namesrv?: Partial<NamesrvConfig>;
  brokerLogger?: Logger;
  namesrvLogger?: Logger;
}

export interface LocalCluster extends AsyncDisposable {
  readonly namesrvAddr: string;
  readonly brokerAddr: string;
  readonly namesrv: NameServer;
  readonly broker: Broker;
  /** The broker's storePathRootDir. */
  readonly dataDir: string;
  /** Stops the broker (unregistering it) and the NameServer; removes a temporary data folder. */
  close(): Promise<void>;
}

export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'rmq-local-'));
  const removeTemporary = (): void => {
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
  };

  const namesrv = new NameServer({
    config: { listenPort: 0, bindAddress: localHost, ...options.namesrv },
    ...(options.namesrvLogger ? { logger: options.namesrvLogger } : {}),
  });
  let broker: Broker | undefined;
  try {
    const namesrvAddr = await namesrv.start();
    broker = new Broker(
      {
        brokerName: 'broker-a',
        listenPort: 0,
        bindAddress: localHost,
        brokerIP1: localHost,
        storePathRootDir: dataDir,
        ...options.broker,
        namesrvAddr: [namesrvAddr, ...(options.broker?.namesrvAddr ?? [])],
      },
      options.brokerLogger ? { logger: options.brokerLogger } : {},
    );
    const brokerAddr = await broker.start();
    const started = broker;
    const close = async (): Promise<void> => {
      await started.stop();
      await namesrv.stop();
      removeTemporary();
    };
    return { namesrvAddr, brokerAddr, namesrv, broker: started, dataDir, close, [Symbol.asyncDispose]: close };
  } catch (error) {
    await broker?.stop();
    await namesrv.stop();
    removeTemporary();
    throw error;
  }
}
