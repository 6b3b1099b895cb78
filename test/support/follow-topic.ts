import type { Consumer, Kafka } from 'kafkajs';
import { testName } from './test-names.js';

/**
 * Follows `topic` from its beginning with a consumer of its own test group (`<tag>` in the name), handing each
 * message's value, as text, to `onValue`. Returns the consumer, for the caller to disconnect.
 */
export async function followTopic(
  kafka: Kafka,
  topic: string,
  onValue: (value: string) => void,
  tag = 'follow',
): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: testName(tag) });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      onValue(message.value?.toString() ?? '');
      return Promise.resolve();
    },
  });
  return consumer;
}
