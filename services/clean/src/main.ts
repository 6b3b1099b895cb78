import 'reflect-metadata';
import { STAGES } from '@newsflow/contracts';
import { createKafka, runStageService } from '@newsflow/messaging';
import { AppModule } from './app.module.js';
import { loadCleanConfig } from './clean.config.js';

runStageService('clean', () => {
  const config = loadCleanConfig();
  return {
    logLevel: config.LOG_LEVEL,
    host: config.CLEAN_HOST,
    port: config.CLEAN_PORT,
    transport: (logger) => ({
      stage: 'clean',
      kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'newsflow-clean' }, logger),
      prefix: config.NEWSFLOW_PREFIX,
      inputTopic: STAGES.clean.input,
      groupId: config.groupId,
      maxAttempts: config.CLEAN_MAX_ATTEMPTS,
      // clean waits on Redis per message: handle several of a chunk at once (outputs stay in offset order)
      messageConcurrency: config.CLEAN_CONCURRENCY,
    }),
    module: (ctx) => AppModule.create(config, ctx),
  };
});
