import 'reflect-metadata';
import { runStageService } from '@newsflow/messaging';
import { AppModule } from './app.module.js';
import { loadCleanConfig } from './clean.config.js';

runStageService('clean', () => {
  const config = loadCleanConfig();
  return {
    logLevel: config.LOG_LEVEL,
    host: config.CLEAN_HOST,
    port: config.CLEAN_PORT,
    brokers: config.KAFKA_BROKERS,
    prefix: config.NEWSFLOW_PREFIX,
    tuning: {
      maxAttempts: config.CLEAN_MAX_ATTEMPTS,
      // clean waits on Redis per message: several of a chunk at once (outputs stay in offset order)
      messageConcurrency: config.CLEAN_CONCURRENCY,
    },
    module: (ctx) => AppModule.create(config, ctx),
  };
});
