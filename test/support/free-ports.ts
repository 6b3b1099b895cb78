import { createServer } from 'node:net';

/**
 * `n` distinct TCP ports that are free on 127.0.0.1 right now (the OS picks them). Better than a random base: this
 * machine runs other servers (NATS on 4222, RabbitMQ, PostgreSQL, MariaDB...) on fixed ports.
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const s = createServer();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const a = s.address();
    if (a === null || typeof a === 'string') throw new Error('no TCP address');
    return a.port;
  });
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}
