import 'reflect-metadata';
import { runStageService } from '@newsflow/messaging';
import { AppModule } from './app.module.js';
import { loadFetchConfig } from './fetch.config.js';

runStageService('fetch', () => {
  const config = loadFetchConfig();
  return {
    logLevel: config.LOG_LEVEL,
    host: config.FETCH_HOST,
    port: config.FETCH_PORT,
    brokers: config.KAFKA_BROKERS,
    prefix: config.NEWSFLOW_PREFIX,
    tuning: { maxAttempts: config.FETCH_MAX_ATTEMPTS },
    module: (ctx) => AppModule.create(config, ctx),
  };
});
