/**
 * Open-loop HTTP load generator, run as its own process by bench-search.ts so that its CPU is not the gateway's.
 * Request i is due at start + i / rate, whether or not earlier ones have answered; its latency is measured from
 * that due time (so a stall shows up in the figures instead of silently lowering the offered rate) and, for
 * comparison, from the moment it was actually sent.
 *
 * Usage: node --import tsx test/bench/search-load.ts SPEC.json OUT.json
 * SPEC: { baseUrl, rate, durationS, requests: [{ method, path, body?, storyDetails? }] } (requests are used
 * round-robin; storyDetails: a direct collapsed search is followed by its page's story details request, as the
 * gateway does (not when the first answer shows every matching story is one article), and its latency covers both).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { buildStoryDetailsBody, everyStoryAlone, type RawSearchResponse } from '@newsflow/search';
import { ScriptArgs } from '../support/script-args.js';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /**
   * Direct collapsed searches: the second request the gateway makes for the page's stories (their counts and
   * oldest articles), sent once the first answer is in, to `path` with `buildStoryDetailsBody(match, storyIds)`;
   * skipped as the gateway skips it (every matching story one article) unless `always`.
   */
  storyDetails?: { path: string; match: Record<string, unknown>; always?: boolean };
}

export interface LoadSpec {
  baseUrl: string;
  rate: number;
  durationS: number;
  requests: LoadRequest[];
}

export interface LoadSample {
  /** ms from the due time to the end of the response. */
  latencyMs: number;
  /** ms from the actual send to the end of the response. */
  serviceMs: number;
  status: number;
  bytes: number;
  /** Total hits when the answer says so, else -1. */
  total: number;
}

export interface LoadOutput {
  offered: number;
  sent: number;
  wallMs: number;
  /** From the first due time to the last send: the rate actually offered is sent / sendSpanMs. */
  sendSpanMs: number;
  maxSendLagMs: number;
  samples: LoadSample[];
  errors: string[];
  cpuSeconds: number;
}

// OpenSearch: `"hits":{"total":{"value":N`; the gateway: `{"total":N` (OpenSearch's `_shards.total` comes first, so be exact).
const TOTAL = /"hits":\{"total":\{"value":(\d+)|^\{"total":(\d+)/;

export interface Answer {
  status: number;
  bytes: number;
  total: number;
}

/** Sends a request and, for a direct collapsed search, its story details request as the gateway does. */
export async function send(agent: Agent, base: URL, req: LoadRequest): Promise<Answer> {
  const first = await sendOne(agent, base, req);
  if (!req.storyDetails || first.status !== 200)
    return { status: first.status, bytes: first.bytes, total: first.total };
  const answer = JSON.parse(first.text) as Partial<RawSearchResponse>;
  // As the gateway: no details request when every matching story is a single article.
  if (!req.storyDetails.always && answer.hits && everyStoryAlone(answer as RawSearchResponse))
    return { status: first.status, bytes: first.bytes, total: first.total };
  const hits = answer.hits?.hits;
  const ids = (hits ?? []).map((h) => h._source?.storyId).filter((x): x is string => typeof x === 'string');
  if (ids.length === 0) return { status: first.status, bytes: first.bytes, total: first.total };
  const second = await sendOne(agent, base, {
    method: 'POST',
    path: req.storyDetails.path,
    body: JSON.stringify(buildStoryDetailsBody(req.storyDetails.match, ids)),
  });
  return { status: second.status, bytes: first.bytes + second.bytes, total: first.total };
}

function sendOne(agent: Agent, base: URL, req: LoadRequest): Promise<Answer & { text: string }> {
  return new Promise((resolve, reject) => {
    const body = req.body ? Buffer.from(req.body) : undefined;
    const r = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {},
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          const m = TOTAL.exec(buf.subarray(0, 4096).toString('utf8'));
          const hits = m?.[1] ?? m?.[2];
          resolve({
            status: res.statusCode ?? 0,
            bytes: buf.length,
            total: hits ? Number(hits) : -1,
            text: req.storyDetails ? buf.toString('utf8') : '',
          });
        });
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error('timeout after 10 s')));
    r.on('error', reject);
    r.end(body);
  });
}

/** Runs the spec and resolves with every sample once the last response (or its 10 s timeout) is in. */
export async function runLoad(spec: LoadSpec): Promise<LoadOutput> {
  const base = new URL(spec.baseUrl);
  if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(base.hostname))
    throw new Error(`load only goes to loopback addresses, not ${base.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(spec.rate * spec.durationS);
  const interval = 1000 / spec.rate;
  const samples: LoadSample[] = [];
  const errors: string[] = [];
  const inflight: Array<Promise<void>> = [];
  let maxLag = 0;
  let lastSentAt = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now() + 50;
  let i = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      // Send everything that is due (catching up after a late timer), then sleep until the next due time.
      while (i < total && start + i * interval <= now) {
        const due = start + i * interval;
        const req = spec.requests[i % spec.requests.length];
        i += 1;
        if (!req) continue;
        const sentAt = performance.now();
        lastSentAt = sentAt;
        maxLag = Math.max(maxLag, sentAt - due);
        inflight.push(
          send(agent, base, req).then(
            (res) => {
              const end = performance.now();
              samples.push({ latencyMs: end - due, serviceMs: end - sentAt, ...res });
            },
            (err: unknown) => {
              errors.push((err as Error).message);
            },
          ),
        );
      }
      if (i >= total) done();
      else setTimeout(tick, Math.max(0, start + i * interval - performance.now()));
    };
    setTimeout(tick, 50);
  });
  await Promise.all(inflight);
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return {
    offered: total,
    sent: i,
    wallMs: Math.round(performance.now() - start),
    sendSpanMs: Math.round(lastSentAt - start + interval),
    maxSendLagMs: Math.round(maxLag),
    samples,
    errors: errors.slice(0, 20),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

if (require.main === module) {
  const args = new ScriptArgs(process.argv.slice(2), { positionals: true });
  args.allowOnly([]);
  const [specFile, outFile] = args.positionals;
  if (!specFile || !outFile || args.positionals.length > 2) {
    console.error('usage: search-load.ts SPEC.json OUT.json');
    process.exit(2);
  }
  runLoad(JSON.parse(readFileSync(specFile, 'utf8')) as LoadSpec).then(
    (out) => {
      writeFileSync(outFile, JSON.stringify(out));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
