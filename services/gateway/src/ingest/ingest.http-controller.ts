import { Controller, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { traceIdOf } from '../http/request-context.middleware.js';
import { IngestHandler, type IngestAccepted } from './ingest.handler.js';

@Controller('v1/ingest')
export class IngestHttpController {
  constructor(@Inject(IngestHandler) private readonly handler: IngestHandler) {}

  /** The body arrives as raw bytes: the raw parser mounted on this path in app setup accepts any content type. */
  @Post()
  @HttpCode(202)
  ingest(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query() query: Record<string, unknown>,
  ): Promise<IngestAccepted> {
    const body: unknown = req.body;
    return this.handler.ingest({
      body: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
      contentType: req.headers['content-type'],
      query,
      traceId: traceIdOf(res),
    });
  }
}
