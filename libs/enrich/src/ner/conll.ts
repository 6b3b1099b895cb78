/** Entity types of CoNLL-2003. */
export type ConllType = 'PER' | 'LOC' | 'ORG' | 'MISC';

/** One CoNLL line: token, POS, chunk, gold tag (as read; IOB1 in CoNLL-2003). */
export interface ConllToken {
  word: string;
  pos: string;
  chunk: string;
  tag: string;
}

/** A CoNLL file as lines, keeping -DOCSTART- and blank lines so that it can be written back. */
export type ConllLine = { kind: 'token'; token: ConllToken; raw: string } | { kind: 'other'; raw: string };

/** Parses CoNLL text into lines. Token lines need at least 2 columns; the last column is the tag. */
export function parseConll(text: string): ConllLine[] {
  return text.split(/\r?\n/).map((raw): ConllLine => {
    const cols = raw.trim().split(/\s+/);
    if (raw.trim() === '' || cols[0] === '-DOCSTART-' || cols.length < 2) return { kind: 'other', raw };
    return {
      kind: 'token',
      raw,
      token: {
        word: cols[0] ?? '',
        pos: cols[1] ?? '',
        chunk: cols[2] ?? '',
        tag: cols[cols.length - 1] ?? 'O',
      },
    };
  });
}

/** A document: sentences of tokens (blank lines split sentences; -DOCSTART- splits documents). */
export type ConllDocument = ConllToken[][];

/** Groups parsed lines into documents and sentences. */
export function conllDocuments(lines: ConllLine[]): ConllDocument[] {
  const docs: ConllDocument[] = [];
  let doc: ConllDocument = [];
  let sent: ConllToken[] = [];
  const flushSent = (): void => {
    if (sent.length > 0) doc.push(sent);
    sent = [];
  };
  for (const l of lines) {
    if (l.kind === 'token') sent.push(l.token);
    else {
      flushSent();
      if (l.raw.startsWith('-DOCSTART-') && doc.length > 0) {
        docs.push(doc);
        doc = [];
      }
    }
  }
  flushSent();
  if (doc.length > 0) docs.push(doc);
  return docs;
}

/** IOB1 (B- only between adjacent same-type entities) or IOB2 tags to BIO (IOB2). */
export function toBio(tags: readonly string[]): string[] {
  const out: string[] = [];
  let prev = 'O';
  for (const t of tags) {
    if (t === 'O') out.push('O');
    else {
      const [p, type] = t.split('-') as [string, string];
      const prevType = prev === 'O' ? '' : prev.slice(2);
      out.push(p === 'B' || prevType !== type ? `B-${type}` : `I-${type}`);
    }
    prev = t;
  }
  return out;
}

/** BIO tags to IOB1: B- only where an entity directly follows another of the same type. */
export function toIob1(tags: readonly string[]): string[] {
  return tags.map((t, i) => {
    if (!t.startsWith('B-')) return t;
    const prev = i > 0 ? (tags[i - 1] ?? 'O') : 'O';
    return prev !== 'O' && prev.slice(2) === t.slice(2) ? t : `I-${t.slice(2)}`;
  });
}

/** Entity spans [start, endExclusive, type] from BIO tags (a stray I- opens a span, as conlleval does). */
export function bioSpans(tags: readonly string[]): Array<[number, number, string]> {
  const spans: Array<[number, number, string]> = [];
  let start = -1;
  let type = '';
  tags.forEach((t, i) => {
    const p = t === 'O' ? 'O' : t.slice(0, 1);
    const ty = t === 'O' ? '' : t.slice(2);
    if (start >= 0 && (p !== 'I' || ty !== type)) {
      spans.push([start, i, type]);
      start = -1;
    }
    if (p === 'B' || (p === 'I' && start < 0)) {
      start = i;
      type = ty;
    }
  });
  if (start >= 0) spans.push([start, tags.length, type]);
  return spans;
}

/** Per-type and overall exact-match counts, as conlleval computes them. */
export interface SpanScores {
  perType: Record<
    string,
    { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number }
  >;
  overall: { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number };
}

/** Exact-match entity precision/recall/F1 over sentences of gold and predicted BIO tags. */
export function scoreSpans(gold: string[][], pred: string[][]): SpanScores {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const get = (t: string): { tp: number; fp: number; fn: number } => {
    let c = counts.get(t);
    if (!c) counts.set(t, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  gold.forEach((g, i) => {
    const gs = bioSpans(g);
    const ps = bioSpans(pred[i] ?? []);
    const gk = new Set(gs.map((s) => s.join(':')));
    const pk = new Set(ps.map((s) => s.join(':')));
    for (const s of gs) {
      if (pk.has(s.join(':'))) get(s[2]).tp++;
      else get(s[2]).fn++;
    }
    for (const s of ps) if (!gk.has(s.join(':'))) get(s[2]).fp++;
  });
  const prf = (c: { tp: number; fp: number; fn: number }) => {
    const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
    const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { ...c, precision, recall, f1 };
  };
  const perType: SpanScores['perType'] = {};
  const total = { tp: 0, fp: 0, fn: 0 };
  for (const [t, c] of [...counts.entries()].sort()) {
    perType[t] = prf(c);
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  return { perType, overall: prf(total) };
}
