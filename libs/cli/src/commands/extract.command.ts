import type { Command } from 'commander';

export function registerExtractCommands(_program: Command): void {
  // filled in by the extract work
}
