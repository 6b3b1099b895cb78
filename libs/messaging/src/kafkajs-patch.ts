/**
 * A fix for kafkajs 2.2.4's idle timer loop (tulios/kafkajs#1556, #1704; the fix of PR #1667, not released).
 *
 * Every broker connection has a request queue whose `checkPendingRequests` ends by calling
 * `scheduleCheckPendingRequests`, which sets a timer even when no request is pending, with a negative delay (its
 * `throttledUntil` starts at -1), i.e. 1 ms. The timer runs `checkPendingRequests` again: from the first response
 * on, each connection runs a callback every millisecond for as long as it is open, idle or not. A stage has several
 * connections (consumer group, fetches, producer, the monitor's admin), so this loop was most of a service's idle
 * CPU and a part of its CPU under load.
 *
 * The patch keeps the original method and only skips it when no request is pending: then the timer could find
 * nothing to send, and a request that cannot go out at once is queued by `push`, which schedules the check itself.
 * Throttling and in-flight limits behave as before.
 */

interface RequestQueueLike {
  pending: unknown[];
  scheduleCheckPendingRequests: (this: RequestQueueLike) => void;
}

interface RequestQueueClass {
  prototype: RequestQueueLike & { [PATCHED]?: true };
}

const PATCHED = Symbol.for('newsflow.kafkajs.requestQueuePatched');

/** The request queue class of the installed kafkajs, or undefined when its layout is not the one this patch knows. */
function requestQueueClass(): RequestQueueClass | undefined {
  try {
    // A file of kafkajs's own layout (no "exports" map restricts it); its types are not published.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cls = require('kafkajs/src/network/requestQueue/index.js') as RequestQueueClass | undefined;
    return typeof cls?.prototype?.scheduleCheckPendingRequests === 'function' ? cls : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Applies the fix once per process (later calls do nothing). Returns whether the patch is in place: false when the
 * installed kafkajs does not have the method (a later version with its own fix, or another layout).
 */
export function patchKafkaRequestQueue(): boolean {
  const cls = requestQueueClass();
  if (!cls) return false;
  const proto = cls.prototype;
  if (proto[PATCHED]) return true;
  const original = proto.scheduleCheckPendingRequests;
  proto.scheduleCheckPendingRequests = function (this: RequestQueueLike): void {
    if (this.pending.length === 0) return;
    original.call(this);
  };
  proto[PATCHED] = true;
  return true;
}
