import 'reflect-metadata';
import { runService } from '@newsflow/observability';
import { AppModule } from './app.module.js';
import { loadCleanConfig } from './clean.config.js';

runService('clean', () => {
  const config = loadCleanConfig();
  return {
    logLevel: config.LOG_LEVEL,
    host: config.CLEAN_HOST,
    port: config.CLEAN_PORT,
    module: (logger) => AppModule.create(config, logger),
  };
});
