// Every `rmq` subcommand, one file each; a new command adds one line here.
import type { Command } from 'commander';
import { registerBenchCommand } from './bench.js';
import { registerBrokerCommand } from './broker.js';
import { registerDevCommand } from './dev.js';
import { registerNamesrvCommand } from './namesrv.js';

export const commands: ReadonlyArray<(program: Command) => void> = [registerNamesrvCommand, registerBrokerCommand, registerDevCommand, registerBenchCommand];
