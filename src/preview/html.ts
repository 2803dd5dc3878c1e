// HTML building blocks for the renderer: escaping, and the only URLs a rendered message may link to
// or load. Everything a message holds came from a script, a cell or a form respondent.

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * The URL if a link or image may use it: http(s) with a host, or mailto for links. Anything else
 * (javascript:, data:, vbscript:, relative paths) is shown as text, never followed.
 */
export function safeUrl(url: string, kind: "link" | "image"): string | undefined {
  const trimmed = url.trim();
  // Control characters and spaces inside a scheme are how filters get fooled: refuse them all.
  if (/[\u0000-\u0020\u007f]/.test(trimmed)) return undefined;
  if (/^https?:\/\/[^/?#\s]+/i.test(trimmed)) return trimmed;
  if (kind === "link" && /^mailto:[^\s]+$/i.test(trimmed)) return trimmed;
  return undefined;
}

/** An anchor that opens outside the page and tells the target nothing about it. */
export function link(url: string, labelHtml: string): string {
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer nofollow">${labelHtml}</a>`;
}

export function image(url: string, alt: string, className: string): string {
  return `<img class="${className}" src="${escapeHtml(url)}" alt="${escapeHtml(alt)}" referrerpolicy="no-referrer" loading="lazy">`;
}
