// Starts a `rmq` subcommand as a real child process for end-to-end tests: waits for its ready
// line, fails fast with the tail of its stderr when it exits first, and stops it on dispose:
//   await using namesrv = await launchRmq(['namesrv', '-p', '0'], { readyLine: namesrvReadyLine });
//   namesrv.address  // "127.0.0.1:40123", the ready line's first capture group
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { RocketMQError } from '../common/errors.js';

/** The compiled CLI next to this compiled file: build-X/src/testing -> build-X/src/cli/main.js. */
export const rmqMainPath = fileURLToPath(new URL('../cli/main.js', import.meta.url));

export const namesrvReadyLine = /NameServer listening on (\S+)/;
/** `rmq broker` and `rmq dev` print it once the broker serves and has registered. */
export const brokerReadyLine = /Broker listening on (\S+)/;

const readyTimeoutMsDefault = 10_000;
const stopTimeoutMsDefault = 10_000;
/** How much of a child's stderr is kept for error messages. */
const stderrTailBytes = 4096;

export interface LaunchOptions {
  /** Matched against each stdout line; its first capture group becomes `address`. */
  readyLine: RegExp;
  readyTimeoutMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ProcessLaunchError extends RocketMQError {
  override readonly name = 'ProcessLaunchError';
}

export class LaunchedProcess implements AsyncDisposable {
  /** The ready line's first capture group, e.g. the address the server listens on. */
  address = '';
  /** Resolves when the process has exited, however it ended. */
  readonly exited: Promise<ProcessExit>;
  private exit: ProcessExit | undefined;
  private stderrTail = '';
  private pendingStdout = '';
  private readonly stdoutLines: string[] = [];
  private readonly lineWaiters = new Set<(line: string) => void>();

  constructor(
    private readonly child: ChildProcess,
    readonly args: readonly string[],
  ) {
    this.exited = new Promise((resolve) => {
      const settle = (code: number | null, signal: NodeJS.Signals | null): void => {
        this.exit ??= { code, signal };
        resolve(this.exit);
      };
      child.once('exit', settle);
      // A child that could not be spawned at all never emits 'exit'.
      child.once('error', () => {
        if (child.pid === undefined) settle(null, null);
      });
    });
    // Both pipes are drained for the whole life of the child, so it never blocks on a full pipe.
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-stderrTailBytes);
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.onStdout(chunk));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Complete stdout lines seen so far. */
  get output(): readonly string[] {
    return this.stdoutLines;
  }

  get stderr(): string {
    return this.stderrTail;
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** Sends a signal (SIGKILL for a crash, SIGTERM for a clean stop) without waiting. */
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (!this.hasExited) this.child.kill(signal);
  }

  /** SIGTERM, then waits for the exit; SIGKILL if it does not come within the timeout. */
  async stop(timeoutMs = stopTimeoutMsDefault): Promise<ProcessExit> {
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  /** Resolves with the first stdout line matching; rejects if the process ends or times out first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const finish = (error: Error | undefined, match?: RegExpExecArray): void => {
        clearTimeout(timer);
        this.lineWaiters.delete(onLine);
        this.child.off('exit', onExit);
        this.child.off('error', onError);
        if (match) resolve(match);
        else reject(error);
      };
      const onLine = (line: string): void => {
        const match = pattern.exec(line);
        if (match) finish(undefined, match);
      };
      // Let the last stderr bytes arrive before quoting them.
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        setImmediate(() => finish(this.failure(`exited (code ${code}, signal ${signal}) before printing ${pattern}`)));
      };
      const onError = (error: Error): void => finish(new ProcessLaunchError(`cannot run rmq ${this.args.join(' ')}`, { cause: error }));
      const timer = setTimeout(() => finish(this.failure(`printed nothing matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
      for (const line of this.stdoutLines) {
        const match = pattern.exec(line);
        if (match) return finish(undefined, match);
      }
      if (this.hasExited) return onExit(this.exit!.code, this.exit!.signal);
      this.lineWaiters.add(onLine);
      this.child.once('exit', onExit);
      this.child.once('error', onError);
    });
  }

  private onStdout(chunk: string): void {
    this.pendingStdout += chunk;
    let newline: number;
    while ((newline = this.pendingStdout.indexOf('\n')) >= 0) {
      const line = this.pendingStdout.slice(0, newline);
      this.pendingStdout = this.pendingStdout.slice(newline + 1);
      this.stdoutLines.push(line);
      for (const waiter of [...this.lineWaiters]) waiter(line);
    }
  }

  private failure(what: string): ProcessLaunchError {
    return new ProcessLaunchError(`rmq ${this.args.join(' ')} ${what}; stderr:\n${this.stderrTail}`);
  }
}

/**
 * The child's environment: ours plus the overrides, without NODE_TEST_CONTEXT, which would make
 * the child think it runs inside node's test runner (and silence its logs).
 */
function childEnv(overrides: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...overrides };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

/** Spawns `node <build>/src/cli/main.js ...args` and waits for its ready line. */
export async function launchRmq(args: readonly string[], options: LaunchOptions): Promise<LaunchedProcess> {
  const child = spawn(process.execPath, [rmqMainPath, ...args], {
    cwd: options.cwd,
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const launched = new LaunchedProcess(child, args);
  try {
    const match = await launched.waitForLine(options.readyLine, options.readyTimeoutMs ?? readyTimeoutMsDefault);
    launched.address = match[1] ?? '';
    return launched;
  } catch (err) {
    await launched.stop();
    throw err;
  }
}

/** Runs a `rmq` command to its end (for commands that exit, e.g. a refused config). */
export async function runRmq(
  args: readonly string[],
  options: Pick<LaunchOptions, 'env' | 'cwd'> & { timeoutMs?: number } = {},
): Promise<ProcessExit & { stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [rmqMainPath, ...args], {
    cwd: options.cwd,
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? readyTimeoutMsDefault);
  try {
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    return { code, signal, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}
