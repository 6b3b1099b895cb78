/**
 * Precision sample for the IPTC topics added by rules (ADDED_IPTC_TOPICS): the development texts on
 * which a topic's rule fires, in a fixed hashed order; the first 50 per topic were read and judged by
 * hand, and the judgements are in iptc-precision-labels.tsv (ids and labels only, never the texts).
 * Round 1 (salt iptc-sample-v1, first rules) is kept in iptc-precision-labels-v1.tsv: the rules were
 * then revised after reading its errors, so round 2 (salt iptc-sample-v2, current rules) draws a fresh
 * sample that leaves out every text judged in round 1, and only round 2 measures the current rules.
 * Pool: the BBC topic set (all 1,522), the WCXB dev article pages (793) and the extraction-dev gold
 * texts (720). None of these judgements is used to set or change a rule.
 * Print the sample for judging: npx tsx test/eval/enrich/iptc-sample.ts [PER_TOPIC] > /tmp/sample.txt
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ADDED_IPTC_TOPICS,
  conllDocuments,
  Enricher,
  IPTC_MEDIA_TOPICS,
  parseConll,
} from '../../../libs/enrich/src/index.js';
import { dataDir, loadBbc } from '../../../libs/enrich/training/bbc-corpus.js';
import { ScriptArgs } from '../../support/script-args.js';
import { loadExtractionDev, loadWcxbArticles } from './cross-source.js';

export interface PoolText {
  id: string;
  title: string;
  body: string;
}

/** The development pool the sample is drawn from (round 2). */
export function developmentPool(): PoolText[] {
  return [
    ...loadBbc().map((a) => ({ id: `bbc/${a.id}`, title: a.title, body: a.body })),
    ...loadWcxbArticles().map(({ id, title, body }) => ({ id, title, body })),
    ...loadExtractionDev().map(({ id, title, body }) => ({ id, title, body })),
  ];
}

/** Tokens of a CoNLL sentence joined back into text (spaces dropped before punctuation and clitics). */
export function detokenize(tokens: readonly string[]): string {
  return tokens
    .join(' ')
    .replace(/ ([.,;:!?%)\]}]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b)/g, '$1')
    .replace(/([([{$]) /g, '$1')
    .replace(/" (.*?) "/g, '"$1"');
}

/**
 * The round-2 extension pool: CoNLL-2003 eng.train and eng.testa documents (Reuters newswire, 1996;
 * the NER training and development splits, never the test split). Title = the first sentence (the headline), body = the rest
 * (dateline first). Ids are `conll/eng.train#N` (N = the document's index in the file, from 0).
 */
export function conllPool(files: readonly string[] = ['eng.train', 'eng.testa']): PoolText[] {
  return files.flatMap((file) =>
    conllDocuments(parseConll(readFileSync(resolve(dataDir(), 'ner-conll2003', file), 'utf8'))).map(
      (d, i) => {
        const sents = d.map((s) => detokenize(s.map((t) => t.word)));
        return { id: `conll/${file}#${i}`, title: sents[0] ?? '', body: sents.slice(1).join('\n') };
      },
    ),
  );
}

/** Ids on which each added topic's rule fires, in the fixed sampling order. */
export function firedByTopic(
  pool: PoolText[],
  enricher: Enricher,
  salt = 'iptc-sample-v2',
  exclude: ReadonlySet<string> = roundOneIds(),
): Map<string, string[]> {
  const out = new Map<string, string[]>(ADDED_IPTC_TOPICS.map((t) => [t.code, []]));
  for (const a of pool) {
    const tags = enricher.enrich({ title: a.title, body: a.body }).topics.tags;
    for (const t of ADDED_IPTC_TOPICS) if (t.tags.some((x) => tags.includes(x))) out.get(t.code)?.push(a.id);
  }
  const key = (id: string): string => createHash('sha1').update(`${salt}:${id}`).digest('hex');
  for (const [code, ids] of out) {
    const kept = ids.filter((id) => !exclude.has(`${code}\t${id}`));
    kept.sort((a, b) => (key(a) < key(b) ? -1 : 1));
    out.set(code, kept);
  }
  return out;
}

/** "code<TAB>id" of every text judged in round 1 (iptc-precision-labels-v1.tsv). */
export function roundOneIds(): Set<string> {
  return new Set(
    readFileSync(resolve(__dirname, 'iptc-precision-labels-v1.tsv'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.split('\t').slice(0, 2).join('\t')),
  );
}

if (process.argv[1]?.endsWith('iptc-sample.ts')) {
  const args = new ScriptArgs(process.argv.slice(2), { positionals: true });
  args.allowOnly([]);
  const per = Number(args.positionals[0] ?? 50);
  const pool = developmentPool();
  const byId = new Map(pool.map((a) => [a.id, a]));
  for (const [code, ids] of firedByTopic(pool, Enricher.load())) {
    console.log(`\n######## ${code} ${IPTC_MEDIA_TOPICS[code]} (fires on ${ids.length} of ${pool.length})`);
    for (const id of ids.slice(0, per)) {
      const a = byId.get(id);
      const body = (a?.body ?? '').replace(/\s+/g, ' ').slice(0, 420);
      console.log(`@@ ${id} | ${a?.title ?? ''} | ${body}`);
    }
  }
}
