export const CLASSIFY_CONFIG = Symbol('CLASSIFY_CONFIG');
export const LOGGER = Symbol('LOGGER');
