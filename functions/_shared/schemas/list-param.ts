// A list in one query parameter: items joined by commas, where a comma or backslash inside an item is
// escaped with a backslash (`a\,b,home` is the two tags "a,b" and "home"). A plain comma list
// (`high,urgent`) reads as before. Plain functions (no zod): the web UI writes its lists with them too.

/** Items of a list parameter, unescaped, trimmed, empty ones dropped. */
export function splitList(value: string): string[] {
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && i + 1 < value.length) current += value[++i];
    else if (ch === ',') {
      items.push(current);
      current = '';
    } else current += ch;
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/** One list parameter from items, escaping what splitList would split on. */
export const joinList = (items: readonly string[]): string =>
  items.map((item) => item.replace(/[\\,]/g, (ch) => `\\${ch}`)).join(',');
