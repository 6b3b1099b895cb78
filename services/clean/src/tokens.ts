export const CLEAN_CONFIG = Symbol('CLEAN_CONFIG');
export const LOGGER = Symbol('LOGGER');
