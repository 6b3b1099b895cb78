import type { Command } from 'commander';
import { registerInfraCommands } from './infra.command.js';
import { registerExtractCommands } from './extract.command.js';
import { registerEnrichCommands } from './enrich.command.js';
import { registerPipelineCommands } from './pipeline.command.js';
import { registerReindexCommands } from './reindex.command.js';
import { registerStatusCommands } from './status.command.js';
import { registerDlqCommands } from './dlq.command.js';

/** Each command group lives in its own file and registers itself on the root program. */
export function registerCommands(program: Command): void {
  registerInfraCommands(program);
  registerExtractCommands(program);
  registerEnrichCommands(program);
  registerPipelineCommands(program);
  registerReindexCommands(program);
  registerStatusCommands(program);
  registerDlqCommands(program);
}
