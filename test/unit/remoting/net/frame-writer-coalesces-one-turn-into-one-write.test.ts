// The writer's contract with the socket: frames queued in one turn leave in one write (or one
// corked writev when bodies are too big to copy), bytes identical to encoding each frame alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { createRequest } from '../../../../src/remoting/protocol/command.js';
import { encodeCommand } from '../../../../src/remoting/protocol/frame-codec.js';
import { FrameWriter, bodyCopyMaxBytes } from '../../../../src/remoting/net/frame-writer.js';

class RecordingSocket {
  readonly writes: Buffer[] = [];
  corked = 0;
  uncorks = 0;
  write(chunk: Buffer, cb?: (error?: Error | null) => void): boolean {
    this.writes.push(chunk);
    if (cb) process.nextTick(cb, null);
    return true;
  }
  cork(): void {
    this.corked++;
  }
  uncork(): void {
    this.uncorks++;
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('frames written in one turn leave in one socket write, in order', async () => {
  const socket = new RecordingSocket();
  let flushes = 0;
  const writer = new FrameWriter(socket as unknown as Socket, () => flushes++);
  const commands = Array.from({ length: 64 }, (_, i) => createRequest(10, { extFields: { i: String(i) }, body: Buffer.alloc(1024, i) }));
  for (const cmd of commands) writer.write(cmd);
  assert.equal(socket.writes.length, 0, 'nothing written before the turn ends');
  await nextTurn();
  assert.equal(socket.writes.length, 1);
  assert.equal(flushes, 1);
  assert.deepEqual(socket.writes[0], Buffer.concat(commands.map(encodeCommand)));
});

test('bodies over bodyCopyMaxBytes go as a corked series without being copied', async () => {
  const socket = new RecordingSocket();
  const writer = new FrameWriter(socket as unknown as Socket, () => {});
  const body = Buffer.alloc(bodyCopyMaxBytes + 1, 1);
  const commands = [createRequest(10, { body }), createRequest(11, { body })];
  for (const cmd of commands) writer.write(cmd);
  await nextTurn();
  assert.equal(socket.corked, 1);
  assert.equal(socket.uncorks, 1);
  assert.ok(socket.writes.includes(body), 'the body buffer itself is handed to the socket');
  assert.deepEqual(Buffer.concat(socket.writes), Buffer.concat(commands.map(encodeCommand)));
});

test('written callbacks fire after the write; discard fails the queued ones', async () => {
  const socket = new RecordingSocket();
  const writer = new FrameWriter(socket as unknown as Socket, () => {});
  const outcomes: string[] = [];
  writer.write(createRequest(10), (error) => outcomes.push(error ? 'failed' : 'written'));
  await nextTurn();
  writer.write(createRequest(10), (error) => outcomes.push(error ? `failed: ${error.message}` : 'written'));
  writer.discard(new Error('closing'));
  await nextTurn();
  assert.deepEqual(outcomes, ['written', 'failed: closing']);
  assert.equal(socket.writes.length, 1, 'discarded frames are not written');
});
