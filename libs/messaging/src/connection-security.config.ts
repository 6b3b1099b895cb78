import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .default('true');
const file = z.string().min(1);

/**
 * How the services, the CLI and the tests reach a secured Kafka and OpenSearch. Every variable is optional; unset,
 * both are plain (the local stack). Secrets come from env or from files (`*_FILE`, e.g. a mounted Kubernetes
 * Secret) and are never logged: this module returns them only inside client options.
 */
export const connectionSecurityEnvSchema = z
  .object({
    /** Kafka listener protocol, as in Kafka's own `security.protocol`. */
    KAFKA_SECURITY_PROTOCOL: z.enum(['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL']).default('PLAINTEXT'),
    KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).default('scram-sha-512'),
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD_FILE: file.optional(),
    /** PEM CA bundle that signed the brokers' certificates (default: the system's CAs). */
    KAFKA_SSL_CA_FILE: file.optional(),
    /** PEM client certificate and key, for mTLS (both or neither). */
    KAFKA_SSL_CERT_FILE: file.optional(),
    KAFKA_SSL_KEY_FILE: file.optional(),
    KAFKA_SSL_REJECT_UNAUTHORIZED: flag,
    OPENSEARCH_USERNAME: z.string().min(1).optional(),
    OPENSEARCH_PASSWORD: z.string().min(1).optional(),
    OPENSEARCH_PASSWORD_FILE: file.optional(),
    /** PEM CA bundle for an https OPENSEARCH_URL (default: the system's CAs). */
    OPENSEARCH_CA_FILE: file.optional(),
    OPENSEARCH_TLS_REJECT_UNAUTHORIZED: flag,
  })
  .superRefine((e, ctx) => {
    const sasl = e.KAFKA_SECURITY_PROTOCOL.startsWith('SASL_');
    if (sasl && !e.KAFKA_SASL_USERNAME)
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_SASL_USERNAME'],
        message: `required with ${e.KAFKA_SECURITY_PROTOCOL}`,
      });
    if (sasl && !e.KAFKA_SASL_PASSWORD && !e.KAFKA_SASL_PASSWORD_FILE)
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_SASL_PASSWORD'],
        message: `KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE is required with ${e.KAFKA_SECURITY_PROTOCOL}`,
      });
    if (e.KAFKA_SASL_PASSWORD && e.KAFKA_SASL_PASSWORD_FILE)
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_SASL_PASSWORD_FILE'],
        message: 'set the password or its file, not both',
      });
    if (Boolean(e.KAFKA_SSL_CERT_FILE) !== Boolean(e.KAFKA_SSL_KEY_FILE))
      ctx.addIssue({
        code: 'custom',
        path: [e.KAFKA_SSL_CERT_FILE ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE'],
        message: 'mTLS needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE',
      });
    const tlsFiles = e.KAFKA_SSL_CA_FILE || e.KAFKA_SSL_CERT_FILE;
    if (tlsFiles && !['SSL', 'SASL_SSL'].includes(e.KAFKA_SECURITY_PROTOCOL))
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_SECURITY_PROTOCOL'],
        message: `TLS files are set but the protocol is ${e.KAFKA_SECURITY_PROTOCOL} (use SSL or SASL_SSL)`,
      });
    if (!e.KAFKA_SECURITY_PROTOCOL.startsWith('SASL_') && (e.KAFKA_SASL_USERNAME || e.KAFKA_SASL_PASSWORD))
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_SECURITY_PROTOCOL'],
        message: `SASL credentials are set but the protocol is ${e.KAFKA_SECURITY_PROTOCOL} (use SASL_SSL)`,
      });
    if (Boolean(e.OPENSEARCH_USERNAME) !== Boolean(e.OPENSEARCH_PASSWORD || e.OPENSEARCH_PASSWORD_FILE))
      ctx.addIssue({
        code: 'custom',
        path: [e.OPENSEARCH_USERNAME ? 'OPENSEARCH_PASSWORD' : 'OPENSEARCH_USERNAME'],
        message: 'basic auth needs OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD (or OPENSEARCH_PASSWORD_FILE)',
      });
  });

/** The kafkajs `ssl` and `sasl` options (absent for PLAINTEXT). */
export interface KafkaSecurityOptions {
  readonly ssl?: ConnectionOptions | boolean;
  readonly sasl?: SASLOptions;
}

/** Basic auth and TLS of the OpenSearch client (absent for a plain local node). */
export interface OpenSearchSecurityOptions {
  readonly auth?: { readonly username: string; readonly password: string };
  readonly ssl?: ConnectionOptions;
}

export interface ConnectionSecurity {
  readonly kafka: KafkaSecurityOptions;
  readonly opensearch: OpenSearchSecurityOptions;
  /** What is configured, without any secret (for start-up logs). */
  readonly summary: string;
}

function readSecretFile(path: string, variable: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new Error(
      `invalid configuration:\n  ${variable}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
}

/**
 * Parses the connection-security variables once; a bad combination (SASL without a user, a cert without its key, an
 * unreadable file) throws one error naming each variable. Files are read here, so a missing one fails at start.
 */
export function connectionSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionSecurity {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = connectionSecurityEnvSchema.safeParse(present);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = r.data;
  const protocol = e.KAFKA_SECURITY_PROTOCOL;
  const tls = protocol === 'SSL' || protocol === 'SASL_SSL';
  const kafkaSsl: ConnectionOptions | undefined = tls
    ? {
        rejectUnauthorized: e.KAFKA_SSL_REJECT_UNAUTHORIZED,
        ...(e.KAFKA_SSL_CA_FILE ? { ca: [readSecretFile(e.KAFKA_SSL_CA_FILE, 'KAFKA_SSL_CA_FILE')] } : {}),
        ...(e.KAFKA_SSL_CERT_FILE && e.KAFKA_SSL_KEY_FILE
          ? {
              cert: readSecretFile(e.KAFKA_SSL_CERT_FILE, 'KAFKA_SSL_CERT_FILE'),
              key: readSecretFile(e.KAFKA_SSL_KEY_FILE, 'KAFKA_SSL_KEY_FILE'),
            }
          : {}),
      }
    : undefined;
  let sasl: SASLOptions | undefined;
  if (protocol.startsWith('SASL_') && e.KAFKA_SASL_USERNAME) {
    const password =
      e.KAFKA_SASL_PASSWORD ?? readSecretFile(e.KAFKA_SASL_PASSWORD_FILE ?? '', 'KAFKA_SASL_PASSWORD_FILE');
    sasl = { mechanism: e.KAFKA_SASL_MECHANISM, username: e.KAFKA_SASL_USERNAME, password };
  }
  const osPassword =
    e.OPENSEARCH_PASSWORD ??
    (e.OPENSEARCH_PASSWORD_FILE
      ? readSecretFile(e.OPENSEARCH_PASSWORD_FILE, 'OPENSEARCH_PASSWORD_FILE')
      : undefined);
  const osSsl: ConnectionOptions | undefined =
    e.OPENSEARCH_CA_FILE || !e.OPENSEARCH_TLS_REJECT_UNAUTHORIZED
      ? {
          rejectUnauthorized: e.OPENSEARCH_TLS_REJECT_UNAUTHORIZED,
          ...(e.OPENSEARCH_CA_FILE
            ? { ca: [readSecretFile(e.OPENSEARCH_CA_FILE, 'OPENSEARCH_CA_FILE')] }
            : {}),
        }
      : undefined;
  const summary = [
    `kafka ${protocol}${sasl ? ` (${sasl.mechanism} as ${e.KAFKA_SASL_USERNAME})` : ''}${kafkaSsl && 'cert' in kafkaSsl ? ' with a client certificate' : ''}`,
    `opensearch ${e.OPENSEARCH_USERNAME ? `basic auth as ${e.OPENSEARCH_USERNAME}` : 'no auth'}${osSsl?.ca ? ', own CA' : ''}`,
  ].join('; ');
  return {
    kafka: { ...(kafkaSsl ? { ssl: kafkaSsl } : {}), ...(sasl ? { sasl } : {}) },
    opensearch: {
      ...(e.OPENSEARCH_USERNAME && osPassword
        ? { auth: { username: e.OPENSEARCH_USERNAME, password: osPassword } }
        : {}),
      ...(osSsl ? { ssl: osSsl } : {}),
    },
    summary,
  };
}

let processSecurity: ConnectionSecurity | undefined;

/** {@link connectionSecurityFromEnv} of this process's environment, parsed on first use and kept. */
export function processConnectionSecurity(): ConnectionSecurity {
  processSecurity ??= connectionSecurityFromEnv(process.env);
  return processSecurity;
}

/** The nodes of an OPENSEARCH_URL: one URL or a comma-separated list (every node of a cluster). */
export function opensearchNodes(url: string): string[] {
  return url
    .split(',')
    .map((u) => u.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

/**
 * Options for `new Client(...)` of @opensearch-project/opensearch: every node of OPENSEARCH_URL (the client
 * moves to another node when one is down), and basic auth / TLS from the environment.
 */
export function opensearchClientOptions(
  url: string,
  security: OpenSearchSecurityOptions = processConnectionSecurity().opensearch,
): { node: string[]; auth?: { username: string; password: string }; ssl?: ConnectionOptions } {
  return {
    node: opensearchNodes(url),
    ...(security.auth ? { auth: { ...security.auth } } : {}),
    ...(security.ssl ? { ssl: security.ssl } : {}),
  };
}
