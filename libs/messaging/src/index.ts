export * from './errors.js';
export * from './kafka.js';
export * from './headers.js';
export * from './producer.js';
export * from './dead-letter.js';
export * from './stage-runner.js';
export * from './config.js';
