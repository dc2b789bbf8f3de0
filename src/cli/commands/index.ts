// Every `rmq` subcommand, one file each; a new command adds one line here.
import type { Command } from 'commander';
import { registerNamesrvCommand } from './namesrv.js';

export const commands: ReadonlyArray<(program: Command) => void> = [registerNamesrvCommand];
