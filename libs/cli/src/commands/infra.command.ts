import type { Command } from 'commander';

export function registerInfraCommands(_program: Command): void {
  // filled in by the infra work
}
