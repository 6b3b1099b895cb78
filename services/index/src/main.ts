import 'reflect-metadata';
import { runStageService } from '@newsflow/messaging';
import { AppModule } from './app.module.js';
import { loadIndexConfig } from './index.config.js';

runStageService('index', () => {
  const config = loadIndexConfig();
  return {
    logLevel: config.LOG_LEVEL,
    host: config.INDEX_HOST,
    port: config.INDEX_PORT,
    brokers: config.KAFKA_BROKERS,
    prefix: config.NEWSFLOW_PREFIX,
    // one chunk is one bulk request, or several when it exceeds INDEX_BULK_MAX_BYTES
    tuning: {
      chunkSize: config.INDEX_BULK_SIZE,
      partitionsConsumedConcurrently: config.INDEX_PARTITIONS_CONCURRENTLY,
    },
    module: (ctx) => AppModule.create(config, ctx),
  };
});
