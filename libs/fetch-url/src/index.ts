/**
 * Downloading the URLs a dump names, for the fetch stage:
 * - {@link HttpFetcher}: one GET with a whole-fetch timeout (redirects included), a size cap after Content-Encoding is
 *   undone, a redirect limit, and typed failures (`invalid_url`, `forbidden_scheme`, `forbidden_address`, `timeout`,
 *   `too_large`, `too_many_redirects`, `http_error`, `network_error`) that say whether a retry may help;
 * - {@link AddressGuard}: the SSRF guard every hop passes (all resolved addresses public; the socket is pinned to the
 *   checked address, so DNS rebinding cannot swap it);
 * - {@link FetchQueueAdapter}: the BullMQ queue and worker (per-host limit across workers via a Redis semaphore,
 *   global rate limit, backoff retries of retryable failures only) that hands each URL's one final
 *   {@link FetchOutcome} to a handler. Publishing outcomes is the stage's job (services/fetch, through the stage
 *   transport), not this library's.
 */
export * from './address-guard.js';
export * from './http-fetcher.js';
export * from './fetch-queue.js';
export { RedisHostSemaphore } from './host-semaphore.js';
