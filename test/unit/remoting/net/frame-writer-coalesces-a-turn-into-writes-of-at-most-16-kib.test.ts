// The writer's contract with the socket: frames queued in one turn leave in one write at its
// end, or earlier in writes of about writeBatchBytesMax once that much is queued; a frame whose
// body is too big to copy leaves at once as one corked writev. The bytes are always those of
// encoding each frame alone, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { createRequest } from '../../../../src/remoting/protocol/command.js';
import { encodeCommand } from '../../../../src/remoting/protocol/frame-codec.js';
import { FrameWriter, bodyCopyMaxBytes, writeBatchBytesMax } from '../../../../src/remoting/net/frame-writer.js';

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

const frames = (count: number): ReturnType<typeof createRequest>[] =>
  Array.from({ length: count }, (_, i) => createRequest(10, { extFields: { i: String(i) }, body: Buffer.alloc(1024, i) }));

test('frames written in one turn, fewer than writeBatchBytesMax bytes, leave in one socket write at its end', async () => {
  const socket = new RecordingSocket();
  let flushes = 0;
  const writer = new FrameWriter(socket as unknown as Socket, () => flushes++);
  const commands = frames(8);
  for (const cmd of commands) writer.write(cmd);
  assert.equal(socket.writes.length, 0, 'nothing written before the turn ends');
  await nextTurn();
  assert.equal(socket.writes.length, 1);
  assert.equal(flushes, 1);
  assert.deepEqual(socket.writes[0], Buffer.concat(commands.map(encodeCommand)));
});

test('a turn of many frames leaves in writes of writeBatchBytesMax without waiting for the turn to end', async () => {
  const socket = new RecordingSocket();
  let flushes = 0;
  const writer = new FrameWriter(socket as unknown as Socket, () => flushes++);
  const commands = frames(64);
  const frameBytes = encodeCommand(commands[0]!).length;
  for (const cmd of commands) writer.write(cmd);
  const framesPerWrite = Math.ceil(writeBatchBytesMax / frameBytes);
  assert.equal(socket.writes.length, Math.floor(64 / framesPerWrite), 'full writes leave during the turn');
  for (const chunk of socket.writes) {
    assert.ok(chunk.length >= writeBatchBytesMax && chunk.length < writeBatchBytesMax + frameBytes, `a write of ${chunk.length} bytes`);
  }
  await nextTurn();
  assert.equal(socket.writes.length, Math.ceil(64 / framesPerWrite), 'the rest leaves at the end of the turn');
  assert.equal(flushes, socket.writes.length);
  assert.deepEqual(Buffer.concat(socket.writes), Buffer.concat(commands.map(encodeCommand)));
});

test('a frame with a body over bodyCopyMaxBytes leaves at once as a corked pair, the body not copied', () => {
  const socket = new RecordingSocket();
  const writer = new FrameWriter(socket as unknown as Socket, () => {});
  const body = Buffer.alloc(bodyCopyMaxBytes + 1, 1);
  const commands = [createRequest(10, { body }), createRequest(11, { body })];
  for (const cmd of commands) writer.write(cmd);
  assert.equal(socket.corked, 2);
  assert.equal(socket.uncorks, 2);
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
