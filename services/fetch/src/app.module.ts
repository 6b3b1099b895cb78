import { Module, type DynamicModule } from '@nestjs/common';
import { stageModule } from '@newsflow/observability';
import type { Logger } from 'pino';
import type { FetchConfig } from './fetch.config.js';
import { ResolveDumpKafkaController } from './resolve-dump/resolve-dump.kafka-controller.js';
import { FETCH_CONFIG, LOGGER } from './tokens.js';

@Module({})
export class AppModule {
  static create(config: FetchConfig, logger: Logger): DynamicModule {
    return stageModule(AppModule, {
      service: 'fetch',
      providers: [
        { provide: FETCH_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        ResolveDumpKafkaController,
      ],
      health: {
        inject: [ResolveDumpKafkaController],
        useFactory: (k: ResolveDumpKafkaController) =>
          k.host.healthSource([
            {
              name: 'redis',
              check: async () => {
                const c = await k.queue.counts();
                return {
                  ok: true,
                  detail: `url queue: ${c.waiting} waiting, ${c.active} active, ${c.delayed} delayed`,
                };
              },
            },
          ]),
      },
    });
  }
}
