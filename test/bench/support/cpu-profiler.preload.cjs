// Preloaded into a service with NODE_OPTIONS="--require <this file>" by `bench:pipeline --cpu-prof` (Node 20
// refuses --cpu-prof in NODE_OPTIONS): samples the main thread with the inspector's profiler and writes
// `CPU.<pid>.cpuprofile` into BENCH_CPU_PROF_DIR when the process exits.
'use strict';
const { isMainThread } = require('node:worker_threads');
const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir && isMainThread) {
  const inspector = require('node:inspector');
  const fs = require('node:fs');
  const path = require('node:path');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // The in-thread inspector session answers synchronously, so this also works inside an 'exit' handler.
    session.post('Profiler.stop', (err, res) => {
      if (err || !res) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `CPU.${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  };
  process.on('exit', write);
  // NestJS shutdown hooks re-raise SIGTERM after draining, so the process dies by signal and 'exit' never fires:
  // write on SIGTERM, then step aside (registered first, this runs before Nest's own listener).
  const onTerm = () => {
    process.off('SIGTERM', onTerm);
    write();
  };
  process.on('SIGTERM', onTerm);
}
