import type { Command } from 'commander';

export function registerEnrichCommands(_program: Command): void {
  // filled in by the enrich work
}
