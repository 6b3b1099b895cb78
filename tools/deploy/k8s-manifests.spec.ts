import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ALL_TOPICS, TOPIC_DEFAULTS } from '../../libs/contracts/src/topics.js';
import { GATEWAY, SERVICES, STAGES, STAGE_NAMES } from '../../libs/contracts/src/topology.js';
import { ROOT } from './deploy-files.js';
import { K8S_DIR, imageOf, k8sFiles, scaledObjectObject } from './k8s-manifests.js';

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
} & Record<string, unknown>;

/** Every YAML document of a file on disk; a YAML syntax error fails the test naming the file. */
function readDocs(path: string): Obj[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  const out: Obj[] = [];
  for (const d of docs) {
    expect(
      d.errors.map((e) => e.message),
      `${path} does not parse`,
    ).toEqual([]);
    const v = d.toJSON() as Obj | null;
    if (v !== null) out.push(v);
  }
  return out;
}

/**
 * What `kustomize build` does with this base short of running it (no kubectl/kustomize here): read the
 * kustomization, check every resource file exists and parses, and collect the objects with the namespace set.
 */
function render(dir: string): { kustomization: Record<string, unknown>; objects: Obj[] } {
  const [kustomization] = readDocs(join(ROOT, dir, 'kustomization.yaml'));
  expect(kustomization?.kind).toBe('Kustomization');
  const resources = (kustomization?.resources ?? []) as string[];
  expect(resources.length).toBeGreaterThan(0);
  const objects: Obj[] = [];
  for (const r of resources) {
    const path = join(ROOT, dir, r);
    expect(existsSync(path), `${dir}/kustomization.yaml lists ${r}, which does not exist`).toBe(true);
    for (const o of readDocs(path)) objects.push(o);
  }
  return { kustomization: kustomization as Record<string, unknown>, objects };
}

/** Validates an object against the Kubernetes (1.32, kubernetes-models) or KEDA CRD schema of its kind. */
function validateK8s(o: Obj): void {
  const data = o as never;
  switch (`${o.apiVersion}/${o.kind}`) {
    case 'v1/ConfigMap':
      return new ConfigMap(data).validate();
    case 'v1/Service':
      return new Service(data).validate();
    case 'apps/v1/Deployment':
      return new Deployment(data).validate();
    case 'policy/v1/PodDisruptionBudget':
      return new PodDisruptionBudget(data).validate();
    case 'keda.sh/v1alpha1/ScaledObject':
      return new ScaledObject(data).validate();
    default:
      throw new Error(`no schema for ${o.apiVersion} ${o.kind} (${o.metadata.name})`);
  }
}

const byKind = (objects: Obj[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: Obj[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

interface Container {
  name: string;
  image: string;
  command: string[];
  ports: Array<{ name: string; containerPort: number }>;
  env: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom: Array<{ configMapRef: { name: string } }>;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  startupProbe: { httpGet: { path: string; port: string } };
}
const containerOf = (d: Obj) =>
  (d.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0] as Container;

/** Kubernetes quantities of the forms used here: `100m`, `1`, `160Mi`, `4Gi`. */
function quantity(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(m|Mi|Gi)?$/.exec(q);
  if (!m) throw new Error(`unexpected quantity ${q}`);
  const n = Number(m[1]);
  return m[2] === 'm' ? n / 1000 : m[2] === 'Mi' ? n * 2 ** 20 : m[2] === 'Gi' ? n * 2 ** 30 : n;
}

describe('Kubernetes manifests (infra/k8s)', () => {
  it('are up to date with the topology (regenerate with `npx tsx tools/deploy/generate.ts`)', async () => {
    for (const f of await k8sFiles()) {
      const path = join(ROOT, f.path);
      expect(existsSync(path), `${f.path} is missing`).toBe(true);
      expect(readFileSync(path, 'utf8'), `${f.path} is stale`).toBe(f.content);
    }
  });

  it('the base renders: every resource of kustomization.yaml exists, parses and validates against its schema', () => {
    const { kustomization, objects } = render(K8S_DIR);
    expect(kustomization.namespace).toBe('newsflow');
    for (const o of objects) expect(() => validateK8s(o), `${o.kind} ${o.metadata.name}`).not.toThrow();
    const keys = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(keys).size, 'duplicate kind/name in the base').toBe(keys.length);
  });

  it('the schema check rejects a broken object (a probe path of the wrong type, a numeric KEDA trigger value)', () => {
    const { objects } = render(K8S_DIR);
    const d = structuredClone(named(objects, 'Deployment', 'newsflow-clean')) as Obj;
    (containerOf(d).livenessProbe.httpGet as { path: unknown }).path = 42;
    expect(() => validateK8s(d)).toThrow(/livenessProbe\/httpGet\/path/);
    const so = scaledObjectObject('clean') as Obj & {
      spec: { triggers: Array<{ metadata: Record<string, unknown> }> };
    };
    expect(() => validateK8s(so)).not.toThrow();
    (so.spec.triggers[0] as { metadata: Record<string, unknown> }).metadata.lagThreshold = 500;
    expect(() => validateK8s(so)).toThrow(/lagThreshold/);
  });

  it('every service runs the compose image with its command, port, probes on its topology paths and resources', () => {
    const { kustomization, objects } = render(K8S_DIR);
    const imageNames = (kustomization.images as Array<{ name: string }>).map((i) => i.name);
    const configMaps = byKind(objects, 'ConfigMap').map((o) => o.metadata.name);
    for (const s of SERVICES) {
      const d = named(objects, 'Deployment', `newsflow-${s.name}`);
      expect(d, `Deployment of ${s.name}`).toBeDefined();
      const c = containerOf(d as Obj);
      expect(c.image).toBe(imageOf(s.name));
      expect(imageNames).toContain(c.image);
      expect(c.command).toEqual(['node', `services/${s.name}/dist/main.js`]);
      expect(c.ports).toEqual([expect.objectContaining({ name: 'http', containerPort: s.port })]);
      expect(c.env).toContainEqual({ name: s.portEnv, value: String(s.port) });
      expect(c.env).toContainEqual({ name: s.hostEnv, value: '0.0.0.0' });
      expect(c.livenessProbe.httpGet).toEqual({ path: s.livePath, port: 'http' });
      expect(c.startupProbe.httpGet).toEqual({ path: s.livePath, port: 'http' });
      expect(c.readinessProbe.httpGet).toEqual({ path: s.readyPath, port: 'http' });
      for (const ref of c.envFrom) expect(configMaps).toContain(ref.configMapRef.name);
      for (const r of ['cpu', 'memory'] as const) {
        const req = quantity(c.resources.requests[r] ?? 'x');
        expect(req).toBeGreaterThan(0);
        expect(req).toBeLessThanOrEqual(quantity(c.resources.limits[r] ?? 'x'));
      }
      // the V8 heap flags of the topology, as npm start and docker-compose set them (256 MiB at least: classify, whose
      // inputs are single articles); the container's limit above
      // the old-space limit, so a huge input meets V8's limit (a dead letter or a restart) before the kernel's
      expect(c.env).toContainEqual({ name: 'NODE_OPTIONS', value: s.nodeOptions });
      const oldSpace = Number(/--max-old-space-size=(\d+)/.exec(s.nodeOptions)?.[1]);
      expect(oldSpace).toBeGreaterThanOrEqual(256);
      expect(quantity(c.resources.limits.memory ?? 'x')).toBeGreaterThan((oldSpace + 128) * 2 ** 20);
      expect(quantity(c.resources.requests.memory ?? 'x')).toBeGreaterThanOrEqual(100 * 2 ** 20);
    }
    // the Dockerfile builds services/<SERVICE>/dist/main.js: the command names a file the image has
    expect(readFileSync(join(ROOT, 'infra/docker/Dockerfile'), 'utf8')).toContain(
      'services/${SERVICE}/dist/main.js',
    );
  });

  it('stages: a PodDisruptionBudget and a KEDA ScaledObject on their group and input topic, at most one pod per partition', () => {
    const { objects } = render(K8S_DIR);
    for (const n of STAGE_NAMES) {
      const d = named(objects, 'Deployment', `newsflow-${n}`) as Obj;
      const podLabels = (d.spec as { template: { metadata: { labels: Record<string, string> } } }).template
        .metadata.labels;
      const pdb = named(objects, 'PodDisruptionBudget', `newsflow-${n}`) as Obj;
      expect(pdb, `PDB of ${n}`).toBeDefined();
      const pdbSelector = (pdb.spec as { selector: { matchLabels: Record<string, string> } }).selector
        .matchLabels;
      expect(podLabels).toMatchObject(pdbSelector);
      const so = named(objects, 'ScaledObject', `newsflow-${n}`) as Obj;
      const spec = so.spec as {
        scaleTargetRef: { kind: string; name: string };
        minReplicaCount: number;
        maxReplicaCount: number;
        triggers: Array<{ type: string; metadata: Record<string, string> }>;
      };
      expect(spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: d.metadata.name });
      expect(spec.minReplicaCount).toBeGreaterThanOrEqual(1);
      expect(spec.maxReplicaCount).toBeLessThanOrEqual(TOPIC_DEFAULTS.partitions);
      expect(spec.triggers).toHaveLength(1);
      expect(spec.triggers[0]?.type).toBe('kafka');
      expect(spec.triggers[0]?.metadata).toMatchObject({
        consumerGroup: STAGES[n].group,
        topic: STAGES[n].input,
        allowIdleConsumers: 'false',
      });
      expect(Number(spec.triggers[0]?.metadata.lagThreshold)).toBeGreaterThan(0);
      // KEDA must reach the same brokers as the pods
      const cm = named(objects, 'ConfigMap', 'newsflow-config') as Obj & { data: Record<string, string> };
      expect(spec.triggers[0]?.metadata.bootstrapServers).toBe(cm.data.KAFKA_BROKERS);
      // KEDA owns the replica count: a replicas field would be reset by every apply
      expect((d.spec as { replicas?: number }).replicas).toBeUndefined();
    }
  });

  it('the gateway: a Service, its API keys from a Secret, the stage URLs pointing at the stage Services', () => {
    const { objects } = render(K8S_DIR);
    const svc = named(objects, 'Service', 'newsflow-gateway') as Obj;
    expect((svc.spec as { ports: Array<{ port: number }> }).ports[0]?.port).toBe(GATEWAY.port);
    const c = containerOf(named(objects, 'Deployment', 'newsflow-gateway') as Obj);
    const key = c.env.find((e) => e.name === 'GATEWAY_API_KEY');
    expect(key?.valueFrom?.secretKeyRef?.name).toBe('newsflow-gateway-keys');
    expect(key?.value).toBeUndefined();
    const urls = c.env.find((e) => e.name === 'GATEWAY_STAGE_URLS')?.value ?? '';
    const entries = urls.split(',').map((e) => e.split('='));
    expect(entries.map(([n]) => n)).toEqual([...STAGE_NAMES]);
    for (const [n, url] of entries) {
      const u = new URL(url ?? '');
      const stageSvc = named(objects, 'Service', u.hostname) as Obj;
      expect(stageSvc, `Service ${u.hostname} for ${n}`).toBeDefined();
      expect((stageSvc.spec as { ports: Array<{ port: number }> }).ports[0]?.port).toBe(Number(u.port));
    }
  });

  it('the ConfigMap carries the shared environment with production topic and index settings', () => {
    const { objects } = render(K8S_DIR);
    const cm = named(objects, 'ConfigMap', 'newsflow-config') as Obj & { data: Record<string, string> };
    for (const k of ['KAFKA_BROKERS', 'OPENSEARCH_URL', 'REDIS_URL', 'NEWSFLOW_PREFIX'])
      expect(cm.data).toHaveProperty(k);
    expect(cm.data).toMatchObject({
      NEWSFLOW_TOPIC_PARTITIONS: String(TOPIC_DEFAULTS.partitions),
      NEWSFLOW_TOPIC_REPLICATION_FACTOR: '3',
      NEWSFLOW_TOPIC_MIN_ISR: '2',
      NEWSFLOW_INDEX_REPLICAS: '1',
    });
  });

  /**
   * Strimzi publishes its CRD schemas only inside its release bundle (not on npm, and there is no network here
   * beyond the registries), so these are checked structurally: the fields and types newsflow relies on.
   */
  it('the Strimzi example renders: a 3-node KRaft pool, RF 3 / min ISR 2, one KafkaTopic per pipeline topic', () => {
    const { objects } = render(`${K8S_DIR}/examples/strimzi`);
    const ajv = new Ajv({ allErrors: true, strict: false });
    const meta = {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' } },
    };
    const schemas: Record<string, object> = {
      KafkaNodePool: {
        type: 'object',
        required: ['apiVersion', 'kind', 'metadata', 'spec'],
        properties: {
          apiVersion: { const: 'kafka.strimzi.io/v1beta2' },
          metadata: {
            ...meta,
            required: ['name', 'labels'],
            properties: { ...meta.properties, labels: { required: ['strimzi.io/cluster'] } },
          },
          spec: {
            type: 'object',
            required: ['replicas', 'roles', 'storage'],
            properties: {
              replicas: { type: 'integer', minimum: 3 },
              roles: { type: 'array', items: { enum: ['controller', 'broker'] }, minItems: 1 },
              storage: { type: 'object', required: ['type'] },
            },
          },
        },
      },
      Kafka: {
        type: 'object',
        required: ['apiVersion', 'kind', 'metadata', 'spec'],
        properties: {
          apiVersion: { const: 'kafka.strimzi.io/v1beta2' },
          metadata: meta,
          spec: {
            type: 'object',
            required: ['kafka'],
            properties: {
              kafka: {
                type: 'object',
                required: ['listeners'],
                properties: {
                  listeners: {
                    type: 'array',
                    minItems: 1,
                    items: {
                      type: 'object',
                      required: ['name', 'port', 'type', 'tls'],
                      properties: {
                        name: { type: 'string', pattern: '^[a-z0-9]{1,11}$' },
                        port: { type: 'integer', minimum: 9092 },
                        type: {
                          enum: ['internal', 'route', 'loadbalancer', 'nodeport', 'ingress', 'cluster-ip'],
                        },
                        tls: { type: 'boolean' },
                      },
                    },
                  },
                  config: { type: 'object' },
                },
              },
            },
          },
        },
      },
      KafkaTopic: {
        type: 'object',
        required: ['apiVersion', 'kind', 'metadata', 'spec'],
        properties: {
          apiVersion: { const: 'kafka.strimzi.io/v1beta2' },
          metadata: { ...meta, required: ['name', 'labels'] },
          spec: {
            type: 'object',
            required: ['partitions', 'replicas'],
            properties: {
              topicName: { type: 'string' },
              partitions: { type: 'integer', minimum: 1 },
              replicas: { type: 'integer', minimum: 1, maximum: 32767 },
              config: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
            },
          },
        },
      },
    };
    for (const o of objects) {
      const schema = schemas[o.kind];
      expect(schema, `no structural schema for ${o.kind}`).toBeDefined();
      const validate = ajv.compile(schema as object);
      expect(validate(o), `${o.kind} ${o.metadata.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const kafka = byKind(objects, 'Kafka')[0] as Obj & {
      spec: { kafka: { config: Record<string, unknown> } };
    };
    expect(kafka.spec.kafka.config).toMatchObject({
      'default.replication.factor': 3,
      'min.insync.replicas': 2,
    });
    const pool = byKind(objects, 'KafkaNodePool')[0] as Obj & { spec: { replicas: number } };
    expect(pool.metadata.labels?.['strimzi.io/cluster']).toBe(kafka.metadata.name);
    const topics = byKind(objects, 'KafkaTopic') as Array<
      Obj & {
        spec: { topicName: string; partitions: number; replicas: number; config: Record<string, string> };
      }
    >;
    expect(topics.map((t) => t.spec.topicName).sort()).toEqual([...ALL_TOPICS].sort());
    for (const t of topics) {
      expect(t.metadata.labels?.['strimzi.io/cluster']).toBe(kafka.metadata.name);
      expect(t.spec.partitions).toBe(TOPIC_DEFAULTS.partitions);
      expect(t.spec.replicas).toBe(3);
      expect(t.spec.replicas).toBeLessThanOrEqual(pool.spec.replicas);
      expect(t.spec.config['min.insync.replicas']).toBe('2');
    }
  });

  it('the external OpenSearch example is a valid Service named as OPENSEARCH_URL expects', () => {
    const path = join(ROOT, K8S_DIR, 'examples/external-opensearch/service.yaml');
    const [svc] = readDocs(path);
    expect(() => validateK8s(svc as Obj)).not.toThrow();
    const { objects } = render(K8S_DIR);
    const cm = named(objects, 'ConfigMap', 'newsflow-config') as Obj & { data: Record<string, string> };
    expect(new URL(cm.data.OPENSEARCH_URL ?? '').hostname).toBe(svc?.metadata.name);
    expect(existsSync(join(dirname(path), '..', '..', 'README.md'))).toBe(true);
  });
});
