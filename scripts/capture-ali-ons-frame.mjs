#!/usr/bin/env node
// Captures request frames a real ali-ons Producer sends, as test fixtures (hex, one frame each):
//   test/fixtures/remoting/ali-ons-get-route-request.hex   GET_ROUTEINFO_BY_TOPIC (105), its first frame
//   test/fixtures/remoting/ali-ons-send-v2-request.hex     SEND_MESSAGE_V2 (310), numeric extFields
//   node scripts/capture-ali-ons-frame.mjs [outDir]
// One loopback TCP listener plays both the NameServer and the broker: it answers 105 with a
// route (written by hand here, not by our codecs) naming itself as the master of broker-a, then
// records the send. ali-ons' `httpclient` option is asserted but only used for the Aliyun HTTP
// lookup, which `nameSrv` skips, so a stub is given.
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Producer, Message } = require('ali-ons');

const outDir = process.argv[2] ?? 'test/fixtures/remoting';
const captureTimeoutMs = 10000;
const fixtures = { 105: 'ali-ons-get-route-request.hex', 310: 'ali-ons-send-v2-request.hex' };
const saved = new Set();

function save(code, frame) {
  if (saved.has(code)) return;
  saved.add(code);
  const path = join(outDir, fixtures[code]);
  writeFileSync(path, frame.toString('hex').replace(/(.{64})/g, '$1\n').trim() + '\n');
  console.log(`captured ${frame.length} bytes into ${path}`);
  console.log(frame.subarray(8, 8 + frame.readInt32BE(4)).toString('utf8'));
  if (saved.size === Object.keys(fixtures).length) process.exit(0);
}

function responseFrame(opaque, body) {
  const header = Buffer.from(JSON.stringify({ code: 0, flag: 1, language: 'JAVA', opaque, version: 409 }));
  const prefix = Buffer.alloc(8);
  prefix.writeInt32BE(4 + header.length + body.length, 0);
  prefix.writeInt32BE(header.length, 4);
  return Buffer.concat([prefix, header, body]);
}

const server = createServer((socket) => {
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
      const frame = buffered.subarray(0, 4 + buffered.readInt32BE(0));
      buffered = buffered.subarray(frame.length);
      const header = JSON.parse(frame.subarray(8, 8 + frame.readInt32BE(4)).toString('utf8'));
      if (header.code in fixtures) save(header.code, frame);
      if (header.code === 105) {
        const { port } = server.address();
        const route = `{"brokerDatas":[{"brokerAddrs":{0:"127.0.0.1:${port}"},"brokerName":"broker-a","cluster":"C"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":1,"topicSysFlag":0,"writeQueueNums":1}]}`;
        socket.write(responseFrame(header.opaque, Buffer.from(route)));
      }
    }
  });
});

server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  setTimeout(() => {
    console.error(`ali-ons did not send every frame in time (got ${[...saved].join(', ') || 'none'})`);
    process.exit(1);
  }, captureTimeoutMs).unref();
  const producer = new Producer({
    nameSrv: `127.0.0.1:${port}`,
    httpclient: { request: () => Promise.reject(new Error('no HTTP lookup with nameSrv')) },
    producerGroup: 'CaptureGroup',
  });
  producer.on('error', () => {});
  await producer.ready();
  producer.send(new Message('TopicTest', 'TagA', 'hello')).catch(() => {});
});
