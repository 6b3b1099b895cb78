import type { Logger } from 'pino';
import type { OutboundMessage } from './producer.js';

/** A consumed message with string headers. `value` is the raw bytes (empty buffer for a tombstone). */
export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
  value: Buffer;
  headers: Record<string, string>;
  timestamp: string;
}

export interface HandlerContext {
  attempt: number;
  logger: Logger;
}

/**
 * Per-message handler: returns the messages to produce. Throw `PermanentError` for bad input (dead-lettered at
 * once), `DependencyUnavailableError` (or let a connection error through) while a server it needs is down (retried
 * without limit, the stage reports `blocked`); anything else is retried a bounded number of times.
 */
export type MessageHandler = (message: InboundMessage, ctx: HandlerContext) => Promise<OutboundMessage[]>;

export interface BatchFailure {
  message: InboundMessage;
  error: unknown;
  attempts: number;
}

/** What a batch handler may do while it works on a chunk. */
export interface BatchControl {
  logger: Logger;
  heartbeat: () => Promise<void>;
  /** Pauses the partition; call the returned function to resume it. */
  pause: () => () => void;
  /** False once the consumer is stopping or rebalancing: give up the chunk (throw), nothing is committed. */
  isRunning: () => boolean;
  /** Tells health why the stage waits (a dependency outage), or `null` once it no longer does. */
  blocked?: (reason: string | null) => void;
  /**
   * Messages of this partition known to wait behind this chunk (rest of the fetched batch plus the lag the fetch
   * saw): 0 when the stage is caught up on it. The index stage asks for a refresh only then.
   */
  backlog?: number;
}

/**
 * Batch handler (the index stage): handles a chunk at once and returns outputs plus the messages that failed
 * permanently. It must itself retry transient failures (with `ctx.heartbeat` while waiting) or throw, in which
 * case nothing of the chunk is committed and kafkajs redelivers it.
 */
export type BatchHandler = (
  messages: InboundMessage[],
  ctx: BatchControl,
) => Promise<{ outputs: OutboundMessage[]; failures: BatchFailure[] }>;
