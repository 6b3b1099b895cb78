import { STAGE_NAMES, type ServiceName } from '@newsflow/contracts';

/** Port distance between two instances of one stage: instance i of fetch (3001) listens on 3001 + 100·i. */
export const INSTANCE_PORT_STEP = 100;
/** Most instances per stage `npm start` runs (ports stay below 5000; a topic's partitions bound the useful count). */
export const MAX_INSTANCES = 20;

/**
 * The number of instances per stage from `--instances N` (wins) or NEWSFLOW_INSTANCES, default 1. A value that is
 * not an integer in 1..MAX_INSTANCES throws an error naming where it came from.
 */
export function parseInstances(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const [source, raw] =
    flag !== undefined ? ['--instances', flag] : ['NEWSFLOW_INSTANCES', env.NEWSFLOW_INSTANCES?.trim() ?? ''];
  if (raw === '') return 1;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(n) || n < 1 || n > MAX_INSTANCES)
    throw new Error(`${source} must be an integer from 1 to ${MAX_INSTANCES}, got "${raw}"`);
  return n;
}

export interface ServiceInstance {
  name: ServiceName;
  /** 0 for the first instance. */
  instance: number;
  port: number;
  /** Log file name: `clean.log` for the first instance, `clean-2.log`, `clean-3.log`, ... for the others. */
  logName: string;
}

/** The processes of one service: `instances` of a stage (each on its own port and log), always one gateway. */
export function instancesOf(name: ServiceName, basePort: number, instances: number): ServiceInstance[] {
  const count = (STAGE_NAMES as readonly string[]).includes(name) ? instances : 1;
  return Array.from({ length: count }, (_, i) => ({
    name,
    instance: i,
    port: basePort + INSTANCE_PORT_STEP * i,
    logName: i === 0 ? `${name}.log` : `${name}-${i + 1}.log`,
  }));
}

/** A note when more instances than partitions are asked for: a consumer group gives each partition to one member. */
export function idleInstancesNote(instances: number, partitions: number): string | undefined {
  return instances > partitions
    ? `${instances} instances per stage but ${partitions} partitions per topic: ${instances - partitions} instance(s) of each stage will sit idle (raise NEWSFLOW_TOPIC_PARTITIONS for new topics)`
    : undefined;
}
