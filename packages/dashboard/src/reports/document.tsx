// The shell of a downloadable report: one self-contained HTML file (styles inline, no script, no remote
// resource) so it opens offline, prints cleanly and can be archived as is.
import type { Child } from 'hono/jsx';
import { CairnError } from '@cairn/core';

const REPORT_CSS = `
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #fff; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.75rem; margin: 0 0 .5rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #c8c8c8; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; } caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { text-align: left; vertical-align: top; border: 1px solid #c8c8c8; padding: .35rem .5rem; }
th { background: #f0f0f0; } code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .875rem; }
pre { background: #f5f5f5; border: 1px solid #d0d0d0; padding: .75rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.meta { color: #4a4a4a; } .chosen { font-weight: 600; } .note { background: #fff8e1; border-left: 4px solid #8a6d00; padding: .5rem .75rem; }
@media print { main { max-width: none; padding: 0; } a { color: inherit; } }
`;

/** A complete HTML document around `children`. */
export function ReportDocument(props: { title: string; lang?: string; children: Child }) {
  return (
    <html lang={props.lang ?? 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <style dangerouslySetInnerHTML={{ __html: REPORT_CSS }} />
      </head>
      <body>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/**
 * Renders a JSX tree of synchronous components to an HTML string with its doctype.
 *
 * @example
 * const html = renderHtml(<ReportDocument title="Explanation">…</ReportDocument>);
 */
export function renderHtml(node: Child): string {
  const rendered = (node as { toString(): string | Promise<string> }).toString();
  if (typeof rendered !== 'string') {
    throw new CairnError('invalid_argument', 'renderHtml: a report component rendered asynchronously');
  }
  return `<!doctype html>\n${rendered}`;
}
