/**
 * Precision sample for the IPTC topics added by rules (ADDED_IPTC_TOPICS): the development texts on
 * which a topic's rule fires, in a fixed hashed order; the first 50 per topic were read and judged by
 * hand, and the judgements are in iptc-precision-labels.tsv (ids and labels only, never the texts).
 * Pool: the BBC topic set (all 1,522), the WCXB dev article pages (793) and the extraction-dev gold
 * texts (720). None of these judgements is used to set or change a rule.
 * Print the sample for judging: npx tsx test/eval/enrich/iptc-sample.ts [PER_TOPIC] > /tmp/sample.txt
 */
import { createHash } from 'node:crypto';
import { ADDED_IPTC_TOPICS, Enricher, IPTC_MEDIA_TOPICS } from '../../../libs/enrich/src/index.js';
import { loadBbc } from '../../../libs/enrich/training/bbc-corpus.js';
import { loadExtractionDev, loadWcxbArticles } from './cross-source.js';

export interface PoolText {
  id: string;
  title: string;
  body: string;
}

/** The development pool the sample is drawn from. */
export function developmentPool(): PoolText[] {
  return [
    ...loadBbc().map((a) => ({ id: `bbc/${a.id}`, title: a.title, body: a.body })),
    ...loadWcxbArticles().map(({ id, title, body }) => ({ id, title, body })),
    ...loadExtractionDev().map(({ id, title, body }) => ({ id, title, body })),
  ];
}

/** Ids on which each added topic's rule fires, in the fixed sampling order. */
export function firedByTopic(pool: PoolText[], enricher: Enricher): Map<string, string[]> {
  const out = new Map<string, string[]>(ADDED_IPTC_TOPICS.map((t) => [t.code, []]));
  for (const a of pool) {
    const tags = enricher.enrich({ title: a.title, body: a.body }).topics.tags;
    for (const t of ADDED_IPTC_TOPICS) if (t.tags.some((x) => tags.includes(x))) out.get(t.code)?.push(a.id);
  }
  const key = (id: string): string => createHash('sha1').update(`iptc-sample-v1:${id}`).digest('hex');
  for (const ids of out.values()) ids.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return out;
}

if (process.argv[1]?.endsWith('iptc-sample.ts')) {
  const per = Number(process.argv[2] ?? 50);
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
