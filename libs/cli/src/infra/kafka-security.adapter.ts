import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { KafkaClientSecurity } from './kafka-server.adapter.js';
import { runToCompletion } from './process.adapter.js';

/** Files and credentials of a SASL_SSL Kafka listener on loopback, kept in `<runDir>/secrets` (mode 600). */
export interface KafkaTlsMaterial {
  readonly dir: string;
  /** PKCS12 keystore with the brokers' key and self-signed certificate (SAN IP:127.0.0.1, DNS:localhost). */
  readonly keystore: string;
  /** PKCS12 truststore holding that certificate (brokers trust each other). */
  readonly truststore: string;
  readonly storePassword: string;
  /** The certificate in PEM: what clients put in KAFKA_SSL_CA_FILE. */
  readonly caPem: string;
  /** Inter-broker SCRAM user and the application user, with their password files. */
  readonly admin: { readonly username: string; readonly password: string };
  readonly client: { readonly username: string; readonly password: string; readonly passwordFile: string };
}

function keytoolFor(java: string): string {
  return isAbsolute(java) ? join(dirname(java), 'keytool') : 'keytool';
}

function secret(file: string): string {
  if (!existsSync(file)) {
    writeFileSync(file, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * Creates (once per run folder) the brokers' key pair and certificate with `keytool`, a truststore, the PEM for
 * clients, and random passwords for the inter-broker user `admin` and the application user `newsflow`.
 */
export function ensureKafkaTls(runDir: string, java: string, log: (line: string) => void): KafkaTlsMaterial {
  const dir = join(runDir, 'secrets');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const storePassword = secret(join(dir, 'store.password'));
  const keystore = join(dir, 'kafka.keystore.p12');
  const truststore = join(dir, 'kafka.truststore.p12');
  const caPem = join(dir, 'kafka-ca.pem');
  const keytool = keytoolFor(java);
  if (!existsSync(keystore) || !existsSync(truststore) || !existsSync(caPem)) {
    log(`kafka: generating a TLS key pair and certificate for 127.0.0.1 in ${dir} (keytool)`);
    for (const f of [keystore, truststore, caPem]) if (existsSync(f)) writeFileSync(f, '');
    const store = ['-storetype', 'PKCS12', '-storepass', storePassword];
    runToCompletion(
      keytool,
      [
        '-genkeypair',
        '-alias',
        'kafka',
        '-keyalg',
        'RSA',
        '-keysize',
        '2048',
        '-validity',
        '3650',
        '-dname',
        'CN=newsflow-kafka',
        '-ext',
        'SAN=IP:127.0.0.1,DNS:localhost',
        '-keystore',
        keystore,
        ...store,
        '-keypass',
        storePassword,
        '-noprompt',
      ],
      dir,
      'keytool -genkeypair',
    );
    runToCompletion(
      keytool,
      ['-exportcert', '-rfc', '-alias', 'kafka', '-keystore', keystore, ...store, '-file', caPem],
      dir,
      'keytool -exportcert',
    );
    runToCompletion(
      keytool,
      ['-importcert', '-noprompt', '-alias', 'kafka', '-file', caPem, '-keystore', truststore, ...store],
      dir,
      'keytool -importcert',
    );
    for (const f of [keystore, truststore]) chmodSync(f, 0o600);
  }
  const clientPasswordFile = join(dir, 'newsflow.password');
  return {
    dir,
    keystore,
    truststore,
    storePassword,
    caPem,
    admin: { username: 'admin', password: secret(join(dir, 'admin.password')) },
    client: { username: 'newsflow', password: secret(clientPasswordFile), passwordFile: clientPasswordFile },
  };
}

/**
 * server.properties lines of a broker whose only client listener is SASL_SSL with SCRAM-SHA-512 (brokers talk to each
 * other over it as `admin`); the KRaft controller listener stays plain on loopback.
 */
export function saslSslListenerProperties(
  port: number,
  controllerPort: number,
  tls: KafkaTlsMaterial,
): string[] {
  const jaas = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${tls.admin.username}" password="${tls.admin.password}";`;
  return [
    `listeners=SASL_SSL://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=SASL_SSL://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=SASL_SSL',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${jaas}`,
    'ssl.keystore.type=PKCS12',
    `ssl.keystore.location=${tls.keystore}`,
    `ssl.keystore.password=${tls.storePassword}`,
    `ssl.key.password=${tls.storePassword}`,
    'ssl.truststore.type=PKCS12',
    `ssl.truststore.location=${tls.truststore}`,
    `ssl.truststore.password=${tls.storePassword}`,
    // mTLS is possible (ssl.client.auth=required with client certificates signed by a trusted CA); off here
    'ssl.client.auth=none',
  ];
}

/** `kafka-storage format --add-scram` arguments: the SCRAM users exist from the first start, before any broker. */
export function scramFormatArgs(tls: KafkaTlsMaterial): string[] {
  return [tls.admin, tls.client].flatMap((u) => [
    '--add-scram',
    `SCRAM-SHA-512=[name=${u.username},password=${u.password}]`,
  ]);
}

/** The client environment for this listener (the password by file, never inline). */
export function saslSslClientEnv(tls: KafkaTlsMaterial): Record<string, string> {
  return {
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: tls.client.username,
    KAFKA_SASL_PASSWORD_FILE: tls.client.passwordFile,
    KAFKA_SSL_CA_FILE: tls.caPem,
  };
}

/** kafkajs options of the infra's own admin clients (health, warm-up, status) for this listener. */
export function kafkaClientSecurity(tls: KafkaTlsMaterial): KafkaClientSecurity {
  return {
    ssl: { ca: [readFileSync(tls.caPem, 'utf8')] },
    sasl: { mechanism: 'scram-sha-512', username: tls.admin.username, password: tls.admin.password },
  };
}
