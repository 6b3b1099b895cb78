import { Client } from '@opensearch-project/opensearch';
import { ensureArticlesIndex } from '@newsflow/search';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import { createGatewayApp, createGatewayDeps } from '../../services/gateway/src/app.js';
import type { GatewayDeps } from '../../services/gateway/src/app.module.js';
import { loadGatewayConfig, type GatewayConfig } from '../../services/gateway/src/gateway.config.js';
import { stackEndpoints } from './stack-env.js';

/** A gateway listening on a free port of 127.0.0.1 (the gateway's integration tests). */
export interface RunningGateway {
  app: NestExpressApplication;
  deps: GatewayDeps;
  base: string;
  port: number;
}

/** Builds the gateway from `config` (silent logs) and listens on a port the OS picks. */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const deps = createGatewayDeps(config, pino({ level: 'silent' }));
  const app = await createGatewayApp(deps);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { app, deps, base: `http://127.0.0.1:${address.port}`, port: address.port };
}

/** The gateway's configuration under `prefix` on the test stack (silent logs), with `extra` variables on top. */
export function gatewayTestConfig(prefix: string, extra: Record<string, string> = {}): GatewayConfig {
  const stack = stackEndpoints();
  return loadGatewayConfig({
    NEWSFLOW_PREFIX: prefix,
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    OPENSEARCH_URL: stack.opensearchUrl,
    REDIS_URL: stack.redisUrl,
    LOG_LEVEL: 'silent',
    ...extra,
  });
}

/**
 * A client of the test stack's OpenSearch, with the articles index of `config` created behind its alias (the
 * services' own mapping). The caller closes it (see {@link removeGatewayIndices}).
 */
export async function openArticlesIndex(config: GatewayConfig): Promise<Client> {
  const os = new Client({ node: stackEndpoints().opensearchUrl });
  await ensureArticlesIndex(os, config.articlesAlias);
  return os;
}

/** Indexes `docs`, each under its own `id`, into `index` and refreshes it, so the next search sees them. */
export async function indexDocuments(
  os: Client,
  index: string,
  docs: ReadonlyArray<{ readonly id: string }>,
): Promise<void> {
  await os.bulk({ refresh: true, body: docs.flatMap((d) => [{ index: { _index: index, _id: d.id } }, d]) });
}

/**
 * Removes what a gateway test left in OpenSearch: `indices` in order (a missing one is fine), then the articles'
 * index template of `config`; closes `os`.
 */
export async function removeGatewayIndices(
  os: Client,
  config: GatewayConfig,
  indices: string[],
): Promise<void> {
  for (const index of indices) await os.indices.delete({ index }).catch(() => undefined);
  await os.indices.deleteIndexTemplate({ name: `${config.articlesAlias}-template` }).catch(() => undefined);
  await os.close();
}
