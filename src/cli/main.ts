#!/usr/bin/env node
// The `rmq` command. Each subcommand lives in its own file under commands/ and is listed in
// commands/index.ts. Exit codes: 0 done, 1 failure while running, 2 bad usage or configuration.
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { exitCodeFor, messageFor } from './cli-errors.js';

const program = new Command('rmq')
  .description('rocketmq-ts: Apache RocketMQ in TypeScript')
  .exitOverride()
  .showHelpAfterError();
for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander has printed its message already; help and --version exit with 0.
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`rmq: ${messageFor(err)}\n`);
    process.exitCode = exitCodeFor(err);
  }
}
