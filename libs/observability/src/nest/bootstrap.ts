import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { createLogger } from '../logger.js';
import { PinoNestLogger } from '../nest-logger.js';

export interface BootstrapOptions {
  module: unknown;
  logger: Logger;
  host: string;
  port: number;
  /** Called after listen; e.g. to log the URLs. */
  onListening?: (app: INestApplication) => void | Promise<void>;
}

/**
 * Starts a Nest app with JSON logs and graceful shutdown: SIGTERM/SIGINT run every module's shutdown hook
 * (stage consumers drain and commit, producers and clients disconnect) before the process exits.
 */
export async function bootstrapService(opts: BootstrapOptions): Promise<INestApplication> {
  const app = await NestFactory.create(opts.module as never, {
    logger: new PinoNestLogger(opts.logger),
    bufferLogs: false,
  });
  app.enableShutdownHooks();
  await app.listen(opts.port, opts.host);
  opts.logger.info({ url: `http://${opts.host}:${opts.port}` }, 'listening');
  await opts.onListening?.(app);
  process.on('unhandledRejection', (reason) => opts.logger.error({ err: reason }, 'unhandled rejection'));
  return app;
}

export interface ServiceSetup {
  logLevel: string;
  host: string;
  port: number;
  module: (logger: Logger) => unknown;
}

/**
 * The whole `main` of a service: read its config (a bad environment fails here, with every bad variable named),
 * create the logger, start the app. A start-up failure prints one line and exits 1.
 */
export function runService(service: string, setup: () => ServiceSetup): void {
  const start = async () => {
    const s = setup();
    const logger = createLogger(service, s.logLevel);
    await bootstrapService({ module: s.module(logger), logger, host: s.host, port: s.port });
  };
  start().catch((err: unknown) => {
    process.stderr.write(
      `${service}: failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  });
}
