import 'reflect-metadata';
import { runService } from '@newsflow/observability';
import { AppModule } from './app.module.js';
import { loadClassifyConfig } from './classify.config.js';

runService('classify', () => {
  const config = loadClassifyConfig();
  return {
    logLevel: config.LOG_LEVEL,
    host: config.CLASSIFY_HOST,
    port: config.CLASSIFY_PORT,
    module: (logger) => AppModule.create(config, logger),
  };
});
