// The body of a Chat incoming-webhook request (a subset of spaces.messages.create's Message).
// Only Cards v2: the v1 `cards` field is deprecated.

/** How a message with a threadKey joins its thread; sent as `messageReplyOption` in the URL. */
export type ReplyOption = "fallbackToNewThread" | "replyOrFail";

export interface ChatMessage {
  /** Chat-formatted text: `*bold*`, `<url|label>`, `<users/all>`... up to 4,096 characters. */
  readonly text?: string;
  readonly cardsV2?: readonly CardWithId[];
  /** Plain text shown in notifications and by clients that cannot render the cards. */
  readonly fallbackText?: string;
  /** Up to 4,000 characters, scoped to the sender (the webhook). */
  readonly thread?: { readonly threadKey: string };
}

export interface CardWithId {
  /** Unique within the message. */
  readonly cardId: string;
  readonly card: Card;
}

export interface Card {
  readonly header?: CardHeader;
  readonly sections: readonly CardSection[];
}

export interface CardHeader {
  readonly title: string;
  readonly subtitle?: string;
  readonly imageUrl?: string;
  readonly imageType?: "SQUARE" | "CIRCLE";
}

export interface CardSection {
  readonly header?: string;
  readonly collapsible?: boolean;
  readonly widgets: readonly Widget[];
}

/** A button that opens a link; the only action a webhook card can have (no app to call back). */
export interface LinkButton {
  readonly text: string;
  readonly onClick: { readonly openLink: { readonly url: string } };
}

export interface DecoratedTextWidget {
  readonly decoratedText: {
    readonly topLabel?: string;
    /** Rendered as Chat's small HTML subset (`<b>`, `<a href>`, ...): escape user text. */
    readonly text: string;
    readonly bottomLabel?: string;
    readonly wrapText?: boolean;
    readonly button?: LinkButton;
  };
}

export interface TextParagraphWidget {
  /** `text` is rendered as Chat's small HTML subset: escape user text. */
  readonly textParagraph: { readonly text: string };
}

export interface ButtonListWidget {
  readonly buttonList: { readonly buttons: readonly LinkButton[] };
}

export interface ImageWidget {
  readonly image: { readonly imageUrl: string; readonly altText: string };
}

export interface DividerWidget {
  readonly divider: Readonly<Record<string, never>>;
}

export type Widget =
  DecoratedTextWidget | TextParagraphWidget | ButtonListWidget | ImageWidget | DividerWidget;
