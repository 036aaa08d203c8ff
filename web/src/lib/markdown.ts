/**
 * Markdown-lite for task descriptions: paragraphs (a blank line between), `- ` / `* ` and `1. ` lists,
 * **bold**, *italics* or _italics_, and [links](https://…) whose address is http(s) or mailto. The
 * result is a tree of plain values that the UI turns into DOM nodes: no HTML is ever parsed, so
 * `<b>` in a description is the text "<b>", and a `javascript:` link is just its text.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] };
export type Block = { kind: 'p'; children: Inline[] } | { kind: 'ul' | 'ol'; items: Inline[][] };

/** An address a link may open: http(s) or mailto, nothing else (not javascript:, data:, or relative). */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  if (!/^(https?:\/\/|mailto:)/i.test(href)) return null;
  try {
    const url = new URL(href);
    return /^(https?|mailto):$/.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

// The first of: a link, bold, italics (* or _), in that order of precedence at each position.
const TOKEN =
  /\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*(?=\S)([\s\S]*?\S)\*\*|\*(?=\S)([^*\n]*?\S)\*|(?<![\p{L}\p{N}])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}])/u;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const push = (t: string) => {
    if (!t) return;
    const last = out.at(-1);
    if (last?.kind === 'text') last.text += t;
    else out.push({ kind: 'text', text: t });
  };
  let rest = text;
  while (rest) {
    const m = TOKEN.exec(rest);
    if (!m) {
      push(rest);
      break;
    }
    push(rest.slice(0, m.index));
    const [whole, label, href, bold, star, underscore] = m;
    if (label !== undefined) {
      const safe = safeHref(href!);
      if (safe) out.push({ kind: 'link', href: safe, children: parseInline(label) });
      else push(whole);
    } else if (bold !== undefined) out.push({ kind: 'strong', children: parseInline(bold) });
    else out.push({ kind: 'em', children: parseInline((star ?? underscore)!) });
    rest = rest.slice(m.index + whole.length);
  }
  return out;
}

const BULLET = /^\s*[-*]\s+(.*)$/;
const NUMBER = /^\s*\d{1,9}[.)]\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  const endPara = () => {
    if (para.length) blocks.push({ kind: 'p', children: parseInline(para.join('\n')) });
    para = [];
  };
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    const item = BULLET.exec(line) ?? NUMBER.exec(line);
    if (item) {
      endPara();
      const kind = BULLET.test(line) ? 'ul' : 'ol';
      const last = blocks.at(-1);
      if (last && last.kind === kind) last.items.push(parseInline(item[1]!));
      else blocks.push({ kind, items: [parseInline(item[1]!)] });
    } else if (line.trim() === '') endPara();
    else para.push(line);
  }
  endPara();
  return blocks;
}
