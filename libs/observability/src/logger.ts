import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** JSON logger for a service. Secrets in common places are redacted; every line carries the service name. */
export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'apiKey',
        '*.apiKey',
        'headers.authorization',
        'headers["x-api-key"]',
        'password',
        '*.password',
      ],
      censor: '[redacted]',
    },
    formatters: { level: (label) => ({ level: label }) },
  });
}
