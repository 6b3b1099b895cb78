import { CLEAN_TOPIC, ENRICHED_TOPIC, type Enrichment } from '@newsflow/contracts';
import { jsonMessage, parseOrThrow, type InboundMessage, type OutboundMessage } from '@newsflow/messaging';

/** The part of the enrichment library this stage needs (the real one is `Enricher` from @newsflow/enrich). */
export interface ArticleEnricher {
  enrich(input: { title: string; body: string; language?: string | undefined }): Enrichment;
}

/** Adds topics, entities, countries, keywords, sentiment and a summary to a clean article. */
export class ClassifyArticleHandler {
  constructor(
    private readonly enricher: ArticleEnricher,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  handle(message: InboundMessage): OutboundMessage[] {
    const article = parseOrThrow(CLEAN_TOPIC, message.value);
    const enrichment = this.enricher.enrich({
      title: article.title,
      body: article.body,
      language: article.language,
    });
    return [
      jsonMessage(ENRICHED_TOPIC, article.id, {
        ...article,
        enrichment,
        enrichedAt: this.clock().toISOString(),
      }),
    ];
  }
}
