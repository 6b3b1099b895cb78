import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import {
  DependencyUnavailableProblem,
  GatewayProblem,
  PayloadTooLargeProblem,
  type ProblemBody,
} from './problem.exception.js';
import { TRACE_HEADER } from '../http/request-context.middleware.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  500: 'Internal server error',
};

function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; statusCode?: unknown };
  const s =
    typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  return s !== undefined && s >= 400 && s < 600 ? s : undefined;
}

/**
 * Turns every error into an RFC 7807-style problem body. Expected failures carry their own status and code;
 * errors from Express middleware (the raw body parser's 413) keep their status; anything else is a 500 that is
 * logged with its stack and answered without one.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly ingestMaxBytes: number,
  ) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const traceId = res.getHeader(TRACE_HEADER);
    const problem = this.toProblem(err, req);
    if (typeof traceId === 'string') problem.traceId = traceId;
    if (err instanceof DependencyUnavailableProblem) {
      // Expected while a backing system is down: one line without a stack, the /health endpoint tells the rest.
      this.logger.warn(
        { traceId, method: req.method, url: req.originalUrl, code: problem.code },
        problem.detail,
      );
    } else if (problem.status >= 500) {
      this.logger.error(
        { err, traceId, method: req.method, url: req.originalUrl, code: problem.code },
        problem.detail,
      );
    } else {
      this.logger.debug(
        { traceId, method: req.method, url: req.originalUrl, code: problem.code },
        problem.detail,
      );
    }
    if (res.headersSent) return;
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(err: unknown, req: Request): ProblemBody {
    if (err instanceof GatewayProblem) return err.toProblem();
    const bodyType = typeof err === 'object' && err !== null ? (err as { type?: unknown }).type : undefined;
    if (bodyType === 'entity.too.large') {
      return new PayloadTooLargeProblem(
        `the body is larger than the limit of ${this.ingestMaxBytes} bytes`,
      ).toProblem();
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const code = status === 404 ? 'route_not_found' : `http_${status}`;
      const detail = status === 404 ? `no route for ${req.method} ${req.path}` : err.message;
      return problemOf(status, code, detail);
    }
    const status = statusOf(err);
    if (status !== undefined && status < 500) {
      // Errors from body-parser (bad encoding, aborted request) are client errors whose message is safe to show.
      return problemOf(
        status,
        typeof bodyType === 'string' ? bodyType.replace(/\./g, '_') : `http_${status}`,
        (err as Error).message,
      );
    }
    return problemOf(
      500,
      'internal_error',
      'unexpected error; the log holds the details under this trace id',
    );
  }
}

function problemOf(status: number, code: string, detail: string): ProblemBody {
  return {
    type: `https://newsflow.dev/problems/${code.replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
  };
}
