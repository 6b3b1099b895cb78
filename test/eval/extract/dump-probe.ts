/**
 * Tuning probe (session 9): scores only the tune-part dumps of the named tune layouts and prints their failures.
 * Tune layouts only: it never builds check layouts or held-out families.
 *
 *   npx tsx test/eval/extract/dump-probe.ts --layouts composed-above,composed-meta [--per-layout 40] [--seed 11]
 *     [--stories-cache .scratch/dumps/stories.json] [--worst 40] [--show 0]
 */
import { readFileSync } from 'node:fs';
import { initExtract } from '../../../libs/extract/src/index.js';
import { ScriptArgs } from '../../support/script-args.js';
import { seededRandom } from '../../support/seeded-random.js';
import { empty, row, scoreDump, type DumpFailure } from './dump-eval.js';
import { buildDump, LAYOUTS, type DumpStory } from './dump-layouts.js';

async function main(): Promise<void> {
  const args = new ScriptArgs();
  args.allowOnly(['layouts', 'per-layout', 'seed', 'stories-cache', 'worst', 'show']);
  await initExtract();
  const stories = (
    JSON.parse(
      readFileSync(args.string('stories-cache', '.scratch/dumps/stories.json'), 'utf8'),
    ) as DumpStory[]
  ).filter((s) => s.part === 'tune');
  const r = seededRandom(args.number('seed', 11) + 100);
  const show = args.number('show', 0);
  const failures: DumpFailure[] = [];
  for (const layout of args.string('layouts', '').split(',')) {
    if (!LAYOUTS.tune[layout]) throw new Error(`no tune layout ${layout}`);
    const t = empty();
    for (let d = 0; d < args.number('per-layout', 40); d++) {
      const dump = buildDump(r, stories, 'tune', layout);
      const before = failures.length;
      scoreDump(dump, t, failures);
      if (d < show && failures.length > before) console.log(`--- ${layout}\n${dump.text.slice(0, 1500)}\n`);
    }
    console.log(row(layout, t));
  }
  console.log(
    failures
      .slice(0, args.number('worst', 40))
      .map((f) => `- [${f.layout}] ${f.what}`)
      .join('\n'),
  );
}

void main();
