import { z } from 'zod';

/**
 * An ISO 8601 date-time with `Z` or an offset: exactly what `z.string().datetime({ offset: true })` accepts, but
 * with zod's pattern compiled once. zod 3 builds that RegExp again on every check, which was a few per cent of each
 * stage's CPU (several date-times per message).
 */
export const isoDateTime = z
  .string()
  .regex(z.datetimeRegex({ offset: true, precision: null, local: false }), 'Invalid datetime');
export const hexId = z.string().regex(/^[0-9a-f]{32}$/, 'expected 32 lower-case hex characters');
export const dumpIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'expected a short URL-safe id');
