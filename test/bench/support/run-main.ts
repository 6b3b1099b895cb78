/**
 * Runs a benchmark's `main` and exits as soon as it is done: kafkajs and undici keep sockets open for a while after
 * the work, so waiting for the event loop to empty would hold the command for no reason. Standard output is flushed
 * first (a `--json` report must arrive whole); an error prints its stack and exits 1.
 */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.stdout.write('', () => process.exit(process.exitCode ?? 0)),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
