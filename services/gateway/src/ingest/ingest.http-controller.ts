import { Controller, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { traceIdOf } from '../http/request-context.middleware.js';
import { ProblemResponses } from '../openapi/problem-responses.js';
import { ref } from '../openapi/openapi.schema.js';
import { IngestHandler, type IngestAccepted } from './ingest.handler.js';

@ApiTags('ingest')
@Controller('v1/ingest')
export class IngestHttpController {
  constructor(@Inject(IngestHandler) private readonly handler: IngestHandler) {}

  /** The body arrives as raw bytes: the raw parser mounted on this path in app setup accepts any content type. */
  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ingest one dump',
    description:
      'The body (any format: HTML, RSS/Atom, JSON, NDJSON, WARC, gzip, ...) is produced as one message on the ingest topic, ' +
      'keyed by its dump id. Answers only after Kafka acknowledged it. With `url` and an empty body, the gateway produces ' +
      'a JSON envelope `{url, source?}` and fetch downloads the URL.',
  })
  @ApiSecurity('api-key')
  @ApiConsumes('application/octet-stream', 'text/html', 'application/json', 'application/xml', 'text/plain')
  @ApiBody({ required: false, schema: { type: 'string', format: 'binary' } })
  @ApiQuery({
    name: 'source',
    required: false,
    type: String,
    description: 'source label carried in the newsflow-source header',
  })
  @ApiQuery({
    name: 'id',
    required: false,
    type: String,
    description: 'dump id (default: derived from the bytes, so re-sending is idempotent)',
  })
  @ApiQuery({ name: 'url', required: false, type: String, description: 'ingest a URL instead of a body' })
  @ApiAcceptedResponse({ description: 'Acknowledged by Kafka', schema: ref('IngestAccepted') })
  @ProblemResponses(400, 401, 403, 413, 429, 503)
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
