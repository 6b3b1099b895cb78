import { CLEAN_TOPIC, ENRICHED_TOPIC, enrichedArticleSchema, type Enrichment } from '@newsflow/contracts';
import {
  extendedJsonMessage,
  parseOrThrow,
  type InboundMessage,
  type OutboundMessage,
} from '@newsflow/messaging';

/** What this stage adds to the clean article: the only part of its output not validated on the way in. */
const ADDED_FIELDS = enrichedArticleSchema.pick({ enrichment: true, enrichedAt: true });

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
    // `article` is the clean schema's output, so only the enrichment is validated before it is produced.
    return [
      extendedJsonMessage(
        ENRICHED_TOPIC,
        article.id,
        article,
        { enrichment, enrichedAt: this.clock().toISOString() },
        ADDED_FIELDS,
      ),
    ];
  }
}
