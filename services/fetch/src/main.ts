import 'reflect-metadata';
import { bootstrapService, createLogger } from '@newsflow/observability';
import { AppModule } from './app.module.js';
import { loadFetchConfig } from './fetch.config.js';

async function main(): Promise<void> {
  const config = loadFetchConfig();
  const logger = createLogger('fetch', config.LOG_LEVEL);
  await bootstrapService({
    module: AppModule.create(config, logger),
    logger,
    host: config.FETCH_HOST,
    port: config.FETCH_PORT,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`fetch: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
