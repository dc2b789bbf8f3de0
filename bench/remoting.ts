// Remoting throughput on loopback, ours next to a bare node:net echo measured in the same run.
//
//   node build/bench/main.js remoting [--seconds 1] [--rounds 3]
//
// Cases: sync round trips with 1 and 64 requests in flight and oneway requests with 64 in
// flight (counted by the server), each with a 1 KiB body; the server echoes the body. Two
// headers: a producer send's (12 extFields, what a broker mostly sees) and a bare command
// (no extFields: the transport's own cost). The bare side sends frames of exactly our request
// frame's size, length-prefixed, with no codec: its server echoes every complete frame, its
// client refills the window from each read, both writing once per read as our writer does.
// Server and client are two processes on both sides (each gets a core, as in production);
// ours and bare alternate round by round so a busy machine hurts both alike, and the median
// round is reported.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ResponseCode } from '../src/common/response-code.js';
import { SerializeType, createRequest, createResponse, type ExtFields } from '../src/remoting/protocol/command.js';
import { encodeCommand } from '../src/remoting/protocol/frame-codec.js';
import { RemotingClient } from '../src/remoting/net/remoting-client.js';
import { RemotingServer } from '../src/remoting/net/remoting-server.js';

const bodyBytes = 1024;
const warmupMs = 500;
const echoCode = 10;
const onewayCode = 15;
const countCode = 28;
const timeoutMs = 10_000;
const windowFrames = 64;

/** A producer's SendMessageRequestHeaderV2. */
const sendHeader: ExtFields = {
  a: 'bench-producer-group',
  b: 'BenchTopic',
  c: 'TBW102',
  d: '4',
  e: '0',
  f: '0',
  g: '1700000000000',
  h: '0',
  i: 'UNIQ_KEY\u0001AC11000100002A9F0000000000000000\u0002WAIT\u0001true\u0002',
  j: '0',
  k: 'false',
  m: 'false',
};
const sendResponseHeader: ExtFields = { msgId: 'AC11000100002A9F0000000000000000', queueId: '0', queueOffset: '0' };

interface Case {
  name: string;
  kind: 'sync' | 'oneway';
  inFlight: number;
  extFields: ExtFields | undefined;
}

const cases: Case[] = [
  { name: 'sync, 1 in flight', kind: 'sync', inFlight: 1, extFields: sendHeader },
  { name: 'sync, 64 in flight', kind: 'sync', inFlight: 64, extFields: sendHeader },
  { name: 'oneway, 64 in flight', kind: 'oneway', inFlight: 64, extFields: sendHeader },
  { name: 'sync, 1 in flight', kind: 'sync', inFlight: 1, extFields: undefined },
  { name: 'sync, 64 in flight', kind: 'sync', inFlight: 64, extFields: undefined },
  { name: 'oneway, 64 in flight', kind: 'oneway', inFlight: 64, extFields: undefined },
];

/** Runs one case for about `ms`; returns how many operations completed in how long. */
type Measure = (c: Case, frameBytes: number, ms: number) => Promise<{ ops: number; seconds: number }>;

interface ServerChild {
  ports: number[];
  /** CPU time (user + system) the server process has used so far. */
  cpuUs(): Promise<number>;
}

interface Round {
  perSecond: number;
  /** Client and server CPU per operation, µs: what the machine pays whatever the load. */
  cpuUsPerOp: number;
}

export async function run(args: string[]): Promise<void> {
  const serveAt = args.indexOf('--serve');
  if (serveAt >= 0) return serve(args[serveAt + 1]);
  const roundMs = Number(option(args, '--seconds') ?? 1) * 1000;
  const rounds = Number(option(args, '--rounds') ?? 3);
  const body = Buffer.alloc(bodyBytes, 0x61);
  const frameBytesOf = (c: Case): number =>
    encodeCommand(createRequest(echoCode, { serializeType: SerializeType.ROCKETMQ, extFields: c.extFields, body })).length;

  console.log(
    `remoting on loopback: ${bodyBytes} B body, ROCKETMQ header, server in a child process, ` +
      `median of ${rounds} alternating rounds of ${roundMs / 1000} s; cpu = client + server CPU µs per operation`,
  );
  await withChild('ours', async (oursServer) =>
    withChild('bare', async (bareServer) => {
      const ours = await oursMeasure(oursServer.ports[0]!, body);
      const bare = bareMeasure(bareServer.ports[0]!, bareServer.ports[1]!);
      try {
        for (const c of [cases[1]!, cases[2]!]) {
          await ours.measure(c, frameBytesOf(c), warmupMs);
          await bare(c, frameBytesOf(c), warmupMs);
        }
        console.log(
          `${'case'.padEnd(46)}${'ours/s'.padStart(10)}${'bare/s'.padStart(10)}${'ratio'.padStart(7)}` +
            `${'ours cpu'.padStart(10)}${'bare cpu'.padStart(10)}`,
        );
        let target = 0;
        for (const c of cases) {
          const frameBytes = frameBytesOf(c);
          const oursRounds: Round[] = [];
          const bareRounds: Round[] = [];
          for (let r = 0; r < rounds; r++) {
            oursRounds.push(await timed(ours.measure, oursServer, c, frameBytes, roundMs));
            bareRounds.push(await timed(bare, bareServer, c, frameBytes, roundMs));
          }
          const a = median(oursRounds.map((round) => round.perSecond));
          const b = median(bareRounds.map((round) => round.perSecond));
          if (c === cases[1]) target = a / b;
          const label = `${c.name}, ${c.extFields ? 'send header' : 'no extFields'} (${frameBytes} B)`;
          console.log(
            `${label.padEnd(46)}${fmt(a).padStart(10)}${fmt(b).padStart(10)}${(a / b).toFixed(2).padStart(7)}` +
              `${median(oursRounds.map((round) => round.cpuUsPerOp)).toFixed(2).padStart(10)}` +
              `${median(bareRounds.map((round) => round.cpuUsPerOp)).toFixed(2).padStart(10)}`,
          );
        }
        console.log(`target: sync, 64 in flight, send header >= 50% of bare: ${(target * 100).toFixed(0)}% ${target >= 0.5 ? 'met' : 'NOT met'}`);
      } finally {
        ours.close();
      }
    }),
  );
}

async function timed(measure: Measure, server: ServerChild, c: Case, frameBytes: number, ms: number): Promise<Round> {
  const clientBefore = process.cpuUsage();
  const serverBefore = await server.cpuUs();
  const { ops, seconds } = await measure(c, frameBytes, ms);
  const serverUs = (await server.cpuUs()) - serverBefore;
  const client = process.cpuUsage(clientBefore);
  return { perSecond: ops / seconds, cpuUsPerOp: (client.user + client.system + serverUs) / ops };
}

// ---- our client against our server -------------------------------------------------------

async function oursMeasure(port: number, body: Buffer): Promise<{ measure: Measure; close(): void }> {
  const addr = `127.0.0.1:${port}`;
  const client = new RemotingClient();
  const serializeType = SerializeType.ROCKETMQ;
  const serverCount = async (): Promise<number> =>
    Number((await client.invoke(addr, createRequest(countCode, { serializeType }), timeoutMs)).extFields?.count);
  const measure: Measure = async (c, _frameBytes, ms) => {
    const code = c.kind === 'sync' ? echoCode : onewayCode;
    const newRequest = () => createRequest(code, { serializeType, extFields: c.extFields, body });
    const before = c.kind === 'oneway' ? await serverCount() : 0;
    let done = 0;
    const started = performance.now();
    const end = started + ms;
    const worker = async (): Promise<void> => {
      while (performance.now() < end) {
        if (c.kind === 'sync') await client.invoke(addr, newRequest(), timeoutMs);
        else await client.invokeOneway(addr, newRequest());
        done++;
      }
    };
    await Promise.all(Array.from({ length: c.inFlight }, worker));
    // A oneway counts once the server has processed it: the count request is answered after them.
    if (c.kind === 'oneway') done = (await serverCount()) - before;
    return { ops: done, seconds: (performance.now() - started) / 1000 };
  };
  await serverCount();
  return { measure, close: () => client.close() };
}

async function serveOurs(): Promise<number[]> {
  const server = new RemotingServer({ host: '127.0.0.1' });
  let oneways = 0;
  server.registerProcessor(echoCode, (request) =>
    createResponse(request, ResponseCode.SUCCESS, {
      extFields: request.extFields === undefined ? undefined : sendResponseHeader,
      body: request.body,
    }),
  );
  server.registerProcessor(onewayCode, () => {
    oneways++;
    return undefined;
  });
  server.registerProcessor(countCode, (request) => createResponse(request, ResponseCode.SUCCESS, { extFields: { count: String(oneways) } }));
  return [(await server.listen()).port];
}

// ---- bare node:net, length-prefixed frames, no codec --------------------------------------

function bareMeasure(echoPort: number, sinkPort: number): Measure {
  const sync = async (frames: Buffer, frameBytes: number, inFlight: number, ms: number): Promise<{ ops: number; seconds: number }> => {
    const socket = await connectTo(echoPort);
    const framer = new Framer();
    let done = 0;
    let outstanding = inFlight;
    const started = performance.now();
    const end = started + ms;
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => (finish = resolve));
    socket.on('data', (chunk: Buffer) => {
      const complete = framer.push(chunk);
      done += complete;
      outstanding -= complete;
      const refill = performance.now() < end ? complete : 0;
      if (refill > 0) {
        socket.write(frames.subarray(0, refill * frameBytes));
        outstanding += refill;
      } else if (outstanding === 0) finish();
    });
    socket.write(frames.subarray(0, inFlight * frameBytes));
    await finished;
    socket.destroy();
    return { ops: done, seconds: (performance.now() - started) / 1000 };
  };

  const oneway = async (frames: Buffer, frameBytes: number, inFlight: number, ms: number): Promise<{ ops: number; seconds: number }> => {
    const socket = await connectTo(sinkPort);
    const started = performance.now();
    const end = started + ms;
    // A window of inFlight frames per write: the batch our writer makes of inFlight oneway calls.
    const window = frames.subarray(0, inFlight * frameBytes);
    while (performance.now() < end) {
      await new Promise<void>((resolve, reject) => socket.write(window, (error) => (error ? reject(error) : resolve())));
    }
    const answer = once(socket, 'data') as Promise<[Buffer]>;
    socket.write(Buffer.alloc(4)); // an empty frame asks for the count
    const [reply] = await answer;
    socket.destroy();
    return { ops: reply.readInt32BE(4), seconds: (performance.now() - started) / 1000 };
  };

  return (c, frameBytes, ms) => {
    const frames = Buffer.alloc(windowFrames * frameBytes, 0x61);
    for (let i = 0; i < windowFrames; i++) frames.writeInt32BE(frameBytes - 4, i * frameBytes);
    return (c.kind === 'sync' ? sync : oneway)(frames, frameBytes, c.inFlight, ms);
  };
}

async function serveBare(): Promise<number[]> {
  const echo = createServer((socket) => {
    socket.setNoDelay(true);
    let pending: Buffer | undefined;
    socket.on('data', (chunk: Buffer) => {
      const data = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
      const whole = wholeFramesLength(data);
      if (whole > 0) socket.write(data.subarray(0, whole));
      pending = whole < data.length ? Buffer.from(data.subarray(whole)) : undefined;
    });
    socket.on('error', () => {});
  });
  const sink = createServer((socket) => {
    socket.setNoDelay(true);
    const framer = new Framer();
    let count = 0;
    socket.on('data', (chunk: Buffer) => {
      const before = framer.empties;
      count += framer.push(chunk);
      if (framer.empties > before) {
        count -= framer.empties - before;
        const reply = Buffer.alloc(8);
        reply.writeInt32BE(4, 0);
        reply.writeInt32BE(count, 4);
        socket.write(reply);
        count = 0;
      }
    });
    socket.on('error', () => {});
  });
  return Promise.all([echo, sink].map(async (server) => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as AddressInfo).port;
  }));
}

/** Counts complete length-prefixed frames in a stream, looking at each frame's length. */
class Framer {
  private pending: Buffer | undefined;
  empties = 0;

  push(chunk: Buffer): number {
    const data = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    let at = 0;
    let count = 0;
    while (data.length - at >= 4) {
      const length = data.readInt32BE(at);
      if (data.length - at - 4 < length) break;
      if (length === 0) this.empties++;
      at += 4 + length;
      count++;
    }
    this.pending = at < data.length ? Buffer.from(data.subarray(at)) : undefined;
    return count;
  }
}

function wholeFramesLength(data: Buffer): number {
  let at = 0;
  while (data.length - at >= 4) {
    const length = data.readInt32BE(at);
    if (data.length - at - 4 < length) break;
    at += 4 + length;
  }
  return at;
}

async function connectTo(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, noDelay: true });
  await once(socket, 'connect');
  return socket;
}

// ---- processes ---------------------------------------------------------------------------

async function withChild<T>(kind: string, use: (server: ServerChild) => Promise<T>): Promise<T> {
  const child: ChildProcess = fork(new URL('./main.js', import.meta.url), ['remoting', '--serve', kind], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const exitedEarly = once(child, 'exit').then(([code]) => {
      throw new Error(`bench server "${kind}" exited with ${String(code)} before it was ready`);
    });
    const [ports] = (await Promise.race([once(child, 'message'), exitedEarly])) as [number[]];
    const cpuUs = async (): Promise<number> => {
      const reply = once(child, 'message') as Promise<[number]>;
      child.send('cpu');
      return (await reply)[0];
    };
    return await use({ ports, cpuUs });
  } finally {
    // The child exits when its IPC channel closes (so a --cpu-prof run writes its profile).
    const exited = once(child, 'exit');
    child.disconnect();
    await exited;
  }
}

async function serve(kind: string | undefined): Promise<void> {
  const ports = kind === 'ours' ? await serveOurs() : kind === 'bare' ? await serveBare() : undefined;
  if (ports === undefined) throw new Error(`--serve ours|bare, not ${kind}`);
  process.on('disconnect', () => process.exit(0));
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    process.send?.(user + system);
  });
  process.send?.(ports);
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
