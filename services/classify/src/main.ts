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
    tuning: {
      maxAttempts: config.CLASSIFY_MAX_ATTEMPTS,
      // Articles of ~5 KB (at most ~600 KB): a fetch of 2 MiB, 512 KiB per partition, still holds hundreds of them and
      // keeps fewer decoded in memory than the 8 MiB default (STAGE_FETCH_MAX_BYTES* override; BENCHMARKS session 9).
      fetchMaxBytes: 2 * 1024 * 1024,
      fetchMaxBytesPerPartition: 512 * 1024,
    },
    module: (ctx) => AppModule.create(config, ctx),
  };
});
