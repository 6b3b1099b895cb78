import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SubscriptionEventsAdapter } from '../adapters/subscription-events.adapter.js';
import type { StoredSubscription } from '../adapters/subscriptions-store.adapter.js';
import { ValidationProblem } from '../problem/problem.exception.js';
import {
  SUBSCRIPTION_EVENTS,
  SubscriptionsHandler,
  type SubscriptionCreated,
} from './subscriptions.handler.js';

/** Seconds between SSE comment lines that keep idle connections (and proxies) open. */
const HEARTBEAT_MS = 15_000;

function jsonBody(req: Request): unknown {
  const raw: unknown = req.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0)
    throw ValidationProblem.field('body', 'expected a JSON body');
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type))
    throw ValidationProblem.field('content-type', 'expected application/json');
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (err) {
    throw ValidationProblem.field('body', `not JSON: ${(err as Error).message}`);
  }
}

@Controller('v1/subscriptions')
export class SubscriptionsHttpController {
  constructor(
    @Inject(SubscriptionsHandler) private readonly handler: SubscriptionsHandler,
    @Inject(SUBSCRIPTION_EVENTS) private readonly events: SubscriptionEventsAdapter,
  ) {}

  @Post()
  create(@Req() req: Request): Promise<SubscriptionCreated> {
    return this.handler.create(jsonBody(req));
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<StoredSubscription> {
    return this.handler.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string): Promise<void> {
    await this.handler.delete(id);
  }

  @Get(':id/stream')
  async stream(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.handler.get(id);
    let after =
      SubscriptionsHandler.lastEventId(req.headers['last-event-id']) ?? (await this.events.lastId(id));
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('connection', 'keep-alive');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.write(': connected\nretry: 2000\n\n');
    const reader = this.events.reader(id);
    let open = true;
    req.on('close', () => {
      open = false;
      reader.close();
    });
    let lastBeat = Date.now();
    try {
      while (open) {
        const events = await reader.next(after, 1000);
        for (const e of events) {
          res.write(`id: ${e.id}\nevent: article\ndata: ${e.data}\n\n`);
          after = e.id;
        }
        if (Date.now() - lastBeat >= HEARTBEAT_MS) {
          res.write(': heartbeat\n\n');
          lastBeat = Date.now();
        }
      }
    } catch (err) {
      // The client left (the reader was closed under a pending read), or Redis failed: end the stream; the client
      // reconnects with its Last-Event-ID and loses nothing.
      if (open) res.write(`event: error\ndata: ${JSON.stringify({ detail: (err as Error).message })}\n\n`);
    } finally {
      reader.close();
      res.end();
    }
  }
}
