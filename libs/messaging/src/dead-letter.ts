import { DLQ_TOPIC, HEADER_ATTEMPT, type DeadLetter } from '@newsflow/contracts';
import { errorCode, errorMessage } from './errors.js';
import { jsonMessage, type OutboundMessage } from './producer.js';
import type { InboundMessage } from './message.types.js';

export type DeadLetterStage = DeadLetter['stage'];

/** Builds the dead-letter record of a message: the original bytes and headers, and why and when it failed. */
export function deadLetterFor(
  stage: DeadLetterStage,
  message: InboundMessage,
  err: unknown,
  attempts: number,
  firstFailureAt: Date,
  lastFailureAt: Date = new Date(),
): OutboundMessage {
  const record: DeadLetter = {
    schemaVersion: 1,
    stage,
    errorClass: err instanceof Error ? err.name : typeof err,
    errorCode: errorCode(err),
    errorMessage: errorMessage(err).slice(0, 4000),
    attempts,
    firstFailureAt: firstFailureAt.toISOString(),
    lastFailureAt: lastFailureAt.toISOString(),
    originalTopic: message.topic,
    originalPartition: message.partition,
    originalOffset: message.offset,
    originalKey: message.key,
    originalHeaders: message.headers,
    originalPayloadBase64: message.value.toString('base64'),
  };
  return jsonMessage(DLQ_TOPIC, message.key, record, {
    ...message.headers,
    [HEADER_ATTEMPT]: String(attempts),
  });
}
