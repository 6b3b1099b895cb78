import type { Gazetteer } from '../gazetteer/gazetteer.js';

/** Capitalisation profile of a lower-cased word, learned from text: how often it is written capitalised mid-sentence. */
export type CapsBucket = 'L' | 'm' | 'M' | 'C';

/** Bucket of a ratio of capitalised mid-sentence occurrences. */
export function capsBucket(capitalised: number, total: number): CapsBucket {
  const r = capitalised / total;
  return r < 0.1 ? 'L' : r < 0.5 ? 'm' : r < 0.9 ? 'M' : 'C';
}

/** Compressed word shape: Xx, X, x, d, X.X., with a length hint for all-caps words (acronyms vs names). */
export function wordShape(w: string): string {
  let out = '';
  let last = '';
  for (const ch of w) {
    const c = /\p{Lu}/u.test(ch) ? 'X' : /\p{Ll}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
    if (c !== last) out += c;
    last = c;
  }
  if (out === 'X') out += Math.min(w.length, 4);
  return out;
}

/** Cached features of one word type (own features and the features it gives its neighbours). */
export interface TypeFeatures {
  own: number[];
  prev1: number[];
  next1: number[];
  prev2: number[];
  next2: number[];
  shape: string;
  shapeId: number;
  initCap: boolean;
  lower: string;
  /** First character: 'U' upper case, 'L' lower case, 'N' not a cased letter. */
  firstCase: 'U' | 'L' | 'N';
  /** Contributions to the all-caps sentence test (see isAllCapsSentence). */
  upperLetters: number;
  lowerLetters: number;
  /** Number of the last document (featurize call) that used this type: the cache's eviction reads it. */
  seen: number;
  /**
   * This type's row in a model's per-type arena (e.g. the tagger's pre-summed weights of the five groups), in
   * [0, slots): a row is reused after its type is evicted, so a model keeps rows in one fixed block instead of an
   * object per type.
   */
  slot: number;
  /** Scratch flag for a model: set once it has filled the type's row (a new type in a reused row starts false). */
  summed: boolean;
}

/** The word types around one token, for models that pre-sum per-type features. */
export interface TokenContext {
  cur: TypeFeatures;
  p1: TypeFeatures;
  n1: TypeFeatures;
  p2: TypeFeatures;
  n2: TypeFeatures;
}

/**
 * Default bound of the featurizer's word-type cache. A cached type costs ~1 KB of heap (features, pre-summed weights,
 * strings); see NerFeaturizer for the eviction.
 */
export const NER_CACHE_TYPES = 50_000;

const SENTENCE_PUNCT = new Set(['.', '!', '?', ':', '"', '“']);
const BOS = '<s>';
const EOS = '</s>';

/**
 * Feature templates of the entity tagger. Word-type features (form, lower case, shape, affixes,
 * capitalisation profile, gazetteer kinds) are computed once per distinct word and cached, and the
 * context features of neighbours reuse the same cache, so tagging costs a few array copies per token.
 * Token-level features add sentence position, all-caps headlines and a document-level cue (is this
 * word written capitalised mid-sentence elsewhere in the same document?).
 */
export class NerFeaturizer {
  /**
   * Word types seen, each with the number of the last document that used it (`seen`). When the cache passes
   * `maxTypes`, the types no recent document used are dropped (see `evict`): the words of everyday news stay while
   * one-off tokens (numbers, codes, rare names) go, and the cache never empties at once (a full clear cost every word
   * its features again on the next articles, and left the whole cache to the garbage collector at once).
   */
  private readonly cache = new Map<string, TypeFeatures>();
  private docs = 0;
  /** Rows freed by evicted types, reused before new ones; `slots` rows have been handed out in all. */
  private freeSlots: number[] = [];
  private nextSlot = 0;
  /** The document whose own types alone passed the eviction target: no more evictions are tried until it ends. */
  private overfullDoc = -1;

  /**
   * @param toId maps a feature string to its id, or -1 when the model does not know it (training
   *   passes a growing index; inference a frozen one).
   */
  constructor(
    private readonly caps: ReadonlyMap<string, CapsBucket>,
    private readonly gazetteer: Gazetteer,
    private readonly toId: (feature: string) => number,
    readonly maxTypes = NER_CACHE_TYPES,
  ) {}

  /** Word types cached now. */
  get cachedTypes(): number {
    return this.cache.size;
  }

  /**
   * Rows handed out so far (the highest slot + 1): at most `maxTypes`, unless one document alone has more types than
   * the eviction can make room for (see `evict`), when the rows grow with it.
   */
  get slots(): number {
    return this.nextSlot;
  }

  private takeSlot(): number {
    return this.freeSlots.pop() ?? this.nextSlot++;
  }

  private ids(features: string[]): number[] {
    const out: number[] = [];
    for (const f of features) {
      const id = this.toId(f);
      if (id >= 0) out.push(id);
    }
    return out;
  }

  private typeFeatures(w: string): TypeFeatures {
    const hit = this.cache.get(w);
    if (hit) {
      hit.seen = this.docs;
      return hit;
    }
    let f: TypeFeatures;
    if (w === BOS || w === EOS) {
      f = {
        own: [],
        prev1: this.ids([`w-1=${w}`]),
        next1: this.ids([`w+1=${w}`]),
        prev2: this.ids([`w-2=${w}`]),
        next2: this.ids([`w+2=${w}`]),
        shape: w,
        shapeId: this.shapeId(w),
        initCap: false,
        lower: w,
        firstCase: 'N',
        upperLetters: 0,
        lowerLetters: 0,
        seen: this.docs,
        slot: -1,
        summed: false,
      };
    } else {
      const l = w.toLowerCase();
      const shape = wordShape(w);
      const caps = this.caps.get(l) ?? 'U';
      const kinds = this.gazetteer.tokenKinds(w);
      const own = ['bias', `w=${w}`, `l=${l}`, `s=${shape}`, `c=${caps}`, `c=${caps}|s=${shape}`];
      for (let n = 1; n <= 4 && n < l.length; n++) {
        own.push(`p${n}=${l.slice(0, n)}`);
        own.push(`x${n}=${l.slice(-n)}`);
      }
      if (w.includes('-')) own.push('hyph');
      const g: string[] = [];
      if (kinds) for (const k of kinds) g.push(k);
      for (const k of g) own.push(`g=${k}`, `g=${k}|s=${shape}`);
      f = {
        own: this.ids(own),
        prev1: this.ids([`w-1=${l}`, `s-1=${shape}`, ...g.map((k) => `g-1=${k}`)]),
        next1: this.ids([`w+1=${l}`, `s+1=${shape}`, ...g.map((k) => `g+1=${k}`)]),
        prev2: this.ids([`w-2=${l}`]),
        next2: this.ids([`w+2=${l}`]),
        shape,
        shapeId: this.shapeId(shape),
        initCap: /^\p{Lu}/u.test(w),
        lower: l,
        ...caseProfile(w),
        seen: this.docs,
        slot: -1,
        summed: false,
      };
    }
    this.remember(w, f);
    return f;
  }

  private remember(w: string, f: TypeFeatures): void {
    if (this.cache.size >= this.maxTypes && this.overfullDoc !== this.docs) this.evict();
    f.slot = this.takeSlot();
    this.cache.set(w, f);
  }

  /**
   * Drops the types that the most recent documents did not use, narrowing the recent window (4,096 documents, then
   * half as many...) until at most 3/4 of `maxTypes` are left: a pass over the cache per ~maxTypes/4 new types at
   * most. The types of the document being featurized are never dropped (their rows are in use): when that document
   * alone has more types than the target, the cache stays above it and takes new rows until the document ends, and
   * no further eviction is tried for that document (each would be a fruitless pass over the whole cache).
   */
  private evict(): void {
    const target = Math.floor(this.maxTypes * 0.75);
    // Window 0 keeps only the types of the document being featurized.
    for (let window = 4096; this.cache.size > target; window >>= 1) {
      const oldest = this.docs - window;
      for (const [w, f] of this.cache)
        if (f.seen < oldest) {
          this.cache.delete(w);
          this.freeSlots.push(f.slot);
        }
      if (window === 0) break;
    }
    if (this.cache.size > target) this.overfullDoc = this.docs;
  }

  private readonly shapeIds = new Map<string, number>();
  private readonly pairCaches = { 'ss=': new Map<number, number>(), 'ss+=': new Map<number, number>() };

  private shapeId(shape: string): number {
    let id = this.shapeIds.get(shape);
    if (id === undefined) this.shapeIds.set(shape, (id = this.shapeIds.size));
    return id;
  }

  private readonly firstIds = new Map<number, number>();

  /** Id of the sentence-initial shape feature, cached by shape id so the string is built once per shape. */
  private firstId(t: TypeFeatures): number {
    let id = this.firstIds.get(t.shapeId);
    if (id === undefined) this.firstIds.set(t.shapeId, (id = this.toId(`first|s=${t.shape}`)));
    return id;
  }

  /** Id of a shape-pair feature, cached under a numeric key so the string is built once per pair. */
  private pairId(prefix: 'ss=' | 'ss+=', a: TypeFeatures, b: TypeFeatures): number {
    const cache = this.pairCaches[prefix];
    const k = a.shapeId * 1_000_003 + b.shapeId;
    let id = cache.get(k);
    if (id === undefined) cache.set(k, (id = this.toId(`${prefix}${a.shape}|${b.shape}`)));
    return id;
  }

  /**
   * Feature ids for every token of a document given as sentences of words, delivered as groups
   * (word-type features of the token and its neighbours, then token-level features) so that no
   * per-token array is concatenated. `groups` is reused between calls: copy it if you keep it.
   */
  featurize(
    doc: readonly (readonly string[])[],
    emit: (
      s: number,
      i: number,
      groups: readonly (readonly number[])[],
      ctx: TokenContext,
      tokenFeatures: readonly number[],
    ) => void,
  ): void {
    this.docs++;
    // Word-type features once per token; the case tests below reuse their cached case profile.
    const tfs = doc.map((s) => s.map((w) => this.typeFeatures(w)));
    const allCaps = tfs.map((tf) => {
      let upper = 0;
      let lower = 0;
      for (const t of tf) {
        upper += t.upperLetters;
        lower += t.lowerLetters;
      }
      return upper >= 4 && lower <= upper * 0.1;
    });
    // Document-level cue: lower-cased words seen capitalised (or lower case) in a mid-sentence position
    // of a mixed-case sentence. Sentence-initial and headline words look capitalised for other reasons.
    const midCap = new Set<string>();
    const midLower = new Set<string>();
    tfs.forEach((tf, si) => {
      if (allCaps[si]) return;
      const s = doc[si] ?? [];
      for (let i = 1; i < tf.length; i++) {
        const t = tf[i] as TypeFeatures;
        if (t.firstCase === 'N' || SENTENCE_PUNCT.has(s[i - 1] ?? '')) continue;
        if (t.firstCase === 'U') midCap.add(t.lower);
        else midLower.add(s[i] ?? '');
      }
    });
    const bos = this.typeFeatures(BOS);
    const eos = this.typeFeatures(EOS);
    // Token-level feature ids, rewritten in place for each token: `extra.length = 0` would drop the array's
    // backing store and every token would allocate a new one (~60 KB per article), so the ids are written by index
    // and the length cut to their count (V8 keeps the store while the count stays above zero, as it almost always does).
    const extra: number[] = [];
    let count = 0;
    const groups: Array<readonly number[]> = [[], [], [], [], [], extra];
    const ctx: TokenContext = { cur: bos, p1: bos, n1: bos, p2: bos, n2: bos };
    const push = (id: number): void => {
      if (id >= 0) extra[count++] = id;
    };
    doc.forEach((s, si) => {
      const n = s.length;
      const tf = tfs[si] ?? [];
      const caps = allCaps[si] === true;
      for (let i = 0; i < n; i++) {
        const cur = tf[i] as TypeFeatures;
        const p1 = i > 0 ? (tf[i - 1] as TypeFeatures) : bos;
        const n1 = i + 1 < n ? (tf[i + 1] as TypeFeatures) : eos;
        const p2 = i > 1 ? (tf[i - 2] as TypeFeatures) : bos;
        const n2 = i + 2 < n ? (tf[i + 2] as TypeFeatures) : eos;
        groups[0] = cur.own;
        groups[1] = p1.prev1;
        groups[2] = n1.next1;
        groups[3] = p2.prev2;
        groups[4] = n2.next2;
        ctx.cur = cur;
        ctx.p1 = p1;
        ctx.n1 = n1;
        ctx.p2 = p2;
        ctx.n2 = n2;
        count = 0;
        push(this.pairId('ss=', p1, cur));
        push(this.pairId('ss+=', cur, n1));
        if (i === 0) push(this.firstId(cur));
        if (caps || cur.initCap) {
          const l = cur.lower;
          if (caps) {
            push(this.toId(`AC|s=${cur.shape}`));
            push(this.toId(`AC|l=${l}`));
          }
          if (cur.initCap && (i === 0 || caps || SENTENCE_PUNCT.has(s[i - 1] ?? ''))) {
            push(this.toId(midCap.has(l) ? 'doc=cap' : midLower.has(l) ? 'doc=lower' : 'doc=none'));
          } else if (cur.initCap) {
            push(this.toId(midLower.has(l) ? 'docmid=lower' : 'docmid=cap'));
          }
        }
        if (extra.length !== count) extra.length = count;
        emit(si, i, groups, ctx, extra);
      }
    });
  }
}

/** Case profile of one word, for the all-caps sentence test and the document-level cue. */
function caseProfile(w: string): { firstCase: 'U' | 'L' | 'N'; upperLetters: number; lowerLetters: number } {
  const c = w.charAt(0);
  const firstCase = c.toUpperCase() === c.toLowerCase() ? 'N' : c === c.toUpperCase() ? 'U' : 'L';
  const up = w.toUpperCase();
  const lo = w.toLowerCase();
  if (up === lo) return { firstCase, upperLetters: 0, lowerLetters: 0 };
  if (w === up) return { firstCase, upperLetters: w.length, lowerLetters: 0 };
  return { firstCase, upperLetters: 0, lowerLetters: w === lo ? w.length : 1 };
}

/** A headline-style sentence: letters are (almost) all upper case. */
export function isAllCapsSentence(s: readonly string[]): boolean {
  // Counted per word (cheap): words with letters that are all upper case vs. those with lower case.
  let upper = 0;
  let lower = 0;
  for (const w of s) {
    const up = w.toUpperCase();
    const lo = w.toLowerCase();
    if (up === lo) continue;
    if (w === up) upper += w.length;
    else lower += w === lo ? w.length : 1;
  }
  return upper >= 4 && lower <= upper * 0.1;
}
