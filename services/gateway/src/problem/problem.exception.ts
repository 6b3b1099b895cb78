import type { z } from 'zod';

/** One bad input field, as named in a problem body. */
export interface FieldError {
  field: string;
  message: string;
  /** 0-based character offset of the error inside the field's value (query syntax errors). */
  position?: number;
}

/** RFC 7807-style problem body every error answer of the gateway carries. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  traceId?: string;
}

/**
 * Base of the gateway's expected failures: each carries the HTTP status, a stable string `code` and a
 * human-readable detail, so the exception filter can answer a problem body without guessing.
 */
export abstract class GatewayProblem extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  abstract readonly title: string;
  readonly errors: FieldError[] | undefined;

  constructor(detail: string, errors?: FieldError[]) {
    super(detail);
    this.name = new.target.name;
    this.errors = errors;
  }

  toProblem(): ProblemBody {
    return {
      type: `https://newsflow.dev/problems/${this.code.replace(/_/g, '-')}`,
      title: this.title,
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

/** Bad query parameters, path parameters or body: 400 naming each bad field. */
export class ValidationProblem extends GatewayProblem {
  readonly status = 400;
  readonly code = 'invalid_request';
  readonly title = 'Invalid request';

  constructor(errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }

  static field(field: string, message: string): ValidationProblem {
    return new ValidationProblem([{ field, message }]);
  }

  /** Parses request input with its zod schema (the one the OpenAPI document shows); a 400 naming each bad field. */
  static parse<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
    const r = schema.safeParse(input);
    if (!r.success) throw ValidationProblem.fromZod(r.error);
    return r.data as z.output<S>;
  }

  /** One field error per zod issue, named by parameter; an unknown key is reported under its own name. */
  static fromZod(error: z.ZodError): ValidationProblem {
    const errors: FieldError[] = [];
    for (const issue of error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys)
          errors.push({ field: [...issue.path, key].join('.'), message: 'unknown parameter' });
      } else {
        // The field is the parameter's name (the path head); a bad list item keeps its position in the message.
        const [head, ...rest] = issue.path;
        const message = rest.length ? `item ${rest.join('.')}: ${issue.message}` : issue.message;
        errors.push({ field: head === undefined ? '(request)' : String(head), message });
      }
    }
    return new ValidationProblem(errors);
  }
}

/**
 * The base of a problem whose status, code and title are fixed: only the detail (the message) varies. Each problem
 * stays a class of its own (its name, `instanceof`), declared in one line.
 */
function fixedProblem(status: number, code: string, title: string) {
  return class extends GatewayProblem {
    readonly status = status;
    readonly code = code;
    readonly title = title;
  };
}

export class NotFoundProblem extends fixedProblem(404, 'not_found', 'Not found') {}

export class UnauthorizedProblem extends fixedProblem(401, 'unauthorized', 'Unauthorized') {}

export class ForbiddenProblem extends fixedProblem(403, 'forbidden', 'Forbidden') {}

/** The request conflicts with work in progress (a reindex already running). */
export class ConflictProblem extends fixedProblem(409, 'conflict', 'Conflict') {}

/** The client's token bucket is empty; the middleware sets Retry-After and the RateLimit-* headers. */
export class TooManyRequestsProblem extends fixedProblem(429, 'rate_limited', 'Too many requests') {}

export class PayloadTooLargeProblem extends fixedProblem(413, 'payload_too_large', 'Payload too large') {}

/** A backing system (Kafka, OpenSearch, Redis) did not answer: 503, the client may retry. */
export class DependencyUnavailableProblem extends GatewayProblem {
  readonly status = 503;
  readonly code: string;
  readonly title = 'Service unavailable';

  constructor(
    readonly dependency: 'kafka' | 'opensearch' | 'redis',
    detail: string,
  ) {
    super(detail);
    this.code = `${dependency}_unavailable`;
  }
}
