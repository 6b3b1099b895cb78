/**
 * CPU per article of the stages' own work around the libraries, in one process, beside the enrichment library's own
 * CPU per article on the same articles (the same-run baseline of issue 11). Nothing is sent anywhere: each stage's
 * handler gets its input as the consumer would (a Buffer of JSON) and its outputs are serialised as the producer
 * would send them, gzipped by chunks of 100 when the producer would compress them (`compressionFor`).
 *
 * - `clean`: the clean handler (parse + validate the raw document, text work of libs/extract, build + validate +
 *   serialise the clean article); duplicate detection answered in memory instead of Redis.
 * - `classify`: the classify handler with the enrichment memoised, i.e. what the stage costs beyond the library.
 * - `enrichOnly`: `Enricher.enrich` alone on the same articles (the baseline).
 * - `index`: the index handler (parse + validate, `toArticleDocument`, confirmation) with an in-memory bulk.
 *
 * Run: npx tsx services/classify/src/stage-cpu.bench.ts [--articles 400 --rounds 6] (build first: npm run build).
 * `--tree DIR` measures the compiled stages of another checkout (e.g. `git archive` of an older commit, built), for
 * a same-machine before/after; the enrichment library is always this tree's. Figures are the best round, in CPU ms
 * per article (process.cpuUsage), so other load on the machine inflates them less than wall time.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Enrichment } from '@newsflow/contracts';
import { Enricher } from '@newsflow/enrich';

interface Message {
  topic: string;
  partition: number;
  offset: string;
  key: undefined;
  value: Buffer;
  headers: Record<string, string>;
  timestamp: string;
}
interface Output {
  value: Buffer | string;
}

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const N = Number(arg('articles', '400'));
const ROUNDS = Number(arg('rounds', '6'));
const TREE = resolve(arg('tree', resolve(__dirname, '../../..')));

/** UTF-8, or Latin-1 for the one file of the set that is not UTF-8. */
const decode = (bytes: Buffer): string => {
  const utf8 = bytes.toString('utf8');
  return utf8.includes('\ufffd') ? bytes.toString('latin1') : utf8;
};

/** BBC articles (headline, then paragraphs) from the shared data folder, read at run time, never copied. */
function loadArticles(): Array<{ title: string; paragraphs: string[] }> {
  const dir = resolve(__dirname, '../../../../shared/data/topics-bbc-train');
  if (!existsSync(dir)) throw new Error(`${dir} not found: this benchmark needs the BBC topic corpus`);
  const out: Array<{ title: string; paragraphs: string[] }> = [];
  for (const topic of readdirSync(dir).sort())
    for (const f of readdirSync(join(dir, topic)).sort()) {
      if (!f.endsWith('.txt')) continue;
      const [title = '', ...rest] = decode(readFileSync(join(dir, topic, f))).split(/\r?\n/);
      const paragraphs = rest.map((l) => l.trim()).filter((l) => l.length > 40);
      if (title.trim() && paragraphs.length) out.push({ title: title.trim(), paragraphs });
    }
  return out;
}

const cpuMsPerArticle = async (f: () => unknown): Promise<number> => {
  const c = process.cpuUsage();
  await f();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000 / N;
};

async function main(): Promise<void> {
  const load = (p: string) => import(resolve(TREE, p)) as Promise<Record<string, unknown>>;
  const { CleanDocumentHandler } = (await load(
    'services/clean/dist/clean-document/clean-document.handler.js',
  )) as { CleanDocumentHandler: new (d: unknown) => { handle(m: Message): Promise<Output[]> } };
  const { ClassifyArticleHandler } = (await load(
    'services/classify/dist/classify-article/classify-article.handler.js',
  )) as { ClassifyArticleHandler: new (e: unknown) => { handle(m: Message): Output[] } };
  const { IndexArticlesHandler } = (await load(
    'services/index/dist/index-articles/index-articles.handler.js',
  )) as {
    IndexArticlesHandler: new (
      i: unknown,
      o: unknown,
    ) => { handle(m: Message[], ctl: unknown): Promise<unknown> };
  };
  const producer = await load('libs/messaging/dist/producer.js');
  // The language model must be loaded into the instance of libs/extract the clean handler resolves.
  await (await import('@newsflow/extract')).initExtract();
  // Older producers gzipped every send; newer ones say per send (compressionFor: 0 is none).
  const compressionFor = producer['compressionFor'] as ((o: Output[]) => number) | undefined;
  const gzipped = (outs: Output[]) => (compressionFor ? compressionFor(outs) !== 0 : true);
  const produce = (outs: Output[]) => {
    for (let i = 0; i < outs.length; i += 100) {
      const chunk = outs.slice(i, i + 100);
      if (gzipped(chunk)) gzipSync(Buffer.concat(chunk.map((o) => Buffer.from(o.value))));
    }
  };

  const articles = loadArticles();
  const now = new Date().toISOString();
  const message = (value: Buffer | string, i: number): Message => ({
    topic: 't',
    partition: 0,
    offset: String(i),
    key: undefined,
    value: Buffer.isBuffer(value) ? value : Buffer.from(value),
    headers: { 'newsflow-ts-ingest': String(Date.now()) },
    timestamp: '0',
  });
  // NDJSON-dump articles as fetch emits them: title, ~3 KB body, URL, source, author, date.
  const raws = Array.from({ length: N }, (_, i) => {
    const a = articles[i % articles.length];
    const b = articles[(i * 7 + 3) % articles.length];
    const body = [...(a?.paragraphs ?? []), ...(b?.paragraphs ?? [])].join('\n\n').slice(0, 3000);
    return Buffer.from(
      JSON.stringify({
        schemaVersion: 1,
        dumpId: 'bench-dump',
        docIndex: i,
        format: 'ndjson',
        contentType: 'text/plain',
        charset: 'utf-8',
        body,
        url: `https://bench.example.com/${i}`,
        source: 'bench',
        title: a?.title ?? 'untitled',
        author: 'Bench Desk',
        publishedAt: now,
        receivedAt: now,
        fetchedAt: now,
      }),
    );
  });

  const enricher = Enricher.load();
  const memo = new Map<string, Enrichment>();
  const memoised = {
    enrich: (x: { title: string; body: string }): Enrichment => {
      const k = `${x.title}\u0000${x.body}`;
      let e = memo.get(k);
      if (!e) memo.set(k, (e = enricher.enrich(x) as Enrichment));
      return e;
    },
  };
  const clean = new CleanDocumentHandler({ register: (id: string) => Promise.resolve({ storyId: id }) });
  const classify = new ClassifyArticleHandler(memoised);
  const index = new IndexArticlesHandler(
    {
      alias: 'bench',
      bulkIndex: (docs: Array<{ id: string }>) =>
        Promise.resolve(docs.map((d) => ({ id: d.id, status: 201, result: 'created' }))),
    },
    { maxAttempts: 3, retryBaseMs: 1, retryMaxMs: 1 },
  );
  const ctl = {
    logger: { warn: () => undefined },
    heartbeat: () => Promise.resolve(),
    pause: () => () => undefined,
  };

  const best: Record<string, number> = {};
  const keep = (k: string, v: number) => (best[k] = Math.min(best[k] ?? Infinity, v));
  let cleanOut: Output[] = [];
  let enrichedOut: Output[] = [];
  for (let r = 0; r <= ROUNDS; r++) {
    // Round 0 warms up (and fills the enrichment memo); it is not counted.
    const record = r > 0 ? keep : () => undefined;
    record(
      'clean',
      await cpuMsPerArticle(async () => {
        cleanOut = [];
        for (let i = 0; i < N; i++) cleanOut.push(...(await clean.handle(message(raws[i] as Buffer, i))));
        produce(cleanOut);
      }),
    );
    const inputs = cleanOut.map((o) => JSON.parse(String(o.value)) as { title: string; body: string });
    record('enrichOnly', await cpuMsPerArticle(() => inputs.forEach((a) => enricher.enrich(a))));
    record(
      'classify',
      await cpuMsPerArticle(() => {
        enrichedOut = cleanOut.flatMap((o, i) => classify.handle(message(Buffer.from(o.value), i)));
        produce(enrichedOut);
      }),
    );
    record(
      'index',
      await cpuMsPerArticle(async () => {
        for (let i = 0; i < N; i += 500)
          await index.handle(
            enrichedOut.slice(i, i + 500).map((o, j) => message(Buffer.from(o.value), i + j)),
            ctl,
          );
      }),
    );
  }
  const round3 = (x: number) => Math.round(x * 1000) / 1000;
  const stages = Object.fromEntries(Object.entries(best).map(([k, v]) => [k, round3(v)]));
  const own = (best['clean'] ?? 0) + (best['classify'] ?? 0) + (best['index'] ?? 0);
  process.stdout.write(
    `${JSON.stringify({
      tree: TREE,
      articles: N,
      rounds: ROUNDS,
      cpuMsPerArticle: stages,
      stagesOwnOverEnrichOnly: round3(own / (best['enrichOnly'] ?? 1)),
      loadAverage: loadavg().map(round3),
    })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
