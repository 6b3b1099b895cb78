import type { Command } from 'commander';
import { Client } from '@opensearch-project/opensearch';
import { opensearchClientOptions } from '@newsflow/messaging';
import {
  adminJobsIndexFor,
  articlesAliasFor,
  dropUnaliasedArticleIndices,
  reindexRunnerOps,
} from '@newsflow/search';
import { loadCliEnv } from '../pipeline/cli-env.js';
import { REINDEX_EXIT, runReindexCommand } from '../reindex/reindex.handler.js';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function warn(line: string): void {
  process.stderr.write(`${line}\n`);
}

const positive = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${what} must be a positive number, got "${v}"`);
  return n;
};

/**
 * `newsflow reindex`: rebuilds the articles into a new index version with the current mapping and moves the alias
 * there without downtime or lost writes (the index stage may keep running). It takes the same job lock as the
 * gateways' `POST /v1/admin/reindex` (refused, exit 3, while another reindex runs); `--drop-old` then deletes the
 * old versions no longer behind the alias.
 */
export function registerReindexCommands(program: Command): void {
  program
    .command('reindex')
    .description(
      'copy the articles into a new index version (current mapping) and switch the alias; writes during the copy are kept; ' +
        `one reindex at a time with the gateways (exit ${REINDEX_EXIT.busy} while another runs)`,
    )
    .option('--drop-old', 'delete the article index versions no longer behind the alias, and nothing else')
    .option('--json', 'print the result as JSON')
    .option(
      '--lease-ms <ms>',
      'heartbeat lease of the job (a gateway takes it over once it lapses)',
      positive('--lease-ms'),
      30_000,
    )
    .option(
      '--requests-per-second <n>',
      'copy throttle in documents per second (default: none)',
      positive('--requests-per-second'),
    )
    .action(
      async (opts: { dropOld?: boolean; json?: boolean; leaseMs: number; requestsPerSecond?: number }) => {
        const env = loadCliEnv();
        const alias = articlesAliasFor(env.NEWSFLOW_PREFIX);
        const client = new Client(opensearchClientOptions(env.OPENSEARCH_URL));
        const ops = reindexRunnerOps(client, alias, adminJobsIndexFor(env.NEWSFLOW_PREFIX));
        try {
          if (opts.dropOld) {
            const running = (await ops.reindexJobs.read(alias))?.job;
            if (running?.state === 'running') {
              warn(
                `refused: a reindex of ${alias} held by ${running.owner} since ${running.startedAt} still reads the old version`,
              );
              process.exitCode = REINDEX_EXIT.busy;
              return;
            }
            const dropped = await dropUnaliasedArticleIndices(client, alias);
            if (opts.json) say(JSON.stringify({ alias, dropped }));
            else
              say(dropped.length ? `dropped ${dropped.join(', ')}` : `no old versions of ${alias} to drop`);
            return;
          }
          const abort = new AbortController();
          const interrupt = () => abort.abort();
          process.once('SIGINT', interrupt);
          try {
            process.exitCode = await runReindexCommand(
              ops,
              {
                json: opts.json,
                leaseMs: opts.leaseMs,
                requestsPerSecond: opts.requestsPerSecond,
                signal: abort.signal,
              },
              { out: say, err: warn },
            );
          } finally {
            process.off('SIGINT', interrupt);
          }
        } finally {
          await client.close();
        }
      },
    );
}
