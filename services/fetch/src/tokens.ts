export const FETCH_CONFIG = Symbol('FETCH_CONFIG');
export const LOGGER = Symbol('LOGGER');
