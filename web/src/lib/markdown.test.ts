import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeHref } from './markdown.js';

const text = (t: string) => ({ kind: 'text', text: t });

describe('Markdown-lite', () => {
  it('reads bold, italics and links inside text, nested', () => {
    expect(parseInline('Buy **oat _and_ soy** milk, *today*')).toEqual([
      text('Buy '),
      {
        kind: 'strong',
        children: [text('oat '), { kind: 'em', children: [text('and')] }, text(' soy')],
      },
      text(' milk, '),
      { kind: 'em', children: [text('today')] },
    ]);
    expect(
      parseInline('See [the **docs**](https://example.com/a?b=1) or [mail](mailto:a@example.com)'),
    ).toEqual([
      text('See '),
      {
        kind: 'link',
        href: 'https://example.com/a?b=1',
        children: [text('the '), { kind: 'strong', children: [text('docs')] }],
      },
      text(' or '),
      { kind: 'link', href: 'mailto:a@example.com', children: [text('mail')] },
    ]);
  });

  it('leaves markup, unsafe links and lone markers as the text they are', () => {
    expect(parseInline('<img src=x onerror=alert(1)> & <b>no</b>')).toEqual([
      text('<img src=x onerror=alert(1)> & <b>no</b>'),
    ]);
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<b>x</b>',
      '/relative',
      '//evil.example',
      'vbscript:x',
      'ftp://x.example',
    ]) {
      expect(parseInline(`[click](${bad})`), bad).toEqual([text(`[click](${bad})`)]);
    }
    expect(parseInline('2 * 3 * 4, snake_case_name, ** not bold **, a_b')).toEqual([
      text('2 * 3 * 4, snake_case_name, ** not bold **, a_b'),
    ]);
    expect(parseInline('**unclosed and *half')).toEqual([text('**unclosed and *half')]);
  });

  it('splits paragraphs on blank lines and gathers list items, bulleted or numbered', () => {
    expect(
      parseMarkdown('First line\nsecond line\n\n- milk\n* **eggs**\n1. one\n2) two\n\nEnd'),
    ).toEqual([
      { kind: 'p', children: [text('First line\nsecond line')] },
      { kind: 'ul', items: [[text('milk')], [{ kind: 'strong', children: [text('eggs')] }]] },
      { kind: 'ol', items: [[text('one')], [text('two')]] },
      { kind: 'p', children: [text('End')] },
    ]);
    expect(parseMarkdown('')).toEqual([]);
    expect(parseMarkdown('a\r\n\r\nb').map((b) => b.kind)).toEqual(['p', 'p']);
  });

  it('allows only http(s) and mailto addresses', () => {
    expect(safeHref(' https://example.com ')).toBe('https://example.com/');
    expect(safeHref('http://example.com/x')).toBe('http://example.com/x');
    expect(safeHref('mailto:me@example.com')).toBe('mailto:me@example.com');
    expect(safeHref('https://')).toBeNull();
    expect(safeHref('javascript:alert(1)')).toBeNull();
  });
});
