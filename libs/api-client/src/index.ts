export * from './client.js';
export * from './generated.js';
