import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ReindexHandler, type DroppedVersions, type ReindexStatus } from './reindex.handler.js';

/**
 * Operator routes (the reindex state is shared by every gateway instance, see ReindexHandler) under /v1/admin: they need a key with the `admin` scope (auth middleware, see routeScope);
 * a read or ingest key gets a 403 problem naming the missing scope.
 */
@Controller('v1/admin')
export class AdminHttpController {
  constructor(@Inject(ReindexHandler) private readonly reindexer: ReindexHandler) {}

  @Post('reindex')
  @HttpCode(202)
  reindex(): Promise<ReindexStatus> {
    return this.reindexer.start();
  }

  @Get('reindex')
  reindexStatus(): Promise<ReindexStatus> {
    return this.reindexer.current();
  }

  @Post('reindex/drop-old')
  @HttpCode(200)
  dropOld(): Promise<DroppedVersions> {
    return this.reindexer.dropOld();
  }
}
