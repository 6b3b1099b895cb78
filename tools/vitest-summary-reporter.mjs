// Prints one plain closing line "vitest: N passed, N failed[, N skipped]" that CI tooling can read,
// counting individual test cases across every file of the run.
export default class SummaryReporter {
  onFinished(files = [], errors = []) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const walk = (task) => {
      if (task.type === 'test') {
        const state = task.result?.state;
        if (state === 'pass') passed += 1;
        else if (state === 'fail') failed += 1;
        else skipped += 1;
      }
      for (const child of task.tasks ?? []) walk(child);
    };
    for (const file of files) {
      const before = failed;
      walk(file);
      // A suite that failed outside any test (import error, failing beforeAll) counts as one failure.
      if (file.result?.state === 'fail' && failed === before) failed += 1;
    }
    failed += errors.length;
    const line = `vitest: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : '');
    process.stdout.write(`\n${line}\n`);
  }
}
