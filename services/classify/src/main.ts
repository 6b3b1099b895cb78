import 'reflect-metadata';
import { bootstrapService, createLogger } from '@newsflow/observability';
import { AppModule } from './app.module.js';
import { loadClassifyConfig } from './classify.config.js';

async function main(): Promise<void> {
  const config = loadClassifyConfig();
  const logger = createLogger('classify', config.LOG_LEVEL);
  await bootstrapService({
    module: AppModule.create(config, logger),
    logger,
    host: config.CLASSIFY_HOST,
    port: config.CLASSIFY_PORT,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`classify: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
