// Builders for Cards v2 JSON. They add no text processing: card text is Chat's HTML subset, so
// text that comes from users goes through neutraliseCardText first (see neutralise.ts).
// Optional fields left undefined are omitted, so the output is exactly the JSON Chat receives.

import type {
  ButtonListWidget,
  Card,
  CardHeader,
  CardSection,
  CardWithId,
  DecoratedTextWidget,
  DividerWidget,
  ImageWidget,
  LinkButton,
  TextParagraphWidget,
  Widget,
} from "./message";

export function cardWithId(cardId: string, card: Card): CardWithId {
  return { cardId, card };
}

export function card(sections: readonly CardSection[], header?: CardHeader): Card {
  return header === undefined ? { sections } : { header, sections };
}

export function cardHeader(
  title: string,
  options: { subtitle?: string; imageUrl?: string; imageType?: "SQUARE" | "CIRCLE" } = {},
): CardHeader {
  return withoutUndefined({ title, ...options });
}

export function cardSection(
  widgets: readonly Widget[],
  options: { header?: string; collapsible?: boolean } = {},
): CardSection {
  return withoutUndefined({ ...options, widgets });
}

export function decoratedText(
  text: string,
  options: { topLabel?: string; bottomLabel?: string; button?: LinkButton } = {},
): DecoratedTextWidget {
  // wrapText: without it Chat cuts long values to one line, which hides most of a form answer.
  return {
    decoratedText: withoutUndefined({
      topLabel: options.topLabel,
      text,
      bottomLabel: options.bottomLabel,
      wrapText: true,
      button: options.button,
    }),
  };
}

export function textParagraph(text: string): TextParagraphWidget {
  return { textParagraph: { text } };
}

export function linkButton(text: string, url: string): LinkButton {
  return { text, onClick: { openLink: { url } } };
}

export function buttonList(buttons: readonly LinkButton[]): ButtonListWidget {
  return { buttonList: { buttons } };
}

export function image(imageUrl: string, altText: string): ImageWidget {
  return { image: { imageUrl, altText } };
}

export function divider(): DividerWidget {
  return { divider: {} };
}

function withoutUndefined<T extends object>(value: T): T {
  const result: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    if (field !== undefined) result[name] = field;
  }
  return result as T;
}
