import 'reflect-metadata';
import { STAGES } from '@newsflow/contracts';
import { createKafka, runStageService } from '@newsflow/messaging';
import { AppModule } from './app.module.js';
import { loadClassifyConfig } from './classify.config.js';

runStageService('classify', () => {
  const config = loadClassifyConfig();
  return {
    logLevel: config.LOG_LEVEL,
    host: config.CLASSIFY_HOST,
    port: config.CLASSIFY_PORT,
    transport: (logger) => ({
      stage: 'classify',
      kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'newsflow-classify' }, logger),
      prefix: config.NEWSFLOW_PREFIX,
      inputTopic: STAGES.classify.input,
      groupId: config.groupId,
      maxAttempts: config.CLASSIFY_MAX_ATTEMPTS,
    }),
    module: (ctx) => AppModule.create(config, ctx),
  };
});
