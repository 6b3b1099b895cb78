import 'reflect-metadata';
import { runService } from '@newsflow/observability';
import { AppModule } from './app.module.js';
import { loadFetchConfig } from './fetch.config.js';

runService('fetch', () => {
  const config = loadFetchConfig();
  return {
    logLevel: config.LOG_LEVEL,
    host: config.FETCH_HOST,
    port: config.FETCH_PORT,
    module: (logger) => AppModule.create(config, logger),
  };
});
