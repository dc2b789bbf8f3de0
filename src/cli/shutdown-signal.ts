// Long-running commands stop cleanly on SIGINT (Ctrl-C) or SIGTERM; a second signal while the
// clean stop is under way exits at once.
const shutdownSignals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
const forcedExitCode = 130;

export function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      for (const s of shutdownSignals) process.off(s, onSignal);
      for (const s of shutdownSignals) process.once(s, () => process.exit(forcedExitCode));
      resolve(signal);
    };
    for (const s of shutdownSignals) process.on(s, onSignal);
  });
}
