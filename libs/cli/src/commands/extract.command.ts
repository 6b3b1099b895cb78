import { readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import type { Command } from 'commander';
import {
  articlesOfDocument,
  configureBoilerplateRules,
  initExtract,
  resolveDump,
  type ExtractedArticle,
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

type DumpArticles =
  | { ok: true; articles: ExtractedArticle[]; warnings: string[]; urls: string[] }
  | { ok: false; reason: string; message: string };

/**
 * The articles of one dump exactly as the pipeline finds them: `resolveDump` (the fetch stage: gzip, charset,
 * format sniffing, NDJSON / feeds / WARC / URL lists / envelopes), then `articlesOfDocument` for each document (the
 * clean stage). URLs the dump names are not downloaded (the fetch stage's queue does that): their inline content
 * stands in when the dump gave one, as it does in the pipeline when a download fails; the others are returned.
 */
export async function dumpArticles(
  bytes: Uint8Array,
  opts: ExtractOptions & { receivedAt: string; fileName?: string },
): Promise<DumpArticles> {
  const contentType = { html: 'text/html', text: 'text/plain', auto: undefined }[opts.format];
  const res = await resolveDump(bytes, {
    ...(contentType ? { contentType } : {}),
    ...(opts.fileName ? { fileName: opts.fileName } : {}),
    ...(opts.url ? { url: opts.url } : {}),
  });
  if (!res.ok) return res;
  const articles: ExtractedArticle[] = [];
  const warnings = [...res.warnings];
  let firstFailure: { ok: false; reason: string; message: string } | undefined;
  // A URL is not downloaded here: where the dump gave its content inline (a feed item's description), that content
  // stands in for the page, as the fetch stage publishes it when the download fails.
  const fallbacks = res.urls.flatMap((url, i) => {
    const inline = res.fallbacks?.[url];
    return inline ? [{ ...inline, index: res.documents.length + i }] : [];
  });
  for (const d of [...res.documents, ...fallbacks]) {
    const found = articlesOfDocument({
      ...d,
      format: res.innerFormat ?? res.format,
      url: d.url ?? opts.url,
      receivedAt: opts.receivedAt,
      ...(opts.debug ? { debug: true } : {}),
    });
    if (found.ok) {
      articles.push(...found.articles);
      warnings.push(...found.warnings);
    } else {
      firstFailure ??= found;
      if (res.documents.length > 1) warnings.push(`document ${d.index}: ${found.reason}: ${found.message}`);
    }
  }
  const urls = res.urls.filter((u) => !res.fallbacks?.[u]);
  if (articles.length === 0 && urls.length === 0)
    return firstFailure ?? { ok: false, reason: 'no_documents', message: 'no document or URL found' };
  return { ok: true, articles, warnings, urls };
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
      'extract articles from a dump exactly as the pipeline does (fetch: format and charset; clean: extraction): an HTML page, a text dump, NDJSON, RSS/Atom, WARC, a JSON envelope; prints one NDJSON line per article, or with --dir one line per file: {"file","articles":[...]}; URLs are not downloaded: the inline content of a feed item stands in, other URLs are listed on stderr',
    )
    .argument('[file]', 'input file (any dump format, .gz too), or - for stdin', '-')
    .option('--format <format>', 'auto | html | text (the Content-Type hint a producer would send)', 'auto')
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
      if (opts.dir) {
        let files = 0;
        let failed = 0;
        const started = performance.now();
        for (const path of walk(opts.dir)) {
          files++;
          let line: string;
          try {
            const r = await dumpArticles(readFileSync(path), { ...opts, receivedAt, fileName: path });
            if (!r.ok || r.articles.length === 0) failed++;
            line = JSON.stringify(
              r.ok
                ? {
                    file: relative(opts.dir, path),
                    articles: r.articles,
                    ...(r.warnings.length ? { warnings: r.warnings } : {}),
                    ...(r.urls.length ? { urls: r.urls } : {}),
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
      const r = await dumpArticles(bytes, {
        ...opts,
        receivedAt,
        ...(file === '-' ? {} : { fileName: file }),
      });
      if (!r.ok) {
        process.stderr.write(`${JSON.stringify({ error: { reason: r.reason, message: r.message } })}\n`);
        process.exitCode = 1;
        return;
      }
      for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
      if (r.urls.length)
        process.stderr.write(
          `the dump names ${r.urls.length} URL(s) without inline content; the pipeline downloads them, this command does not:\n${r.urls.map((u) => `  ${u}\n`).join('')}`,
        );
      for (const a of r.articles) await write(`${JSON.stringify(a)}\n`);
    });
}
