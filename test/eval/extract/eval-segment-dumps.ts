/**
 * `npm run eval:segment -- --set dumps`: the generated WCXB dumps (dump-layouts.ts) in three groups, scored by
 * dump-eval's scoreDump and reported per group, so held-out figures are never mixed with tuning ones:
 *
 * - **tune**: the tune layouts (tune-part sites); the only group whose failures are printed (`--worst N`).
 * - **check**: the check layouts of session 6 (check-part sites): held out from tuning, but their figures were seen.
 * - **session-7 families**: `HELD_OUT_FORMS` on check-part sites with their own furniture vocabulary; measured once
 *   in session 7, then (session 8) part of the training layouts of the learned outlet model (on tune-part sites).
 * - **session-8 held-out** (`--held-out-8` only): `HELD_OUT_FORMS_8`, check-part sites, own vocabulary; written before
 *   the outlet model was trained, never tuned on, measured once at the end of session 8; failures never printed.
 * - **session-9 held-out** (`--held-out-9` only): `HELD_OUT_FORMS_9`, check-part sites, own vocabulary; written and
 *   committed at the start of session 9 before any change of that session, never tuned on, measured once at its end;
 *   failures never printed.
 * - **session-10 held-out** (`--held-out-10` only): `HELD_OUT_FORMS_10` (dump-held-out-10.ts), check-part sites, own
 *   vocabulary; written and committed at the start of session 10 before any change of that session, never tuned on,
 *   to be measured once at its end; failures never printed. Measured once at the end of session 10 (title 0.635,
 *   source 0.417); used up since: a tuning group in session 11 (`--held-out-10` still prints it).
 * - **session-11 held-out** (`--held-out-11` only): `HELD_OUT_FORMS_11` (dump-held-out-11.ts), check-part sites, own
 *   vocabulary; written and committed at the start of session 11 before any change of that session, never tuned on,
 *   to be measured once at its end; failures never printed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { initExtract } from '../../../libs/extract/src/index.js';
import { seededRandom } from '../../support/seeded-random.js';
import { loadWcxb } from './datasets.js';
import { empty, row, scoreDump, type DumpFailure, type Tally } from './dump-eval.js';
import {
  generateDumps,
  generateHeldOut8Dumps,
  generateHeldOut9Dumps,
  generateHeldOut10Dumps,
  generateHeldOut11Dumps,
  generateHeldOutDumps,
  storiesFromPages,
  type DumpStory,
  type GeneratedDump,
} from './dump-layouts.js';

function report(group: string, dumps: readonly GeneratedDump[], showFailures: number): void {
  const per = new Map<string, Tally>();
  const failures: DumpFailure[] = [];
  for (const d of dumps) {
    const t = per.get(d.layout) ?? empty();
    scoreDump(d, t, failures);
    per.set(d.layout, t);
  }
  const all = empty();
  for (const t of per.values()) for (const k of Object.keys(all) as Array<keyof Tally>) all[k] += t[k];
  console.log(`\n### ${group}: ${dumps.length} dumps, ${all.gold} articles\n`);
  console.log(
    '| layout | gold articles | predicted | boundary P | boundary R | boundary F1 | title | source | time |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, t] of per) console.log(row(name, t));
  console.log(row(`**all ${group}**`, all));
  if (showFailures > 0 && failures.length)
    console.log(
      `\nFirst ${group} failures:\n${failures
        .slice(0, showFailures)
        .map((f) => `- [${f.layout}] ${f.what}`)
        .join('\n')}`,
    );
}

/** Builds the three groups from WCXB-dev article pages in `wcxbDir` and prints one table per group. */
export async function runDumpGroups(
  wcxbDir: string,
  perLayout: number,
  seed: number,
  worst: number,
  heldOut8 = false,
  heldOut9 = false,
  storiesCache = '',
  heldOut10 = false,
  heldOut11 = false,
): Promise<void> {
  await initExtract();
  let stories: DumpStory[];
  if (storiesCache && existsSync(storiesCache))
    stories = JSON.parse(readFileSync(storiesCache, 'utf8')) as DumpStory[];
  else {
    stories = storiesFromPages(loadWcxb(resolve(wcxbDir)));
    if (storiesCache) writeFileSync(storiesCache, JSON.stringify(stories));
  }
  const main = generateDumps(stories, seededRandom(seed), perLayout);
  const heldOut = generateHeldOutDumps(stories, seededRandom(seed + 1), perLayout);
  console.log(
    `dumps: ${perLayout} per layout (seed ${seed}) from ${stories.length} WCXB articles (tune ${stories.filter((s) => s.part === 'tune').length}, check ${stories.filter((s) => s.part === 'check').length})`,
  );
  report(
    'tune layouts',
    main.filter((d) => d.part === 'tune'),
    worst,
  );
  report(
    'check layouts (session 6)',
    main.filter((d) => d.part === 'check'),
    0,
  );
  report('session-7 families (measured once in session 7; training forms since session 8)', heldOut, 0);
  if (heldOut8)
    report(
      'held-out families (session 8)',
      generateHeldOut8Dumps(stories, seededRandom(seed + 2), perLayout),
      0,
    );
  if (heldOut9)
    report(
      'held-out families (session 9)',
      generateHeldOut9Dumps(stories, seededRandom(seed + 3), perLayout),
      0,
    );
  if (heldOut10)
    report(
      'held-out families (session 10)',
      generateHeldOut10Dumps(stories, seededRandom(seed + 4), perLayout),
      0,
    );
  if (heldOut11)
    report(
      'held-out families (session 11)',
      generateHeldOut11Dumps(stories, seededRandom(seed + 5), perLayout),
      0,
    );
}
