// Remoting throughput on loopback, ours next to a bare node:net echo measured in the same run.
//
//   node build/bench/main.js remoting [--seconds 1] [--rounds 3]
//        [--header none,small,send] [--serialize rocketmq,json] [--case sync1,sync64,oneway64]
//   node build/bench/main.js remoting --codec      (codec only, in process, no sockets)
//
// Cases: sync round trips with 1 and 64 requests in flight and oneway requests with 64 in
// flight (counted by the server), each with a 1 KiB body; the server echoes the body. Three
// header shapes, each in both serializations: none (no extFields: the transport's own cost),
// small (QUERY_CONSUMER_OFFSET's 4 fields, answered with an offset) and send (a producer's
// SEND_MESSAGE_V2 with 12 fields, answered with msgId/queueId/queueOffset: what a broker
// mostly sees). The bare side sends frames of exactly our request frame's size,
// length-prefixed, with no codec: its server echoes every complete frame, its client refills
// the window from each read, both writing once per read. Ours writes a turn's frames in pieces
// of at most 16 KiB (frame-writer.ts), so its client and server overlap where the bare ones take
// turns: compare `cpu` too, which that does not change. Server and client
// are two processes on both sides (each gets a core, as in production); ours and bare
// alternate round by round so a busy machine hurts both alike, and the median round is
// reported. `cpu` is client + server CPU µs per operation: what the machine pays whatever the
// load.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ResponseCode } from '../src/common/response-code.js';
import { SerializeType, createRequest, createResponse, type ExtFields, type RemotingCommand } from '../src/remoting/protocol/command.js';
import { encodeCommand } from '../src/remoting/protocol/frame-codec.js';
import { FrameDecoder } from '../src/remoting/protocol/frame-decoder.js';
import { FrameWriter } from '../src/remoting/net/frame-writer.js';
import { RemotingClient } from '../src/remoting/net/remoting-client.js';
import { RemotingServer } from '../src/remoting/net/remoting-server.js';
import { fmt, median, option } from './shared/bench-helpers.js';

const bodyBytes = 1024;
const warmupMs = 500;
const onewayCode = 15;
const countCode = 28;
const timeoutMs = 10_000;
const windowFrames = 64;
const codecFramesPerBatch = 64;
const codecMs = 400;

interface Shape {
  name: 'none' | 'small' | 'send';
  /** The request code our server answers this shape on. */
  code: number;
  request: ExtFields | undefined;
  response: ExtFields | undefined;
}

const shapes: Shape[] = [
  { name: 'none', code: 10, request: undefined, response: undefined },
  {
    // QueryConsumerOffsetRequestHeader as a 4.9.8 Java consumer sends it (bname included).
    name: 'small',
    code: 14,
    request: { consumerGroup: 'bench-consumer-group', topic: 'BenchTopic', queueId: '3', bname: 'broker-a' },
    response: { offset: '1234567' },
  },
  {
    // A producer's SendMessageRequestHeaderV2.
    name: 'send',
    code: 310,
    request: {
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
    },
    response: { msgId: 'AC11000100002A9F0000000000000000', queueId: '0', queueOffset: '0' },
  },
];

const serializations = [
  { name: 'rocketmq', type: SerializeType.ROCKETMQ },
  { name: 'json', type: SerializeType.JSON },
] as const;

interface Kind {
  name: 'sync1' | 'sync64' | 'oneway64';
  label: string;
  sync: boolean;
  inFlight: number;
}

const kinds: Kind[] = [
  { name: 'sync1', label: 'sync, 1 in flight', sync: true, inFlight: 1 },
  { name: 'sync64', label: 'sync, 64 in flight', sync: true, inFlight: 64 },
  { name: 'oneway64', label: 'oneway, 64 in flight', sync: false, inFlight: 64 },
];

interface Case {
  kind: Kind;
  shape: Shape;
  serializeType: SerializeType;
  serializeName: string;
}

/** Runs one case for about `ms`; returns how many operations completed in how long. */
type Measure = (c: Case, frameBytes: number, ms: number) => Promise<{ ops: number; seconds: number }>;

interface ServerChild {
  ports: number[];
  /** CPU time (user + system) the server process has used so far. */
  cpuUs(): Promise<number>;
}

interface Round {
  perSecond: number;
  /** Client and server CPU per operation, µs. */
  cpuUsPerOp: number;
}

export async function run(args: string[]): Promise<void> {
  const serveAt = args.indexOf('--serve');
  if (serveAt >= 0) return serve(args[serveAt + 1]);
  const body = Buffer.alloc(bodyBytes, 0x61);
  const cases = selectedCases(args);
  if (args.includes('--codec')) return codecOnly(cases, body);
  const roundMs = Number(option(args, '--seconds') ?? 1) * 1000;
  const rounds = Number(option(args, '--rounds') ?? 3);
  const frameBytesOf = (c: Case): number => encodeCommand(requestOf(c, body)).length;

  console.log(
    `remoting on loopback: ${bodyBytes} B body, server in a child process, ` +
      `median of ${rounds} alternating rounds of ${roundMs / 1000} s; cpu = client + server CPU µs per operation`,
  );
  await withChild('ours', async (oursServer) =>
    withChild('bare', async (bareServer) => {
      const ours = await oursMeasure(oursServer.ports[0]!, body);
      const bare = bareMeasure(bareServer.ports[0]!, bareServer.ports[1]!);
      try {
        for (const c of cases.filter((each) => each.kind.inFlight > 1).slice(0, 2)) {
          await ours.measure(c, frameBytesOf(c), warmupMs);
          await bare(c, frameBytesOf(c), warmupMs);
        }
        console.log(
          `${'case'.padEnd(48)}${'ours/s'.padStart(10)}${'bare/s'.padStart(10)}${'ratio'.padStart(7)}` +
            `${'ours cpu'.padStart(10)}${'bare cpu'.padStart(10)}`,
        );
        const targets: string[] = [];
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
          const label = `${c.kind.label}, ${c.serializeName} ${c.shape.name} (${frameBytes} B)`;
          console.log(
            `${label.padEnd(48)}${fmt(a).padStart(10)}${fmt(b).padStart(10)}${(a / b).toFixed(2).padStart(7)}` +
              `${median(oursRounds.map((round) => round.cpuUsPerOp)).toFixed(2).padStart(10)}` +
              `${median(bareRounds.map((round) => round.cpuUsPerOp)).toFixed(2).padStart(10)}`,
          );
          if (c.kind.name === 'sync64') {
            targets.push(`${c.serializeName} ${c.shape.name} ${(a / b * 100).toFixed(0)}% ${a / b >= 0.5 ? 'met' : 'NOT met'}`);
          }
        }
        if (targets.length > 0) console.log(`target: sync, 64 in flight >= 50% of bare: ${targets.join('; ')}`);
      } finally {
        ours.close();
      }
    }),
  );
}

function selectedCases(args: string[]): Case[] {
  const pick = <T extends { name: string }>(all: readonly T[], flag: string): T[] => {
    const wanted = option(args, flag)?.split(',');
    if (wanted === undefined) return [...all];
    for (const name of wanted) {
      if (!all.some((each) => each.name === name)) throw new Error(`${flag}: ${name} is not one of ${all.map((each) => each.name).join(',')}`);
    }
    return all.filter((each) => wanted.includes(each.name));
  };
  const cases: Case[] = [];
  for (const serialization of pick(serializations, '--serialize')) {
    for (const shape of pick(shapes, '--header')) {
      for (const kind of pick(kinds, '--case')) {
        cases.push({ kind, shape, serializeType: serialization.type, serializeName: serialization.name });
      }
    }
  }
  return cases;
}

function requestOf(c: Case, body: Buffer): RemotingCommand {
  const code = c.kind.sync ? c.shape.code : onewayCode;
  return createRequest(code, { serializeType: c.serializeType, extFields: c.shape.request, body });
}

async function timed(measure: Measure, server: ServerChild, c: Case, frameBytes: number, ms: number): Promise<Round> {
  const clientBefore = process.cpuUsage();
  const serverBefore = await server.cpuUs();
  const { ops, seconds } = await measure(c, frameBytes, ms);
  const serverUs = (await server.cpuUs()) - serverBefore;
  const client = process.cpuUsage(clientBefore);
  return { perSecond: ops / seconds, cpuUsPerOp: (client.user + client.system + serverUs) / ops };
}

// ---- the codec alone: what one request and its response cost to encode and decode ----------

/** A socket that takes writes and drops them, for timing the writer's encoding alone. */
class NullSocket {
  writableLength = 0;
  writableNeedDrain = false;
  write(_chunk: Buffer, cb?: (error?: Error | null) => void): boolean {
    if (cb) cb(null);
    return true;
  }
  cork(): void {}
  uncork(): void {}
}

async function codecOnly(cases: Case[], body: Buffer): Promise<void> {
  console.log(`codec in process: ${bodyBytes} B body, ${codecFramesPerBatch} frames per write and per read; µs per frame`);
  console.log(`${'header'.padEnd(20)}${'request enc'.padStart(12)}${'request dec'.padStart(12)}${'response enc'.padStart(13)}${'response dec'.padStart(13)}`);
  const seen = new Set<string>();
  for (const c of cases) {
    const key = `${c.serializeName} ${c.shape.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const request = createRequest(c.shape.code, { serializeType: c.serializeType, extFields: c.shape.request, body });
    const response = createResponse(request, ResponseCode.SUCCESS, { extFields: c.shape.response, body });
    const figures: number[] = [];
    for (const cmd of [request, response]) figures.push(await timeEncode(cmd), await timeDecode(cmd));
    console.log(`${key.padEnd(20)}${figures.map((us, i) => us.toFixed(3).padStart(i < 2 ? 12 : 13)).join('')}`);
  }
}

async function timeEncode(cmd: RemotingCommand): Promise<number> {
  const writer = new FrameWriter(new NullSocket() as unknown as Socket, () => {});
  const batch = async (): Promise<void> => {
    for (let i = 0; i < codecFramesPerBatch; i++) writer.write(cmd);
    await new Promise<void>((resolve) => process.nextTick(resolve));
  };
  return timeBatches(batch);
}

function timeDecode(cmd: RemotingCommand): Promise<number> {
  const stream = Buffer.concat(Array.from({ length: codecFramesPerBatch }, () => encodeCommand(cmd)));
  const decoder = new FrameDecoder();
  return timeBatches(() => {
    decoder.push(stream);
    while (decoder.next() !== undefined);
  });
}

/** µs per frame of `batch`, after a warm-up as long as the measurement. */
async function timeBatches(batch: () => void | Promise<void>): Promise<number> {
  let perFrameUs = 0;
  for (const _pass of ['warm-up', 'measured']) {
    let batches = 0;
    const started = performance.now();
    while (performance.now() - started < codecMs) {
      for (let i = 0; i < 16; i++) await batch();
      batches += 16;
    }
    perFrameUs = ((performance.now() - started) * 1000) / (batches * codecFramesPerBatch);
  }
  return perFrameUs;
}

// ---- our client against our server -------------------------------------------------------

async function oursMeasure(port: number, body: Buffer): Promise<{ measure: Measure; close(): void }> {
  const addr = `127.0.0.1:${port}`;
  const client = new RemotingClient();
  const serverCount = async (): Promise<number> =>
    Number((await client.invoke(addr, createRequest(countCode, { serializeType: SerializeType.ROCKETMQ }), timeoutMs)).extFields?.count);
  const measure: Measure = async (c, _frameBytes, ms) => {
    const before = c.kind.sync ? 0 : await serverCount();
    let done = 0;
    // A timer ends the round: the bare client reads the clock once per read, not per frame.
    let running = true;
    const started = performance.now();
    const stop = setTimeout(() => (running = false), ms);
    const worker = async (): Promise<void> => {
      while (running) {
        if (c.kind.sync) await client.invoke(addr, requestOf(c, body), timeoutMs);
        else await client.invokeOneway(addr, requestOf(c, body));
        done++;
      }
    };
    await Promise.all(Array.from({ length: c.kind.inFlight }, worker));
    clearTimeout(stop);
    // A oneway counts once the server has processed it: the count request is answered after them.
    if (!c.kind.sync) done = (await serverCount()) - before;
    return { ops: done, seconds: (performance.now() - started) / 1000 };
  };
  await serverCount();
  return { measure, close: () => client.close() };
}

async function serveOurs(): Promise<number[]> {
  const server = new RemotingServer({ host: '127.0.0.1' });
  let oneways = 0;
  for (const shape of shapes) {
    server.registerProcessor(shape.code, (request) =>
      createResponse(request, ResponseCode.SUCCESS, { extFields: shape.response, body: request.body }),
    );
  }
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
    return (c.kind.sync ? sync : oneway)(frames, frameBytes, c.kind.inFlight, ms);
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
