/** Injection tokens of the gateway's adapters and configuration (explicit tokens: no reliance on emitted type metadata). */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export const OPENSEARCH = Symbol('OPENSEARCH');
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
export const REDIS = Symbol('REDIS');
export const LOGGER = Symbol('LOGGER');
export const GATEWAY_METRICS = Symbol('GATEWAY_METRICS');
export const BULL_QUEUES = Symbol('BULL_QUEUES');
