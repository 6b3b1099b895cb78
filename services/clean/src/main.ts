import 'reflect-metadata';
import { bootstrapService, createLogger } from '@newsflow/observability';
import { AppModule } from './app.module.js';
import { loadCleanConfig } from './clean.config.js';

async function main(): Promise<void> {
  const config = loadCleanConfig();
  const logger = createLogger('clean', config.LOG_LEVEL);
  await bootstrapService({
    module: AppModule.create(config, logger),
    logger,
    host: config.CLEAN_HOST,
    port: config.CLEAN_PORT,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`clean: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
