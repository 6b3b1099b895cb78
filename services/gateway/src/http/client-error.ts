import { maxHeaderSize, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { ProblemBody } from '../problem/problem.exception.js';

/** Longest request target (path + query) the gateway reads; a longer one is answered 414 before routing. */
export const MAX_URL_LENGTH = 8192;

function problem(status: number, code: string, title: string, detail: string): ProblemBody {
  return { type: `https://newsflow.dev/problems/${code.replace(/_/g, '-')}`, title, status, detail, code };
}

/** What Node's HTTP parser error means for the client, as a problem body (header overflow, bad request line...). */
export function clientErrorProblem(err: NodeJS.ErrnoException, maxHeaderSize: number): ProblemBody {
  const code = err.code ?? 'parse_error';
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return problem(
        431,
        'request_header_fields_too_large',
        'Request header fields too large',
        `the request line and headers exceed ${maxHeaderSize} bytes; a long query belongs in fewer, shorter parameters (q takes at most 1000 characters)`,
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem(408, 'request_timeout', 'Request timeout', 'the request was not received in time');
    default:
      return problem(400, 'bad_request', 'Bad request', `the request could not be parsed (${code})`);
  }
}

/**
 * Node answers parser-level failures (headers over `maxHeaderSize`, a malformed request line) itself with a bare
 * status and an empty body. This listener answers them with a problem body instead, then closes the connection.
 */
export function installClientErrorHandler(server: Server, logger: Logger): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const body = clientErrorProblem(err, maxHeaderSize);
    logger.debug({ code: err.code, status: body.status }, 'rejected an unparseable request');
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${body.status} ${body.title}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(json)}\r\n` +
        'Connection: close\r\n\r\n' +
        json,
    );
  });
}

/** Early middleware: a request target longer than {@link MAX_URL_LENGTH} gets a 414 problem before any routing. */
export function urlLengthMiddleware(maxLength = MAX_URL_LENGTH) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.url.length <= maxLength) {
      next();
      return;
    }
    res
      .status(414)
      .type('application/problem+json')
      .send(
        JSON.stringify(
          problem(
            414,
            'uri_too_long',
            'URI too long',
            `the request target is ${req.url.length} characters; the limit is ${maxLength} (q takes at most 1000)`,
          ),
        ),
      );
  };
}
