import 'reflect-metadata';
import { runStageService } from '@newsflow/messaging';
import { AppModule } from './app.module.js';
import { loadClassifyConfig } from './classify.config.js';

runStageService('classify', () => {
  const config = loadClassifyConfig();
  return {
    logLevel: config.LOG_LEVEL,
    host: config.CLASSIFY_HOST,
    port: config.CLASSIFY_PORT,
    brokers: config.KAFKA_BROKERS,
    prefix: config.NEWSFLOW_PREFIX,
    tuning: { maxAttempts: config.CLASSIFY_MAX_ATTEMPTS },
    module: (ctx) => AppModule.create(config, ctx),
  };
});
