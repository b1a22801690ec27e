/**
 * An offer text that may hold a little HTML (objectives, contents…), shown as paragraphs and
 * lists of our own: the text is read by src/common/rich-text.ts into plain strings, so nothing of
 * it is ever markup (React escapes every string).
 */
import { Fragment } from 'react';
import { richText, type Span } from '../../src/common/rich-text.ts';

function Spans({ spans }: { spans: Span[] }) {
  return (
    <>
      {spans.map((s, i) => {
        if (s.text === '\n') return <br key={i} />;
        const text = s.em ? <em key={i}>{s.text}</em> : s.text;
        return s.strong ? <strong key={i}>{text}</strong> : <Fragment key={i}>{text}</Fragment>;
      })}
    </>
  );
}

export function RichText({ text, className = 'prose' }: { text: string | null | undefined; className?: string }) {
  return (
    <>
      {richText(text).map((b, i) => {
        if (b.type === 'paragraph')
          return (
            <p key={i} className={className}>
              <Spans spans={b.spans} />
            </p>
          );
        const items = b.items.map((item, j) => (
          <li key={j}>
            <Spans spans={item} />
          </li>
        ));
        return b.ordered ? (
          <ol key={i} className={className}>
            {items}
          </ol>
        ) : (
          <ul key={i} className={className}>
            {items}
          </ul>
        );
      })}
    </>
  );
}
