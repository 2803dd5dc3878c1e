// A rule's message for one event: a text template, a card of fields, or the author's function.
import {
  buttonList,
  card,
  cardHeader,
  cardSection,
  cardWithId,
  decoratedText,
  linkButton,
} from "../chat/cards";
import { markdownToChat } from "../chat/markdown";
import { emailsIn } from "../mentions/mention-text";
import type { ChatMessage } from "../chat/message";
import { cardTextAsText, neutraliseCardText, neutraliseText } from "../chat/neutralise";
import type { MessageSpec, NotificationStyle } from "./config-types";
import { renderTemplate } from "./template";

/** What a template can name for one event: the built-in names, then the row's or response's fields. */
export interface TemplateData {
  /** Names every rule of this kind offers ({{url}}, {{sheet}}...); a field of the same name loses. */
  readonly builtIn: Readonly<Record<string, string | undefined>>;
  /** Headers or questions -> values, in sheet or form order. */
  readonly fields: ReadonlyMap<string, string>;
  /** The link behind {{url}} and the card's button; it is ours, so it is not neutralised. */
  readonly url: string;
  readonly linkLabel: string;
  /**
   * Fields that are links this project built (a form's uploads, as Drive links made from their
   * ids): shown as links, their labels neutralised.
   */
  readonly links?: ReadonlyMap<string, readonly FieldLink[]>;
}

export interface FieldLink {
  readonly url: string;
  readonly label: string;
}

function lookup(data: TemplateData) {
  return (name: string): string | undefined =>
    name in data.builtIn ? data.builtIn[name] : data.fields.get(name);
}

function linksOf(name: string, data: TemplateData): readonly FieldLink[] | undefined {
  return name in data.builtIn ? undefined : data.links?.get(name);
}

/** A field for a message's text: neutralised, or, for links we built, `<url|label>`. */
function textValue(name: string, data: TemplateData): string | undefined {
  const links = linksOf(name, data);
  if (links) {
    return links
      .map(({ url, label }) => `<${url}|${neutraliseText(label).replace(/[|>]/g, "_")}>`)
      .join(", ");
  }
  const value = lookup(data)(name);
  return value === undefined || value === data.url ? value : neutraliseText(value);
}

/** A field for card text (HTML subset): escaped, lines as `<br>`, links we built as `<a>`. */
function cardValue(name: string, data: TemplateData): string | undefined {
  const links = linksOf(name, data);
  if (links) {
    return links
      .map(({ url, label }) => `<a href="${url}">${neutraliseCardText(label)}</a>`)
      .join("<br>");
  }
  const value = lookup(data)(name);
  return value === undefined ? undefined : neutraliseCardText(value).replace(/\n/g, "<br>");
}

/** A thread key from its template: not shown to anyone, so values are used as they are. */
export function renderThreadKey(
  template: string | undefined,
  data: TemplateData,
): string | undefined {
  return template === undefined ? undefined : renderTemplate(template, lookup(data), (v) => v);
}

/** The addresses a `mention` template names for this event, values used as they are. */
export function mentionedEmails(template: string | undefined, data: TemplateData): string[] {
  return template === undefined ? [] : emailsIn(renderTemplate(template, lookup(data), (v) => v));
}

/** Fills a template for a message's text: values neutralised, the link kept. */
export function renderText(template: string, data: TemplateData): string {
  return renderTemplate(
    template,
    (name) => textValue(name, data),
    (value) => value,
  );
}

/**
 * A Markdown template: the author's Markdown is converted with each value held by a placeholder of
 * private-use characters, so no value can add Markdown; the values, neutralised, go in after.
 */
export function renderMarkdownText(template: string, data: TemplateData): string {
  const values: string[] = [];
  const held = renderTemplate(
    template.replace(/[\uE000\uE001]/g, ""),
    (name) => textValue(name, data),
    (value) => {
      values.push(value);
      return `\uE000${values.length - 1}\uE001`;
    },
  );
  return markdownToChat(held, { trusted: true }).replace(
    /\uE000(\d+)\uE001/g,
    (_slot, index) => values[Number(index)]!,
  );
}

function renderCardText(template: string, data: TemplateData): string {
  return renderTemplate(template, lookup(data), neutraliseCardText);
}

/** The message for one event, or null when a message function says to send nothing. */
export function renderMessage<Context>(
  spec: MessageSpec<Context>,
  context: Context,
  data: TemplateData,
  cardId: string,
  style: { readonly notification?: NotificationStyle; readonly format?: "markdown" } = {},
): ChatMessage | null {
  const notification = style.notification ?? "card";
  if (typeof spec === "string") {
    return {
      text: style.format === "markdown" ? renderMarkdownText(spec, data) : renderText(spec, data),
    };
  }
  if (typeof spec === "function") {
    const result = spec(context);
    if (result === null) return null;
    return typeof result === "string" ? { text: result } : result;
  }
  const { title, subtitle, fields, linkButton: withLink = true } = spec.card;
  const names = fields ?? [...data.fields.keys()];
  const link = withLink && data.url !== "" ? data.url : undefined;
  if (notification !== "card") {
    const heading = [`*${renderText(title, data).trim()}*`];
    if (subtitle !== undefined) heading.push(renderText(subtitle, data));
    if (notification === "text") {
      const lines = names.map((name) => `${neutraliseText(name)}: ${textValue(name, data) || "—"}`);
      const footer = link === undefined ? [] : [`<${link}|${data.linkLabel}>`];
      return { text: [...heading, ...lines, ...footer].join("\n") };
    }
    // The text is the notification and stands above the card: the header would repeat it.
    return { text: heading.join("\n"), cardsV2: [cardWithId(cardId, card(fieldSections()))] };
  }
  const header = cardHeader(
    renderCardText(title, data),
    subtitle === undefined ? {} : { subtitle: renderCardText(subtitle, data) },
  );
  return {
    cardsV2: [cardWithId(cardId, card(fieldSections(), header))],
    // The title as a person reads it, not its HTML: "R&D <b>late</b>", not "R&amp;D <b>late</b>".
    fallbackText: cardTextAsText(header.title),
  };

  function fieldSections() {
    const widgets = names.map((name) =>
      decoratedText(cardValue(name, data) || "—", { topLabel: neutraliseCardText(name) }),
    );
    const sections = [cardSection(widgets)];
    if (link !== undefined) {
      sections.push(cardSection([buttonList([linkButton(data.linkLabel, link)])]));
    }
    return sections;
  }
}
