import { readFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { GENERATED_PATH, OPENAPI_PATH, generate, tsType } from './generate.js';

describe('generated client', () => {
  it('matches what the generator makes of the checked-in OpenAPI document (regenerate: npx nx run api-client:generate)', async () => {
    const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as Parameters<typeof generate>[0];
    const options = (await prettier.resolveConfig(GENERATED_PATH)) ?? {};
    const expected = await prettier.format(generate(doc), {
      ...options,
      parser: 'typescript',
      filepath: GENERATED_PATH,
    });
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(expected);
  });

  it('maps JSON schema to TypeScript: refs, nullable, enums, arrays, required and maps', () => {
    expect(tsType({ $ref: '#/components/schemas/ArticleHit' })).toBe('ArticleHit');
    expect(tsType({ type: 'string', nullable: true })).toBe('string | null');
    expect(tsType({ enum: ['a', 'b'] })).toBe('"a" | "b"');
    expect(tsType({ type: 'array', items: { type: 'integer' } })).toBe('Array<number>');
    expect(
      tsType({
        type: 'object',
        required: ['a'],
        properties: { a: { type: 'string' }, b: { type: 'boolean' } },
      }),
    ).toBe('{\n  a: string;\n  b?: boolean;\n}');
    expect(tsType({ type: 'object', additionalProperties: { type: 'integer' } })).toBe(
      '{\n  [key: string]: number | undefined;\n}',
    );
  });
});
