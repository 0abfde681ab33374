/** Escapes text for HTML. */
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

interface Operation {
  readonly operationId?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: ReadonlyArray<string>;
}

/**
 * A readable reference page of an OpenAPI document, generated as plain HTML (no script,
 * nothing fetched): each tag's operations with their method, path and description, and
 * a link to the document itself.
 */
export const docsPage = (document: Record<string, unknown>): string => {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const tag = operation.tags?.[0] ?? "other";
      const rows = byTag.get(tag) ?? [];
      rows.push(
        `<tr id="${escapeHtml(operation.operationId ?? "")}"><td><code>${escapeHtml(method.toUpperCase())}</code></td><td><code>${escapeHtml(path)}</code></td><td><strong>${escapeHtml(operation.operationId ?? "")}</strong><br>${escapeHtml(operation.description ?? operation.summary ?? "")}</td></tr>`,
      );
      byTag.set(tag, rows);
    }
  }
  const info = (document.info ?? {}) as { title?: string; description?: string; version?: string };
  const sections = [...byTag.entries()]
    .map(
      ([tag, rows]) =>
        `<section><h2>${escapeHtml(tag)}</h2><table><thead><tr><th>Method</th><th>Path</th><th>Operation</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`,
    )
    .join("");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(info.title ?? "API")}</title><style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}code{white-space:nowrap}</style></head><body><h1>${escapeHtml(info.title ?? "API")} <small>${escapeHtml(info.version ?? "")}</small></h1><p>${escapeHtml(info.description ?? "")}</p><p>机器可读文档 / Machine-readable document: <a href="/openapi.json">/openapi.json</a></p>${sections}</body></html>`;
};
