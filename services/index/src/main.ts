import 'reflect-metadata';
import { bootstrapService, createLogger } from '@newsflow/observability';
import { AppModule } from './app.module.js';
import { loadIndexConfig } from './index.config.js';

async function main(): Promise<void> {
  const config = loadIndexConfig();
  const logger = createLogger('index', config.LOG_LEVEL);
  await bootstrapService({
    module: AppModule.create(config, logger),
    logger,
    host: config.INDEX_HOST,
    port: config.INDEX_PORT,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`index: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
