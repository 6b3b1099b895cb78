export const INDEX_CONFIG = Symbol('INDEX_CONFIG');
export const LOGGER = Symbol('LOGGER');
