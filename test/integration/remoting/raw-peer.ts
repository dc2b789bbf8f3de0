// A bare TCP peer for tests: writes any bytes (including hostile frames) and reads the frames
// the server sends back, one awaitable at a time. It is not our client, so what it sees is
// exactly what went over the wire.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import type { RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { encodeCommand } from '../../../src/remoting/protocol/frame-codec.js';
import { FrameDecoder } from '../../../src/remoting/protocol/frame-decoder.js';

export class RawPeer {
  private readonly decoder = new FrameDecoder();
  private readonly received: RemotingCommand[] = [];
  private waiter: (() => void) | undefined;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.decoder.push(chunk);
      for (let cmd = this.decoder.next(); cmd !== undefined; cmd = this.decoder.next()) this.received.push(cmd);
      this.wake();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    void this.closed.then(() => this.wake());
  }

  static async connect(port: number): Promise<RawPeer> {
    const socket = connect({ host: '127.0.0.1', port });
    await once(socket, 'connect');
    return new RawPeer(socket);
  }

  send(...commands: RemotingCommand[]): void {
    this.socket.write(Buffer.concat(commands.map(encodeCommand)));
  }

  sendBytes(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next frame from the server; rejects if the connection closes first. */
  async nextFrame(): Promise<RemotingCommand> {
    for (;;) {
      const cmd = this.received.shift();
      if (cmd !== undefined) return cmd;
      if (this.socket.destroyed) throw new Error('connection closed before a frame arrived');
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  /** Frames received and not yet taken by nextFrame. */
  get unread(): number {
    return this.received.length;
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
