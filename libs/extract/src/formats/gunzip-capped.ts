import { gunzipSync } from 'node:zlib';

/**
 * Inflates a gzip stream (all members: a WARC.gz is one member per record), refusing to produce more than
 * `maxBytes`: zlib stops at the cap, so a gzip bomb costs at most `maxBytes` of memory.
 */
export function gunzipCapped(
  bytes: Uint8Array,
  maxBytes: number,
): { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too_large' | 'malformed'; message: string } {
  try {
    return { ok: true, bytes: gunzipSync(bytes, { maxOutputLength: maxBytes }) };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (err instanceof RangeError || code === 'ERR_BUFFER_TOO_LARGE') {
      return {
        ok: false,
        reason: 'too_large',
        message: `gzip content inflates to more than ${maxBytes} bytes`,
      };
    }
    return {
      ok: false,
      reason: 'malformed',
      message: `corrupt gzip data: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}
