import { z } from 'zod';

export const isoDateTime = z.string().datetime({ offset: true });
export const hexId = z.string().regex(/^[0-9a-f]{32}$/, 'expected 32 lower-case hex characters');
export const dumpIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'expected a short URL-safe id');
