import { parseMarkdown, type Inline } from '../lib/markdown.js';

function Inlines(props: { nodes: Inline[] }) {
  return (
    <>
      {props.nodes.map((n, i) =>
        n.kind === 'text' ? (
          n.text
        ) : n.kind === 'link' ? (
          <a key={i} href={n.href} target="_blank" rel="noopener noreferrer">
            <Inlines nodes={n.children} />
          </a>
        ) : n.kind === 'strong' ? (
          <strong key={i}>
            <Inlines nodes={n.children} />
          </strong>
        ) : (
          <em key={i}>
            <Inlines nodes={n.children} />
          </em>
        ),
      )}
    </>
  );
}

/** A description as Markdown-lite, built as DOM nodes (text is text: never HTML). */
export function Markdown(props: { source: string; class?: string }) {
  return (
    <div class={props.class}>
      {parseMarkdown(props.source).map((b, i) =>
        b.kind === 'p' ? (
          <p key={i}>
            <Inlines nodes={b.children} />
          </p>
        ) : (
          (() => {
            const List = b.kind;
            return (
              <List key={i}>
                {b.items.map((item, j) => (
                  <li key={j}>
                    <Inlines nodes={item} />
                  </li>
                ))}
              </List>
            );
          })()
        ),
      )}
    </div>
  );
}
