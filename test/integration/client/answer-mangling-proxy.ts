// A TCP proxy in front of a NameServer or a broker for the client's hostile-answer tests. What
// the client sends passes through as it is; every frame the server sends back (its responses
// and its own requests to the client) goes through `mangle` first, so a test can corrupt codes,
// header fields and bodies while both ends are real. `rewrite` replaces a text in every body
// on the way back: a NameServer's routes then name a broker proxy instead of the broker.
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { parseAddress } from '../../../src/remoting/net/address.js';
import type { RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { encodeCommand } from '../../../src/remoting/protocol/frame-codec.js';
import { FrameDecoder } from '../../../src/remoting/protocol/frame-decoder.js';

export type Mangle = (cmd: RemotingCommand) => RemotingCommand;

export interface BodyRewrite {
  from: string;
  to: string;
}

export class AnswerManglingProxy implements AsyncDisposable {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  /** "127.0.0.1:port", once started. */
  address = '';

  private constructor(target: string, mangle: Mangle, rewrite: BodyRewrite | undefined) {
    const { host, port } = parseAddress(target);
    this.server = createServer((client) => {
      const upstream = connect({ host, port });
      this.track(client, upstream);
      client.pipe(upstream);
      const decoder = new FrameDecoder();
      upstream.on('data', (chunk: Buffer) => {
        try {
          decoder.push(chunk);
          for (let cmd = decoder.next(); cmd !== undefined; cmd = decoder.next()) {
            if (rewrite !== undefined && cmd.body !== undefined) cmd.body = rewritten(cmd.body, rewrite);
            client.write(encodeCommand(mangle(cmd)));
          }
        } catch {
          client.destroy();
          upstream.destroy();
        }
      });
    });
  }

  static async start(target: string, mangle: Mangle, rewrite?: BodyRewrite): Promise<AnswerManglingProxy> {
    const proxy = new AnswerManglingProxy(target, mangle, rewrite);
    proxy.server.listen(0, '127.0.0.1');
    await once(proxy.server, 'listening');
    proxy.address = `127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    return proxy;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private track(client: Socket, upstream: Socket): void {
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', end);
      socket.on('close', () => {
        this.sockets.delete(socket);
        end();
      });
    }
  }
}

function rewritten(body: Buffer, { from, to }: BodyRewrite): Buffer {
  const text = body.toString('latin1');
  return text.includes(from) ? Buffer.from(text.split(from).join(to), 'latin1') : body;
}
