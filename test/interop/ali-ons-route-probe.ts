// Child process for the ali-ons interop test: a real ali-ons 3.12.0 Producer asks the NameServer
// at argv[2] for the routes of the topics in argv[3..] through its own route code
// (Producer.tryToFindTopicPublishInfo -> MQClient.updateTopicRouteInfoFromNameServer ->
// GET_ROUTEINTO_BY_TOPIC, JSON2 body parsing, publish-queue building) and prints what it parsed
// as one JSON line. ali-ons never releases its timers, so this process ends with process.exit.
import { createRequire } from 'node:module';

interface MessageQueue {
  topic: string;
  brokerName: string;
  queueId: number;
}

interface AliOnsProducer {
  ready(): Promise<void>;
  tryToFindTopicPublishInfo(topic: string): Promise<{ messageQueueList: MessageQueue[] }>;
  _mqClient: { findBrokerAddressInPublish(brokerName: string): string | undefined };
}

export interface ProbeResult {
  topic: string;
  queues?: MessageQueue[];
  brokerAddrs?: Record<string, string | undefined>;
  error?: { name: string; code: unknown; message: string };
}

const require = createRequire(import.meta.url);
const { Producer } = require('ali-ons') as { Producer: new (options: object) => AliOnsProducer };

const silentLogger = { info() {}, warn() {}, error() {}, debug() {} };

async function probe(nameSrv: string, topics: string[]): Promise<ProbeResult[]> {
  const producer = new Producer({
    nameSrv,
    // Asserted by ali-ons even with nameSrv set; only used for the Aliyun HTTP address lookup.
    httpclient: {},
    logger: silentLogger,
    producerGroup: 'GID_rocketmq_ts_interop',
  });
  await producer.ready();
  const results: ProbeResult[] = [];
  for (const topic of topics) {
    try {
      const info = await producer.tryToFindTopicPublishInfo(topic);
      const queues = info.messageQueueList.map(({ topic: t, brokerName, queueId }) => ({ topic: t, brokerName, queueId }));
      const brokerAddrs: Record<string, string | undefined> = {};
      for (const { brokerName } of queues) brokerAddrs[brokerName] = producer._mqClient.findBrokerAddressInPublish(brokerName);
      results.push({ topic, queues, brokerAddrs });
    } catch (err) {
      const e = err as Error & { code?: unknown };
      results.push({ topic, error: { name: e.name, code: e.code, message: e.message } });
    }
  }
  return results;
}

const [nameSrv, ...topics] = process.argv.slice(2);
probe(nameSrv ?? '', topics).then(
  (results) => {
    process.stdout.write(`${JSON.stringify(results)}\n`, () => process.exit(0));
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`, () => process.exit(1));
  },
);
