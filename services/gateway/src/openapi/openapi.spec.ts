import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderOpenApi } from './render-openapi.js';

describe('OpenAPI document', () => {
  it('matches the checked-in services/gateway/openapi.json (regenerate with `npx nx run gateway:openapi`)', async () => {
    const generated = await renderOpenApi();
    const checkedIn = readFileSync(resolve(__dirname, '../../openapi.json'), 'utf8');
    expect(JSON.parse(generated)).toEqual(JSON.parse(checkedIn));
  });

  it('documents every route with its problem answers', async () => {
    const doc = JSON.parse(await renderOpenApi()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(doc.paths['/v1/search']?.get?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '503']),
    );
    expect(Object.keys(doc.paths['/v1/ingest']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['202', '400', '401', '413', '503']),
    );
    expect(Object.keys(doc.paths['/v1/articles/{id}']?.get?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '404']),
    );
    expect(doc.paths['/health']?.get?.responses).toHaveProperty('503');
  });
});
