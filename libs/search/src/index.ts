export * from './index-template.js';
export * from './article-document.js';
export * from './search-query.js';
export * from './opensearch-admin.js';
export * from './query-syntax.js';
export * from './suggest-query.js';
export * from './subscription-query.js';
