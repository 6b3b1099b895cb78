import { readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import type { Command } from 'commander';
import {
  configureBoilerplateRules,
  decodeDocumentBytes,
  extractArticles,
  initExtract,
  type ExtractInput,
} from '@newsflow/extract';

interface ExtractOptions {
  format: 'auto' | 'html' | 'text';
  receivedAt?: string;
  debug?: boolean;
  dir?: string;
  url?: string;
  rules?: string[];
}

/** Writes to stdout, waiting for drain when the pipe is full, so thousands of files stream in bounded memory. */
async function write(chunk: string): Promise<void> {
  if (!process.stdout.write(chunk)) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) yield* walk(p);
    else if (st.isFile()) yield p;
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Registers `extract`. */
export function registerExtractCommands(program: Command): void {
  program
    .command('extract')
    .description(
      'extract articles from an HTML page or a plain-text page dump; prints one NDJSON line per article, or with --dir one line per file: {"file","articles":[...]}',
    )
    .argument('[file]', 'input file (HTML, text, .gz), or - for stdin', '-')
    .option('--format <format>', 'auto | html | text', 'auto')
    .option(
      '--received-at <iso>',
      'time the dump was received; relative times resolve against it (default: now)',
    )
    .option('--url <url>', 'origin URL of the page (canonical fallback, source name)')
    .option('--debug', 'include removed spans with the id of the rule that removed them')
    .option(
      '--dir <dir>',
      'process every file under DIR recursively (.html, .htm, .gz, any name) in this process',
    )
    .option(
      '--rules <file...>',
      'extra boilerplate rule files (also NEWSFLOW_EXTRACT_RULES, path-list separated)',
    )
    .action(async (file: string, opts: ExtractOptions) => {
      if (!['auto', 'html', 'text'].includes(opts.format)) {
        process.stderr.write(`newsflow extract: --format must be auto, html or text\n`);
        process.exitCode = 2;
        return;
      }
      const receivedAt = opts.receivedAt ?? new Date().toISOString();
      if (Number.isNaN(Date.parse(receivedAt))) {
        process.stderr.write(`newsflow extract: --received-at is not an ISO time: ${receivedAt}\n`);
        process.exitCode = 2;
        return;
      }
      const envRules = (process.env['NEWSFLOW_EXTRACT_RULES'] ?? '').split(delimiter).filter(Boolean);
      configureBoilerplateRules([...envRules, ...(opts.rules ?? [])]);
      await initExtract();
      const base = (body: string): ExtractInput => ({
        body,
        format: opts.format,
        receivedAt,
        ...(opts.url ? { url: opts.url } : {}),
        ...(opts.debug ? { debug: true } : {}),
      });
      if (opts.dir) {
        let files = 0;
        let failed = 0;
        const started = performance.now();
        for (const path of walk(opts.dir)) {
          files++;
          let line: string;
          try {
            const { text } = decodeDocumentBytes(readFileSync(path));
            const r = extractArticles(base(text));
            if (!r.ok) failed++;
            line = JSON.stringify(
              r.ok
                ? {
                    file: relative(opts.dir, path),
                    articles: r.articles,
                    ...(r.warnings.length ? { warnings: r.warnings } : {}),
                  }
                : {
                    file: relative(opts.dir, path),
                    articles: [],
                    error: { reason: r.reason, message: r.message },
                  },
            );
          } catch (err) {
            failed++;
            line = JSON.stringify({
              file: relative(opts.dir, path),
              articles: [],
              error: { reason: 'unreadable', message: (err as Error).message },
            });
          }
          await write(`${line}\n`);
        }
        const secs = (performance.now() - started) / 1000;
        process.stderr.write(
          `newsflow extract: ${files} files, ${failed} without articles, ${secs.toFixed(1)} s (${(files / Math.max(secs, 1e-9)).toFixed(1)} files/s)\n`,
        );
        return;
      }
      const bytes = file === '-' ? await readStdin() : readFileSync(file);
      const { text } = decodeDocumentBytes(bytes);
      const r = extractArticles(base(text));
      if (!r.ok) {
        process.stderr.write(`${JSON.stringify({ error: { reason: r.reason, message: r.message } })}\n`);
        process.exitCode = 1;
        return;
      }
      for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
      for (const a of r.articles) await write(`${JSON.stringify(a)}\n`);
    });
}
