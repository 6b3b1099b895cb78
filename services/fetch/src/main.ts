import 'reflect-metadata';
import { STAGES } from '@newsflow/contracts';
import { createKafka, runStageService } from '@newsflow/messaging';
import { AppModule } from './app.module.js';
import { loadFetchConfig } from './fetch.config.js';

runStageService('fetch', () => {
  const config = loadFetchConfig();
  return {
    logLevel: config.LOG_LEVEL,
    host: config.FETCH_HOST,
    port: config.FETCH_PORT,
    transport: (logger) => ({
      stage: 'fetch',
      kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'newsflow-fetch' }, logger),
      prefix: config.NEWSFLOW_PREFIX,
      inputTopic: STAGES.fetch.input,
      groupId: config.groupId,
      maxAttempts: config.FETCH_MAX_ATTEMPTS,
    }),
    module: (ctx) => AppModule.create(config, ctx),
  };
});
