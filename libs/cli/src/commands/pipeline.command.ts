import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ApiProblemError, NewsflowClient, type SearchResponse } from '@newsflow/api-client';
import { createKafka } from '@newsflow/messaging';
import { findRepoRoot } from '../infra/index.js';
import { loadCliEnv } from '../pipeline/cli-env.js';
import { collectItems, ingestItems } from '../pipeline/ingest.handler.js';
import { progressBar } from '../pipeline/progress.js';
import { parseInstances } from '../pipeline/instances.js';
import { runStart } from '../pipeline/start.handler.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

export async function assertKafkaReachable(brokers: string[]): Promise<void> {
  const admin = createKafka({ brokers, clientId: 'newsflow-cli', retries: 1 }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (e) {
    throw new Error(
      `cannot reach Kafka at ${brokers.join(',')} (${(e as Error).message}); is the stack up? Run \`npx newsflow infra up\``,
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Highlights come HTML-encoded with <mark> tags; the terminal shows *term* and plain characters. */
function decodeHighlight(html: string): string {
  const entities: Record<string, string> = {
    '&quot;': '"',
    '&#39;': "'",
    '&#x27;': "'",
    '&lt;': '<',
    '&gt;': '>',
    '&amp;': '&',
  };
  return html.replace(/<\/?mark>/g, '*').replace(/&(quot|#39|#x27|lt|gt|amp);/g, (m) => entities[m] ?? m);
}

export function registerPipelineCommands(program: Command): void {
  program
    .command('ingest')
    .description('push dumps into news.ingest.v1: files, folders (recursively), http(s) URLs, or - for stdin')
    .argument('<inputs...>', 'files, folders, URLs or -')
    .option('--source <name>', 'source label attached to every dump')
    .action(async (inputs: string[], opts: { source?: string }) => {
      const env = loadCliEnv();
      const { items, failures: missing } = collectItems(inputs, () => readFileSync(0));
      for (const f of missing) err(`newsflow ingest: ${f.name}: ${f.reason}`);
      if (items.length === 0) {
        err('newsflow ingest: nothing to ingest');
        process.exitCode = 1;
        return;
      }
      await assertKafkaReachable(env.KAFKA_BROKERS);
      const kafka = createKafka({ brokers: env.KAFKA_BROKERS, clientId: 'newsflow-cli', retries: 3 });
      const bar = progressBar();
      const started = Date.now();
      const { dumps, failures } = await ingestItems(kafka, env.NEWSFLOW_PREFIX, items, {
        maxMessageBytes: env.NEWSFLOW_MAX_MESSAGE_BYTES,
        source: opts.source,
        onProgress: bar.update,
      });
      bar.done();
      for (const d of dumps)
        out(
          `${d.dumpIds.join(',')}\t${d.name}${d.parts > 1 ? ` (${d.parts} parts)` : ''}${d.compressed ? ' (gzip)' : ''}`,
        );
      for (const f of failures) err(`newsflow ingest: ${f.name}: ${f.reason}`);
      const secs = (Date.now() - started) / 1000;
      const bytes = dumps.reduce((n, d) => n + d.bytes, 0);
      err(
        `ingested ${dumps.length} dump(s), ${bytes} bytes in ${secs.toFixed(2)} s; ${failures.length + missing.length} failed`,
      );
      if (failures.length + missing.length > 0) process.exitCode = 1;
    });

  program
    .command('search')
    .description('search indexed articles through the gateway')
    .argument(
      '[query...]',
      'query (phrases, AND, OR, NOT, -term, parentheses, source:/topic:/iptc:/entity:/country:/language:)',
    )
    .option('--source <s>', 'filter by source')
    .option('--topic <t>', 'filter by topic')
    .option('--country <cc>', 'filter by ISO country code')
    .option('--size <n>', 'number of results', '10')
    .option('--json', 'print the raw JSON answer')
    .action(
      async (
        query: string[],
        opts: { source?: string; topic?: string; country?: string; size: string; json?: boolean },
      ) => {
        const env = loadCliEnv();
        // The typed client generated from the gateway's OpenAPI document (libs/api-client).
        const client = new NewsflowClient({ baseUrl: env.GATEWAY_URL });
        let body: SearchResponse;
        try {
          body = await client.search({
            size: Number(opts.size),
            ...(query.length ? { q: query.join(' ') } : {}),
            source: opts.source,
            topic: opts.topic,
            country: opts.country,
          });
        } catch (e) {
          if (e instanceof ApiProblemError)
            throw new Error(`search failed (${e.status}): ${e.problem.detail}`);
          throw new Error(
            `cannot reach the gateway at ${env.GATEWAY_URL} (${(e as Error).message}); is \`npm start\` running?`,
          );
        }
        if (opts.json) {
          out(JSON.stringify(body, null, 2));
          return;
        }
        out(`${body.total} ${body.collapsed ? 'stories' : 'result(s)'}`);
        for (const [i, h] of body.hits.entries()) {
          out(`\n${i + 1}. ${h.title}`);
          out(
            `   ${[h.source, h.publishedAt, h.topic, h.countries.join(' '), h.story && h.story.articles > 1 ? `+${h.story.articles - 1} more from ${h.story.sources.join(', ') || 'the same source'}` : ''].filter(Boolean).join(' | ')}   id ${h.id}`,
          );
          const snippet = h.highlights.body?.[0];
          if (snippet) out(`   ...${decodeHighlight(snippet)}...`);
        }
      },
    );

  program
    .command('start')
    .description(
      'the main job: stack up, build, start the five services, ingest seeds/, wait until searchable, print URLs',
    )
    .option('--no-seeds', 'do not ingest the sample dumps')
    .option('--keep-infra', 'leave Kafka, OpenSearch and Redis running on exit')
    .option(
      '--instances <n>',
      'instances of each stage (default NEWSFLOW_INSTANCES or 1; instance i on port + 100·i; partitions bound the useful N)',
    )
    .action(async (opts: { seeds: boolean; keepInfra?: boolean; instances?: string }) => {
      const root = findRepoRoot();
      await runStart({
        repoRoot: root,
        seedsDir: opts.seeds ? join(root, 'seeds') : undefined,
        keepInfra: opts.keepInfra ?? false,
        instances: parseInstances(opts.instances),
        log: out,
      });
    });
}
