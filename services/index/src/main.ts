import 'reflect-metadata';
import { STAGES } from '@newsflow/contracts';
import { createKafka, runStageService } from '@newsflow/messaging';
import { AppModule } from './app.module.js';
import { loadIndexConfig } from './index.config.js';

runStageService('index', () => {
  const config = loadIndexConfig();
  return {
    logLevel: config.LOG_LEVEL,
    host: config.INDEX_HOST,
    port: config.INDEX_PORT,
    transport: (logger) => ({
      stage: 'index',
      kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'newsflow-index' }, logger),
      prefix: config.NEWSFLOW_PREFIX,
      inputTopic: STAGES.index.input,
      groupId: config.groupId,
      // one chunk is one bulk request
      chunkSize: config.INDEX_BULK_SIZE,
    }),
    module: (ctx) => AppModule.create(config, ctx),
  };
});
