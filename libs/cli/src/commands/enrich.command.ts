import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { listPipelineTopics } from './topics.command.js';
import {
  conllDocuments,
  Enricher,
  EntityTagger,
  parseConll,
  toIob1,
  TopicClassifier,
} from '@newsflow/enrich';

/** Writes to stdout, waiting for drain when the pipe is full, so huge inputs stream in bounded memory. */
async function write(chunk: string): Promise<void> {
  if (!process.stdout.write(chunk)) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
}

/** UTF-8 unless invalid, then Latin-1 (older corpora). */
function decode(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return buf.toString('latin1');
  }
}

function* walkTxt(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) yield* walkTxt(p);
    else if (st.isFile() && name.endsWith('.txt')) yield p;
  }
}

/** Registers `enrich`, `ner` and `topics`. */
export function registerEnrichCommands(program: Command): void {
  program
    .command('enrich')
    .description(
      'enrich NDJSON articles {title, body, ...}: prints each line with an "enrichment" field added',
    )
    .argument('[file]', 'NDJSON file, or - for stdin', '-')
    .action(async (file: string) => {
      const enricher = Enricher.load();
      const input = file === '-' ? process.stdin : createReadStream(file);
      const rl = createInterface({ input, crlfDelay: Infinity });
      let lineNo = 0;
      let bad = 0;
      for await (const line of rl) {
        lineNo++;
        if (line.trim() === '') continue;
        let obj: unknown;
        try {
          obj = JSON.parse(line);
        } catch (err) {
          bad++;
          process.stderr.write(
            `newsflow enrich: line ${lineNo}: invalid JSON (${err instanceof Error ? err.message : String(err)})\n`,
          );
          continue;
        }
        if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
          bad++;
          process.stderr.write(`newsflow enrich: line ${lineNo}: not a JSON object\n`);
          continue;
        }
        const rec = obj as Record<string, unknown>;
        const title = typeof rec['title'] === 'string' ? rec['title'] : '';
        const body = typeof rec['body'] === 'string' ? rec['body'] : '';
        await write(`${JSON.stringify({ ...rec, enrichment: enricher.enrich({ title, body }) })}\n`);
      }
      if (bad > 0) process.exitCode = 1;
    });

  program
    .command('ner')
    .description(
      'tag a CoNLL-2003 file: prints every line with a fifth column, the predicted tag (IOB1), for conlleval',
    )
    .requiredOption(
      '--conll <file>',
      'CoNLL file: token POS chunk tag per line, blank lines between sentences',
    )
    .action(async (opts: { conll: string }) => {
      const tagger = EntityTagger.load();
      const lines = parseConll(decode(readFileSync(opts.conll)));
      const docs = conllDocuments(lines);
      const predicted: string[] = [];
      for (const d of docs) {
        const tags = tagger.tagDocument(d.map((s) => s.map((t) => t.word)));
        for (const s of tags) predicted.push(...toIob1(s));
      }
      let k = 0;
      const out: string[] = [];
      for (const l of lines)
        out.push(l.kind === 'token' ? `${l.raw.trimEnd()} ${predicted[k++] ?? 'O'}` : l.raw);
      // parseConll splits on newlines, so a trailing newline gives one empty last line: do not double it.
      if (out[out.length - 1] === '') out.pop();
      for (let i = 0; i < out.length; i += 5000) await write(out.slice(i, i + 5000).join('\n') + '\n');
    });

  program
    .command('topics')
    .description(
      'without --dir: the pipeline Kafka topics with partitions, offsets, consuming group and lag; with --dir DIR: classify every *.txt under DIR (headline on line 1): prints {"file","topic","scores"} per line over the five trained classes',
    )
    .option('--dir <dir>', 'folder, searched recursively')
    .option('--with-world', 'use the full enricher topics: adds the rule-based "world" class and desk tags')
    .action(async (opts: { dir?: string; withWorld?: boolean }) => {
      if (opts.dir === undefined) return listPipelineTopics();
      const classifier = opts.withWorld ? undefined : TopicClassifier.load();
      const enricher = opts.withWorld ? Enricher.load() : undefined;
      for (const p of walkTxt(opts.dir)) {
        const text = decode(readFileSync(p))
          .replace(/^\uFEFF/, '')
          .replace(/\r\n/g, '\n');
        const file = relative(opts.dir, p);
        if (enricher) {
          const nl = text.indexOf('\n');
          const title = nl < 0 ? text.trim() : text.slice(0, nl).trim();
          const body = nl < 0 ? '' : text.slice(nl + 1).trim();
          const t = enricher.enrich({ title, body }).topics;
          await write(`${JSON.stringify({ file, topic: t.primary, scores: t.scores, tags: t.tags })}\n`);
          continue;
        }
        const scores = (classifier as TopicClassifier).predict(text);
        const topic = Object.entries(scores).sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
        const rounded = Object.fromEntries(
          Object.entries(scores).map(([k, v]) => [k, Math.round(v * 1e4) / 1e4]),
        );
        await write(`${JSON.stringify({ file, topic, scores: rounded })}\n`);
      }
    });
}
