import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  INGEST_TOPIC,
  ingestHeaders,
  dumpIdFromBytes,
  formatZodError,
  ingestEnvelopeSchema,
  isValidDumpId,
} from '@newsflow/contracts';
import type { StageMetrics } from '@newsflow/observability';
import type { KafkaIngestProducerAdapter } from '../adapters/kafka-producer.adapter.js';
import { ValidationProblem } from '../problem/problem.exception.js';
import { KAFKA_PRODUCER } from '../tokens.js';
import type { IngestAccepted } from '../openapi/api-schemas.js';

export type { IngestAccepted };

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Query parameters of POST /v1/ingest. */
export const ingestParamsSchema = z
  .object({
    source: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('source label carried in the newsflow-source header'),
    id: z
      .string()
      .refine(isValidDumpId, 'expected a short URL-safe id (letters, digits, . _ : -; at most 128)')
      .optional()
      .describe('dump id (default: derived from the bytes, so re-sending is idempotent)'),
    url: z
      .string()
      .max(4096)
      .refine(isHttpUrl, 'expected an absolute http or https URL')
      .optional()
      .describe('ingest a URL instead of a body'),
  })
  .strict();

export interface IngestRequest {
  body: Buffer;
  contentType?: string | undefined;
  query: Record<string, unknown>;
  traceId: string;
}

/**
 * Turns one HTTP dump into one message on the ingest topic: key = dump id, value = the raw bytes (or, for a
 * URL-only ingest, a JSON envelope `{url, source?}`), metadata in headers. Resolves only after Kafka acknowledged.
 */
@Injectable()
export class IngestHandler {
  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: Pick<KafkaIngestProducerAdapter, 'send'>,
    private readonly metrics?: Pick<StageMetrics, 'messagesOut'>,
    private readonly now: () => number = Date.now,
  ) {}

  async ingest(req: IngestRequest): Promise<IngestAccepted> {
    const parsed = ingestParamsSchema.safeParse(req.query);
    if (!parsed.success) throw ValidationProblem.fromZod(parsed.error);
    const { source, id, url } = parsed.data;

    let value: Buffer;
    let contentType = req.contentType?.trim() || 'application/octet-stream';
    if (url !== undefined) {
      if (req.body.length > 0) throw ValidationProblem.field('url', 'give either a body or a url, not both');
      const envelope = ingestEnvelopeSchema.safeParse({ url, ...(source ? { source } : {}) });
      if (!envelope.success) throw ValidationProblem.field('url', formatZodError(envelope.error));
      value = Buffer.from(JSON.stringify({ url, ...(source ? { source } : {}) }), 'utf8');
      contentType = 'application/json';
    } else {
      if (req.body.length === 0)
        throw ValidationProblem.field('body', 'the body is empty; send a dump or give a url');
      value = req.body;
    }

    const dumpId = id ?? dumpIdFromBytes(value);
    const headers = ingestHeaders({
      traceId: req.traceId,
      dumpId,
      ingestedAt: this.now(),
      contentType,
      source,
    });
    await this.producer.send([{ topic: INGEST_TOPIC, key: dumpId, value, headers }]);
    this.metrics?.messagesOut.inc({ stage: 'ingest', topic: INGEST_TOPIC });
    return { dumpId, traceId: req.traceId, bytes: value.length };
  }
}
