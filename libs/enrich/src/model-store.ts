import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Shipped models live in libs/enrich/models. Source files (src/x/) and compiled files (dist/x/) sit at
 * the same depth, so one relative path serves tests, tsx scripts and the built library.
 */
export function modelsDir(): string {
  return resolve(__dirname, '../models');
}

/** Reads and parses one JSON model file synchronously. */
export function readModelJson<T>(name: string, dir: string = modelsDir()): T {
  return JSON.parse(readFileSync(resolve(dir, name), 'utf8')) as T;
}

/** Reads one binary model file synchronously. */
export function readModelBuffer(name: string, dir: string = modelsDir()): Buffer {
  return readFileSync(resolve(dir, name));
}
