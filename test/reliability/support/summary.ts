import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The outcome of one scenario, as counted by the verifier (whether the scenario passed or not). */
export interface ScenarioResult {
  readonly name: string;
  readonly passed: boolean;
  readonly articlesExpected: number;
  readonly articlesIndexed: number;
  readonly duplicated: number;
  readonly lost: number;
  readonly deadLettersExpected: number;
  readonly deadLettersFound: number;
  /** Why it failed (first lines of the assertion), empty when it passed. */
  readonly failure: string;
  readonly seconds: number;
}

/** Collects scenario results and prints the suite's one summary line. */
export class Summary {
  readonly results: ScenarioResult[] = [];

  add(r: ScenarioResult): void {
    this.results.push(r);
  }

  line(): string {
    const sum = (f: (r: ScenarioResult) => number) => this.results.reduce((n, r) => n + f(r), 0);
    const passed = this.results.filter((r) => r.passed).length;
    return (
      `reliability: ${this.results.length} scenarios run (${passed} passed, ${this.results.length - passed} failed); ` +
      `articles expected ${sum((r) => r.articlesExpected)} / indexed ${sum((r) => r.articlesIndexed)} / ` +
      `duplicated ${sum((r) => r.duplicated)} / lost ${sum((r) => r.lost)}; ` +
      `dead letters expected ${sum((r) => r.deadLettersExpected)} / found ${sum((r) => r.deadLettersFound)}`
    );
  }

  /** One line per scenario, then the summary line. */
  table(): string {
    const rows = this.results.map(
      (r) =>
        `  ${r.passed ? 'PASS' : 'FAIL'} ${r.name.padEnd(28)} expected ${r.articlesExpected}, indexed ${r.articlesIndexed}, ` +
        `duplicated ${r.duplicated}, lost ${r.lost}, dead letters ${r.deadLettersFound}/${r.deadLettersExpected} ` +
        `(${r.seconds.toFixed(0)} s)${r.failure ? `\n       ${r.failure.split('\n').slice(0, 4).join('\n       ')}` : ''}`,
    );
    return [...rows, this.line()].join('\n');
  }

  write(file: string, meta: Record<string, unknown>): void {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ ...meta, summary: this.line(), results: this.results }, null, 2));
  }
}
