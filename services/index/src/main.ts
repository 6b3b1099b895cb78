import 'reflect-metadata';
import { runService } from '@newsflow/observability';
import { AppModule } from './app.module.js';
import { loadIndexConfig } from './index.config.js';

runService('index', () => {
  const config = loadIndexConfig();
  return {
    logLevel: config.LOG_LEVEL,
    host: config.INDEX_HOST,
    port: config.INDEX_PORT,
    module: (logger) => AppModule.create(config, logger),
  };
});
