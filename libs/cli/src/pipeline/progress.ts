import type { IngestProgress } from './ingest.handler.js';

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A one-line progress bar on stderr (only when stderr is a terminal), with counts and rate. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): {
  update: (p: IngestProgress) => void;
  done: () => void;
} {
  const started = Date.now();
  let last = 0;
  return {
    update(p) {
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - last < 80 && p.done < p.total) return;
      last = now;
      const width = 30;
      const filled = p.total ? Math.round((p.done / p.total) * width) : width;
      const secs = Math.max((now - started) / 1000, 0.001);
      stream.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total} dumps, ${human(p.bytes)}, ` +
          `${(p.done / secs).toFixed(1)} dumps/s, ${human(p.bytes / secs)}/s${p.failed ? `, ${p.failed} failed` : ''}   `,
      );
    },
    done() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
