// A client or server given a logger gets the remoting layer's lines too (bad frames, failed
// handlers, closes), tagged component "remoting", instead of them going to the process logger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { pino } from 'pino';
import { createProducer } from '../../../src/index.js';
import { NameServer } from '../../../src/namesrv/namesrv.js';
import { headerBeyondFrame } from './hostile-frames.js';
import { RawPeer } from './raw-peer.js';

interface LogLine {
  msg: string;
  component?: string;
  reason?: string;
  remoteAddress?: string;
}

function capturingLogger(): { logger: pino.Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

test("a producer's connections log a peer's bad frame to the producer's logger", async () => {
  const sockets = new Set<Socket>();
  const fakeNameServer = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('data', () => socket.write(headerBeyondFrame()));
  });
  fakeNameServer.listen(0, '127.0.0.1');
  await once(fakeNameServer, 'listening');
  const addr = `127.0.0.1:${(fakeNameServer.address() as AddressInfo).port}`;
  const { logger, lines } = capturingLogger();
  const producer = createProducer({ nameServer: addr, clientIp: '127.0.0.1', logger, group: 'logger_test_producer' });
  try {
    await producer.start();
    await assert.rejects(producer.send({ topic: 'LoggerTestTopic', body: Buffer.from('x') }));
    const badFrame = lines.find((l) => l.msg === 'closing connection: bad frame');
    assert.ok(badFrame, `lines: ${JSON.stringify(lines)}`);
    assert.equal(badFrame.component, 'remoting');
    assert.equal(badFrame.reason, 'badHeaderLength');
    assert.equal(badFrame.remoteAddress, addr);
  } finally {
    await producer.shutdown();
    for (const socket of sockets) socket.destroy();
    fakeNameServer.close();
  }
});

test("a NameServer's connections log a client's bad frame to the NameServer's logger", async () => {
  const { logger, lines } = capturingLogger();
  const namesrv = new NameServer({ config: { listenPort: 0, bindAddress: '127.0.0.1' }, logger });
  await namesrv.start();
  try {
    const port = Number(namesrv.address.split(':')[1]);
    const peer = await RawPeer.connect(port);
    peer.sendBytes(headerBeyondFrame());
    await peer.closed;
    const badFrame = lines.find((l) => l.msg === 'closing connection: bad frame');
    assert.ok(badFrame, `lines: ${JSON.stringify(lines)}`);
    assert.equal(badFrame.component, 'remoting');
    assert.equal(badFrame.reason, 'badHeaderLength');
  } finally {
    await namesrv.stop();
  }
});
