import type { SchemaObject } from '@nestjs/swagger';

const strings: SchemaObject = { type: 'array', items: { type: 'string' } };
const nullableString: SchemaObject = { type: 'string', nullable: true };

/** Component schemas of the gateway's OpenAPI document, referenced by the controllers' decorators. */
export const COMPONENT_SCHEMAS = {
  Problem: {
    type: 'object',
    description: 'RFC 7807-style problem body of every error answer.',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: { type: 'string', example: 'https://newsflow.dev/problems/invalid-request' },
      title: { type: 'string', example: 'Invalid request' },
      status: { type: 'integer', example: 400 },
      detail: { type: 'string', example: 'size: Number must be less than or equal to 100' },
      code: { type: 'string', example: 'invalid_request', description: 'stable machine-readable code' },
      errors: {
        type: 'array',
        description: 'one entry per bad field (validation problems only)',
        items: {
          type: 'object',
          required: ['field', 'message'],
          properties: {
            field: { type: 'string', example: 'size' },
            message: { type: 'string' },
            position: { type: 'integer', description: '0-based offset of a query syntax error in the value' },
          },
        },
      },
      traceId: { type: 'string', format: 'uuid' },
    },
  },
  ArticleHit: {
    type: 'object',
    required: [
      'id',
      'title',
      'topicTags',
      'iptcCodes',
      'iptcLabels',
      'countries',
      'people',
      'places',
      'organisations',
      'highlights',
    ],
    properties: {
      id: { type: 'string', pattern: '^[0-9a-f]{32}$' },
      title: { type: 'string' },
      source: nullableString,
      url: nullableString,
      author: nullableString,
      publishedAt: { type: 'string', format: 'date-time', nullable: true },
      language: nullableString,
      topic: nullableString,
      topicTags: strings,
      iptcCodes: { ...strings, description: 'IPTC Media Topic codes' },
      iptcLabels: { ...strings, description: 'IPTC Media Topic labels' },
      pageType: nullableString,
      countries: { ...strings, description: 'ISO 3166-1 alpha-2 codes' },
      people: strings,
      places: strings,
      organisations: strings,
      summary: nullableString,
      storyId: { ...nullableString, description: 'near-duplicate group: the id of its first article' },
      duplicateOf: { ...nullableString, description: 'set on an exact duplicate: the id of the original' },
      story: {
        type: 'object',
        description: 'collapsed searches only: the other matching articles of this story',
        required: ['id', 'articles', 'sources', 'others'],
        properties: {
          id: { type: 'string' },
          articles: { type: 'integer', description: 'matching articles of the story, this one included' },
          sources: strings,
          others: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                title: { type: 'string' },
                source: nullableString,
                url: nullableString,
                publishedAt: nullableString,
              },
            },
          },
        },
      },
      highlights: {
        type: 'object',
        description: 'matched fragments with <mark> tags (HTML-escaped otherwise)',
        properties: { title: { type: 'string' }, body: strings },
      },
      score: { type: 'number', nullable: true, description: 'relevance score; null when sorted by time' },
    },
  },
  SearchResponse: {
    type: 'object',
    required: ['total', 'collapsed', 'hits', 'facets'],
    properties: {
      total: { type: 'integer', description: 'matching articles, or matching stories when collapsed' },
      collapsed: { type: 'boolean', description: 'one hit per story (collapse=story)' },
      dateInterval: {
        type: 'string',
        description: 'interval of the date facet chosen by OpenSearch (1d, 7d, ...)',
      },
      hits: { type: 'array', items: { $ref: '#/components/schemas/ArticleHit' } },
      facets: {
        type: 'object',
        description:
          'facets asked for with `facets`: per terms facet the top 10 values; `date` is a histogram (value = bucket start)',
        additionalProperties: {
          type: 'array',
          items: { type: 'object', properties: { value: { type: 'string' }, count: { type: 'integer' } } },
        },
      },
      nextCursor: {
        type: 'string',
        description: 'pass as `cursor` for the next page; absent on the last page',
      },
    },
  },
  StoryResponse: {
    type: 'object',
    required: ['id', 'total', 'sources', 'articles'],
    properties: {
      id: { type: 'string' },
      total: { type: 'integer' },
      sources: strings,
      articles: { type: 'array', items: { $ref: '#/components/schemas/ArticleHit' } },
    },
  },
  SuggestResponse: {
    type: 'object',
    required: ['prefix', 'entities', 'sources', 'titles'],
    properties: {
      prefix: { type: 'string' },
      entities: {
        type: 'array',
        items: { type: 'object', properties: { value: { type: 'string' }, count: { type: 'integer' } } },
      },
      sources: {
        type: 'array',
        items: { type: 'object', properties: { value: { type: 'string' }, count: { type: 'integer' } } },
      },
      titles: {
        type: 'array',
        items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } },
      },
    },
  },
  Subscription: {
    type: 'object',
    required: ['id', 'q', 'filters', 'createdAt'],
    properties: {
      id: { type: 'string' },
      q: { type: 'string', description: 'the saved query' },
      filters: { type: 'object', additionalProperties: strings },
      webhook: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
    },
  },
  SubscriptionCreated: {
    type: 'object',
    required: ['id', 'query', 'filters', 'stream', 'createdAt'],
    properties: {
      id: { type: 'string' },
      query: { type: 'string' },
      filters: { type: 'object', additionalProperties: strings },
      webhook: { type: 'string' },
      webhookSecret: { type: 'string', description: 'HMAC-SHA256 key of the webhook signatures; shown once' },
      stream: { type: 'string', description: 'path of the SSE stream' },
      createdAt: { type: 'string', format: 'date-time' },
    },
  },
  Article: {
    type: 'object',
    description:
      'the stored article document (body, summary, entities by type, keywords, sentiment, pipeline timestamps)',
    required: ['id', 'title', 'body'],
    additionalProperties: true,
    properties: {
      id: { type: 'string' },
      dumpId: { type: 'string' },
      title: { type: 'string' },
      body: { type: 'string' },
      summary: { type: 'string' },
      source: { type: 'string' },
      url: { type: 'string' },
      author: { type: 'string' },
      publishedAt: { type: 'string', format: 'date-time' },
      language: { type: 'string' },
      topic: { type: 'string' },
      topicTags: strings,
      countries: strings,
      people: strings,
      places: strings,
      organisations: strings,
      keywords: strings,
      sentimentScore: { type: 'number' },
      sentimentLabel: { type: 'string' },
      indexedAt: { type: 'string', format: 'date-time' },
    },
  },
  SimilarResponse: {
    type: 'object',
    required: ['id', 'hits'],
    properties: {
      id: { type: 'string' },
      hits: { type: 'array', items: { $ref: '#/components/schemas/ArticleHit' } },
    },
  },
  IngestAccepted: {
    type: 'object',
    required: ['dumpId', 'traceId', 'bytes'],
    properties: {
      dumpId: { type: 'string', description: 'Kafka key of the produced message' },
      traceId: { type: 'string', format: 'uuid' },
      bytes: { type: 'integer', description: 'size of the produced message value' },
    },
  },
  PipelineStats: {
    type: 'object',
    required: ['generatedAt', 'articlesIndexed', 'opensearch', 'stages', 'consumerLag', 'queues'],
    properties: {
      generatedAt: { type: 'string', format: 'date-time' },
      articlesIndexed: {
        type: 'integer',
        nullable: true,
        description: 'null when OpenSearch does not answer',
      },
      opensearch: {
        type: 'object',
        properties: { ok: { type: 'boolean' }, status: nullableString, error: { type: 'string' } },
      },
      stages: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string', enum: ['fetch', 'clean', 'classify', 'index'] },
            url: { type: 'string' },
            up: { type: 'boolean' },
            error: { type: 'string' },
            messagesIn: { type: 'number', nullable: true },
            messagesOut: { type: 'number', nullable: true },
            failed: { type: 'number', nullable: true },
            deadLetters: { type: 'number', nullable: true },
            endToEndP50Seconds: {
              type: 'number',
              nullable: true,
              description: 'ingest-to-stage latency p50 from the stage histogram',
            },
            endToEndP99Seconds: { type: 'number', nullable: true },
          },
        },
      },
      consumerLag: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            group: { type: 'string' },
            topic: { type: 'string' },
            total: { type: 'integer' },
            error: { type: 'string' },
            partitions: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  partition: { type: 'integer' },
                  committed: { type: 'integer' },
                  end: { type: 'integer' },
                  lag: { type: 'integer' },
                },
              },
            },
          },
        },
      },
      queues: {
        type: 'array',
        description: "BullMQ queues (the fetch stage's URL jobs) with job counts per state",
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            ok: { type: 'boolean' },
            error: { type: 'string' },
            counts: { type: 'object', additionalProperties: { type: 'integer' } },
          },
        },
      },
    },
  },
  HealthReport: {
    type: 'object',
    required: ['status', 'checks'],
    properties: {
      status: { type: 'string', enum: ['ok', 'degraded'] },
      checks: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          required: ['ok', 'ms'],
          properties: { ok: { type: 'boolean' }, detail: { type: 'string' }, ms: { type: 'integer' } },
        },
      },
    },
  },
} satisfies Record<string, SchemaObject>;

/** Components generated from zod schemas (see zod-components.ts). */
type ZodComponentName = 'SubscriptionRequest' | 'SearchParams' | 'SuggestParams';
export type ComponentName = keyof typeof COMPONENT_SCHEMAS | ZodComponentName;

export const ref = (name: ComponentName): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });
