// Cards v2, as HTML close to how Chat draws them: the header, sections (collapsing behind "Show
// more"), and the widgets webhook messages use. The JSON is read defensively: it came from a script
// or from a user's own message function, and a field of the wrong type is skipped, never trusted.
import { renderCardHtml } from "./card-html";
import { escapeHtml, image, link, safeUrl } from "./html";

/** Chat ignores widgets past this many in a card: the section that passes it and every later one. */
export const MAX_CARD_WIDGETS = 100;

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function string(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The URL behind an `onClick` or a button, when it opens a safe link. */
function openLinkUrl(onClick: unknown): string | undefined {
  const url = string(object(object(onClick)?.openLink)?.url);
  return url === undefined ? undefined : safeUrl(url, "link");
}

// Chat's built-in icons, drawn here as the nearest emoji.
const KNOWN_ICONS: Readonly<Record<string, string>> = {
  AIRPLANE: "✈️",
  BOOKMARK: "🔖",
  BUS: "🚌",
  CAR: "🚗",
  CLOCK: "🕒",
  CONFIRMATION_NUMBER_ICON: "🎫",
  DOLLAR: "💲",
  DESCRIPTION: "📄",
  EMAIL: "✉️",
  EVENT_SEAT: "💺",
  FLIGHT_ARRIVAL: "🛬",
  FLIGHT_DEPARTURE: "🛫",
  HOTEL: "🏨",
  HOTEL_ROOM_TYPE: "🛏️",
  INVITE: "📨",
  MAP_PIN: "📍",
  MEMBERSHIP: "🪪",
  MULTIPLE_PEOPLE: "👥",
  PERSON: "👤",
  PHONE: "📞",
  RESTAURANT_ICON: "🍴",
  SHOPPING_CART: "🛒",
  STAR: "⭐",
  STORE: "🏬",
  TICKET: "🎟️",
  TRAIN: "🚆",
  VIDEO_CAMERA: "📹",
  VIDEO_PLAY: "▶️",
};

function renderIcon(icon: unknown): string {
  const fields = object(icon);
  if (fields === undefined) return "";
  const known = string(fields.knownIcon);
  if (known !== undefined) {
    return `<span class="chat-icon" title="${escapeHtml(known)}">${KNOWN_ICONS[known] ?? "•"}</span>`;
  }
  const url = safeUrl(string(fields.iconUrl) ?? "", "image");
  if (url !== undefined) return image(url, string(fields.altText) ?? "", "chat-icon");
  const material = string(object(fields.materialIcon)?.name);
  if (material !== undefined) {
    return `<span class="chat-icon chat-material" title="${escapeHtml(material)}">◆</span>`;
  }
  return "";
}

function colour(value: unknown): string | undefined {
  const rgb = object(value);
  if (rgb === undefined) return undefined;
  const channel = (name: string) => {
    const number = rgb[name];
    return typeof number === "number" && number >= 0 && number <= 1 ? Math.round(number * 255) : 0;
  };
  return `rgb(${channel("red")}, ${channel("green")}, ${channel("blue")})`;
}

function renderButton(button: unknown): string {
  const fields = object(button);
  if (fields === undefined) return "";
  const label = `${renderIcon(fields.icon)}${escapeHtml(string(fields.text) ?? "")}`;
  const background = colour(fields.color);
  const style = background === undefined ? "" : ` style="background-color: ${background}"`;
  const url = fields.disabled === true ? undefined : openLinkUrl(fields.onClick);
  const kind =
    fields.type === "OUTLINED" || fields.type === "BORDERLESS" ? " chat-button-text" : "";
  if (url === undefined) {
    return `<span class="chat-button chat-button-inert${kind}"${style} title="opens nothing">${label}</span>`;
  }
  // link() builds the anchor; the button's class and colour go on a wrapper.
  return `<span class="chat-button${kind}"${style}>${link(url, label)}</span>`;
}

function renderDecoratedText(fields: Json): string {
  const start = renderIcon(fields.startIcon ?? fields.icon);
  const top = string(fields.topLabel);
  const bottom = string(fields.bottomLabel);
  const wrap = fields.wrapText === true ? "" : " chat-nowrap";
  const end =
    fields.button !== undefined ? renderButton(fields.button) : renderIcon(fields.endIcon);
  const url = openLinkUrl(fields.onClick);
  const text = renderCardHtml(string(fields.text) ?? "");
  return (
    `<div class="chat-decorated">${start}<div class="chat-decorated-body">` +
    (top === undefined ? "" : `<div class="chat-label">${renderCardHtml(top)}</div>`) +
    `<div class="chat-decorated-text${wrap}">${url === undefined || text.includes("<a ") ? text : link(url, text)}</div>` +
    (bottom === undefined ? "" : `<div class="chat-label">${renderCardHtml(bottom)}</div>`) +
    `</div>${end}</div>`
  );
}

function renderImage(fields: Json): string {
  const url = safeUrl(string(fields.imageUrl) ?? "", "image");
  const alt = string(fields.altText) ?? "";
  if (url === undefined) {
    return `<div class="chat-image chat-image-missing">${escapeHtml(alt || "image (no usable URL)")}</div>`;
  }
  const img = image(url, alt, "chat-image");
  const target = openLinkUrl(fields.onClick);
  return target === undefined ? img : link(target, img);
}

function renderGrid(fields: Json): string {
  const requested = fields.columnCount;
  const columns =
    typeof requested === "number" && Number.isInteger(requested) && requested >= 1 && requested <= 6
      ? requested
      : 2;
  const items = list(fields.items).map((value) => {
    const item = object(value) ?? {};
    const picture = object(item.image);
    const url = safeUrl(string(picture?.imageUri) ?? "", "image");
    const title = string(item.title);
    const subtitle = string(item.subtitle);
    return (
      '<div class="chat-grid-item">' +
      (url === undefined ? "" : image(url, string(picture?.altText) ?? "", "chat-grid-image")) +
      (title === undefined ? "" : `<div class="chat-grid-title">${escapeHtml(title)}</div>`) +
      (subtitle === undefined ? "" : `<div class="chat-label">${escapeHtml(subtitle)}</div>`) +
      "</div>"
    );
  });
  const title = string(fields.title);
  return (
    (title === undefined ? "" : `<div class="chat-grid-heading">${escapeHtml(title)}</div>`) +
    `<div class="chat-grid chat-grid-${columns}">${items.join("")}</div>`
  );
}

function renderColumns(fields: Json): string {
  const columns = list(fields.columnItems).map((value) => {
    const column = object(value) ?? {};
    const widgets = list(column.widgets).map(renderWidget).join("");
    return `<div class="chat-column">${widgets}</div>`;
  });
  return `<div class="chat-columns">${columns.join("")}</div>`;
}

const WIDGETS: Readonly<Record<string, (fields: Json) => string>> = {
  decoratedText: renderDecoratedText,
  textParagraph: (fields) =>
    `<div class="chat-paragraph">${renderCardHtml(string(fields.text) ?? "")}</div>`,
  buttonList: (fields) =>
    `<div class="chat-buttons">${list(fields.buttons).map(renderButton).join("")}</div>`,
  image: renderImage,
  divider: () => '<hr class="chat-divider">',
  grid: renderGrid,
  columns: renderColumns,
};

export function renderWidget(value: unknown): string {
  const widget = object(value) ?? {};
  const kind = Object.keys(widget).find((name) => name in WIDGETS);
  if (kind === undefined) {
    const names = Object.keys(widget).join(", ") || "an empty widget";
    return `<div class="chat-widget chat-unsupported">Not drawn here: ${escapeHtml(names)}</div>`;
  }
  return `<div class="chat-widget chat-${kind}">${WIDGETS[kind]!(object(widget[kind]) ?? {})}</div>`;
}

function renderSection(section: Json): string {
  const widgets = list(section.widgets).map(renderWidget);
  const header = string(section.header);
  const heading =
    header === undefined ? "" : `<div class="chat-section-header">${renderCardHtml(header)}</div>`;
  if (section.collapsible !== true) {
    return `<div class="chat-section">${heading}${widgets.join("")}</div>`;
  }
  const count = section.uncollapsibleWidgetsCount;
  const shown = typeof count === "number" && count >= 0 ? Math.floor(count) : 0;
  const hidden = widgets.slice(shown);
  return (
    `<div class="chat-section chat-collapsible">${heading}${widgets.slice(0, shown).join("")}` +
    (hidden.length === 0
      ? ""
      : `<details class="chat-more"><summary>Show more</summary>${hidden.join("")}</details>`) +
    "</div>"
  );
}

function renderHeader(header: Json): string {
  const title = string(header.title) ?? "";
  const subtitle = string(header.subtitle);
  const url = safeUrl(string(header.imageUrl) ?? "", "image");
  const shape =
    header.imageType === "CIRCLE" ? "chat-header-image chat-circle" : "chat-header-image";
  return (
    '<div class="chat-card-header">' +
    (url === undefined ? "" : image(url, string(header.imageAltText) ?? "", shape)) +
    `<div class="chat-card-titles"><div class="chat-card-title">${escapeHtml(title)}</div>` +
    (subtitle === undefined
      ? ""
      : `<div class="chat-card-subtitle">${escapeHtml(subtitle)}</div>`) +
    "</div></div>"
  );
}

/** One card: the sections that fit Chat's widget limit, then a note of what Chat would drop. */
export function renderCard(value: unknown): string {
  const card = object(object(value)?.card) ?? {};
  const header = object(card.header);
  const sections = list(card.sections).map((s) => object(s) ?? {});
  let widgets = 0;
  let kept = sections.length;
  for (const [index, section] of sections.entries()) {
    widgets += list(section.widgets).length;
    if (widgets > MAX_CARD_WIDGETS) {
      kept = index;
      break;
    }
  }
  const dropped = sections.length - kept;
  return (
    '<div class="chat-card">' +
    (header === undefined ? "" : renderHeader(header)) +
    sections.slice(0, kept).map(renderSection).join("") +
    (dropped === 0
      ? ""
      : `<div class="chat-note">${dropped} section(s) not shown: Chat ignores widgets past ${MAX_CARD_WIDGETS} in a card</div>`) +
    "</div>"
  );
}
