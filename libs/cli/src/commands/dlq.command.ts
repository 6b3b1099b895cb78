import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { deadLetterSchema } from '@newsflow/contracts';
import { createKafka } from '@newsflow/messaging';
import { loadCliEnv, type CliEnv } from '../pipeline/cli-env.js';
import {
  RedisReplayLedger,
  countDeadLetters,
  parseSince,
  readDeadLetters,
  replayDeadLetters,
  selectDeadLetters,
  type DeadLetterEntry,
  type DeadLetterFilter,
} from '../pipeline/dlq.handler.js';
import { assertKafkaReachable } from './pipeline.command.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

interface FilterOptions {
  stage?: string;
  code?: string;
  since?: string;
  /** Set by `--all` or `--include-replayed` (commander names it after the second flag). */
  includeReplayed?: boolean;
}

function withFilters(cmd: Command, replayedHelp: string): Command {
  return cmd
    .option('--stage <stage>', 'only dead letters of this stage (fetch, clean, classify, index, gateway)')
    .option('--code <code>', 'only dead letters with this error code')
    .option(
      '--since <when>',
      'only dead letters that last failed since an ISO time or a duration back (30m, 12h, 7d)',
    )
    .option('--all, --include-replayed', replayedHelp);
}

const STAGES: readonly string[] = deadLetterSchema.shape.stage.options;

function filterOf(opts: FilterOptions): DeadLetterFilter {
  if (opts.stage !== undefined && !STAGES.includes(opts.stage))
    throw new Error(`--stage "${opts.stage}" is not a stage; expected one of ${STAGES.join(', ')}`);
  return {
    stage: opts.stage,
    code: opts.code,
    since: opts.since === undefined ? undefined : parseSince(opts.since),
    includeReplayed: opts.includeReplayed ?? false,
  };
}

/** Reads the DLQ and annotates each entry with its replay mark; closes what it opened. */
async function loadEntries(env: CliEnv): Promise<{
  entries: DeadLetterEntry[];
  unreadable: number;
  ledger: RedisReplayLedger;
  close: () => Promise<void>;
}> {
  await assertKafkaReachable(env.KAFKA_BROKERS);
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at ${env.REDIS_URL} (${(e as Error).message}); is the stack up?`);
  }
  const ledger = new RedisReplayLedger(redis, env.NEWSFLOW_PREFIX);
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS, clientId: 'newsflow-cli' });
  const read = await readDeadLetters(kafka, env.NEWSFLOW_PREFIX);
  return {
    entries: await ledger.annotate(read.entries),
    unreadable: read.unreadable,
    ledger,
    close: async () => {
      await redis.quit();
    },
  };
}

function line(e: DeadLetterEntry): string {
  const r = e.record;
  const mark = e.replayedAt ? `  [replayed ${e.replayedAt}]` : '';
  return `${r.lastFailureAt}  ${r.stage}/${r.errorCode}  dlq=${e.partition}:${e.offset}  key=${r.originalKey ?? '-'}  attempts=${r.attempts}${mark}  ${r.errorMessage}`;
}

/** `newsflow dlq list | stats | replay`: the dead-letter topic as an operator tool. */
export function registerDlqCommands(program: Command): void {
  const dlq = program
    .command('dlq')
    .description('inspect, count and replay the dead-letter topic (replayed entries are marked and hidden)');

  withFilters(
    dlq
      .command('list')
      .description('dead letters, newest first: time, stage/code, DLQ position, key, reason'),
    'also show dead letters already replayed',
  )
    .option('--json', 'one JSON record per line (payload replaced by its size)')
    .action(async (opts: FilterOptions & { json?: boolean }) => {
      const filter = filterOf(opts);
      const { entries, unreadable, close } = await loadEntries(loadCliEnv());
      try {
        const shown = selectDeadLetters(entries, filter);
        for (const e of shown) {
          if (opts.json) {
            const { originalPayloadBase64, ...record } = e.record;
            out(
              JSON.stringify({
                dlqPartition: e.partition,
                dlqOffset: e.offset,
                ...record,
                payloadBytes: Buffer.from(originalPayloadBase64, 'base64').length,
                replayedAt: e.replayedAt,
              }),
            );
          } else out(line(e));
        }
        const hidden = filter.includeReplayed
          ? 0
          : selectDeadLetters(entries, { ...filter, includeReplayed: true }).length - shown.length;
        err(
          `${shown.length} dead letter(s)${hidden ? `; ${hidden} replayed not shown (--all)` : ''}${unreadable ? `; ${unreadable} unreadable record(s)` : ''}`,
        );
      } finally {
        await close();
      }
    });

  withFilters(
    dlq.command('stats').description('dead letters counted by stage and error code: open, replayed, newest'),
    'accepted for symmetry: stats always count replayed entries in their own column',
  ).action(async (opts: FilterOptions) => {
    const filter = { ...filterOf(opts), includeReplayed: true };
    const { entries, close } = await loadEntries(loadCliEnv());
    try {
      const counts = countDeadLetters(selectDeadLetters(entries, filter));
      out(['stage', 'code', 'open', 'replayed', 'newest'].join('\t'));
      for (const c of counts) out([c.stage, c.code, c.open, c.replayed, c.newest].join('\t'));
      const open = counts.reduce((n, c) => n + c.open, 0);
      const replayed = counts.reduce((n, c) => n + c.replayed, 0);
      err(`${open + replayed} dead letter(s): ${open} open, ${replayed} replayed`);
    } finally {
      await close();
    }
  });

  withFilters(
    dlq
      .command('replay')
      .description('re-produce open dead letters to their original topic, then mark them replayed'),
    'replay entries already replayed once more',
  ).action(async (opts: FilterOptions) => {
    const env = loadCliEnv();
    const filter = filterOf(opts);
    const { entries, ledger, close } = await loadEntries(env);
    try {
      // --all replays marked entries again: forget their marks for this run.
      const selected = selectDeadLetters(entries, filter).map((e) =>
        filter.includeReplayed ? { ...e, replayedAt: undefined } : e,
      );
      const kafka = createKafka({ brokers: env.KAFKA_BROKERS, clientId: 'newsflow-cli' });
      err(`replayed ${await replayDeadLetters(kafka, selected, ledger)} message(s)`);
    } finally {
      await close();
    }
  });
}
