import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

// A closed pipe (`newsflow search x | head`) ends any command quietly instead of with an EPIPE stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = new Command();
program
  .name('newsflow')
  .description('newsflow: ingest news dumps through Kafka, clean and enrich them, search them in OpenSearch')
  .showHelpAfterError();
registerCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`newsflow: ${message}\n`);
  process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 1;
});
