export * from './logger.js';
export * from './nest-logger.js';
export * from './metrics.js';
export * from './health.js';
export * from './nest/observability.module.js';
export * from './nest/bootstrap.js';
export * from './nest/stage-module.js';
export * from './stage-health.js';
