import type { Command } from 'commander';
import { Client } from '@opensearch-project/opensearch';
import { opensearchClientOptions } from '@newsflow/messaging';
import { articlesAliasFor, dropUnaliasedArticleIndices, reindexArticles } from '@newsflow/search';
import { loadCliEnv } from '../pipeline/cli-env.js';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * `newsflow reindex`: rebuilds the articles into a new index version with the current mapping and moves the alias
 * there without downtime or lost writes (the index stage may keep running); `--drop-old` then deletes the old
 * versions no longer behind the alias.
 */
export function registerReindexCommands(program: Command): void {
  program
    .command('reindex')
    .description(
      'copy the articles into a new index version (current mapping) and switch the alias; writes during the copy are kept',
    )
    .option('--drop-old', 'delete the article index versions no longer behind the alias, and nothing else')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { dropOld?: boolean; json?: boolean }) => {
      const env = loadCliEnv();
      const alias = articlesAliasFor(env.NEWSFLOW_PREFIX);
      const client = new Client(opensearchClientOptions(env.OPENSEARCH_URL));
      try {
        if (opts.dropOld) {
          const dropped = await dropUnaliasedArticleIndices(client, alias);
          if (opts.json) say(JSON.stringify({ alias, dropped }));
          else say(dropped.length ? `dropped ${dropped.join(', ')}` : `no old versions of ${alias} to drop`);
          return;
        }
        let lastShown = -1;
        const result = await reindexArticles(client, alias, {
          onProgress: (p) => {
            if (opts.json || p.total === 0) return;
            const pct = Math.floor(((p.created + p.conflicts) / p.total) * 100);
            if (pct >= lastShown + 10) {
              lastShown = pct;
              process.stderr.write(`  copied ${p.created + p.conflicts}/${p.total} (${pct}%)\n`);
            }
          },
        });
        if (opts.json) {
          say(JSON.stringify(result));
          return;
        }
        say(`${alias} now reads and writes ${result.to} (was ${result.from.join(', ')})`);
        say(
          `copied ${result.created} articles; ${result.conflicts} were already written to ${result.to} during the copy and kept; ${(result.tookMs / 1000).toFixed(1)} s`,
        );
        say(`the old version stays until: npx newsflow reindex --drop-old`);
      } finally {
        await client.close();
      }
    });
}
