import 'reflect-metadata';
import { createLogger } from '@newsflow/observability';
import { createGatewayApp, createGatewayDeps } from './app.js';
import { loadGatewayConfig, type GatewayConfig } from './gateway.config.js';

async function main(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadGatewayConfig();
  } catch (err) {
    // The logger level itself comes from the config, so a bad environment is reported on stderr directly.
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger('gateway', config.logLevel);
  if (config.apiKeyIsDevDefault) {
    logger.warn(
      'GATEWAY_API_KEY is not set: POST /v1/ingest accepts the local development key "newsflow-local-dev-key"; set a secret key outside the local stack',
    );
  }
  const deps = createGatewayDeps(config, logger);
  const app = await createGatewayApp(deps);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    {
      url: `http://${config.host}:${port}`,
      prefix: config.prefix,
      alias: config.articlesAlias,
      ingestTopic: config.ingestTopic,
    },
    'gateway listening',
  );
  // In the background: the gateway serves search while Kafka is down. The ingest topic is created if missing (the
  // producer never auto-creates topics) and the producer connects so the first ingest is fast.
  deps.kafkaAdmin
    .ensureTopic(config.ingestTopic)
    .then((created) => created && logger.info({ topic: config.ingestTopic }, 'created the ingest topic'))
    .catch((err: unknown) =>
      logger.warn(
        { err: String(err) },
        'could not check the ingest topic; ingest answers 503 until Kafka is reachable',
      ),
    );
  deps.producer
    .connect()
    .catch((err: unknown) =>
      logger.warn({ err: String(err) }, 'Kafka producer not connected yet; ingest answers 503 until it is'),
    );
}

main().catch((err: unknown) => {
  process.stderr.write(
    `gateway failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
