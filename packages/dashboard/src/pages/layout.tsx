// The frame of every dashboard page: skip link, navigation, the search box, and a main landmark.
import type { Child } from 'hono/jsx';

/** The sections of the navigation. */
export type Section = 'runs' | 'drift' | 'ledger' | 'reports' | 'search' | 'none';

const NAV: readonly { section: Section; href: string; label: string }[] = [
  { section: 'runs', href: '/', label: 'Runs' },
  { section: 'drift', href: '/drift', label: 'Drift' },
  { section: 'ledger', href: '/ledger', label: 'Ledger' },
  { section: 'reports', href: '/reports', label: 'Reports' },
];

/** One dashboard page. `scripts` are same-origin module scripts, for the few places that need JavaScript. */
export function Layout(props: {
  title: string;
  section: Section;
  query?: string;
  scripts?: readonly string[];
  refreshSeconds?: number;
  children: Child;
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.refreshSeconds !== undefined && (
          <meta http-equiv="refresh" content={String(props.refreshSeconds)} />
        )}
        <title>{`${props.title} · Cairn`}</title>
        <link rel="stylesheet" href="/dashboard-assets/style.css" />
        {(props.scripts ?? []).map((src) => (
          <script type="module" src={src} />
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/">
            Cairn
          </a>
          <nav aria-label="Main">
            <ul>
              {NAV.map((n) => (
                <li>
                  <a href={n.href} aria-current={n.section === props.section ? 'page' : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <form role="search" action="/search" method="get">
            <label for="q">Search</label>
            <input
              id="q"
              name="q"
              type="search"
              size={36}
              placeholder="run id, record id or subject reference"
              value={props.query ?? ''}
              required
            />
            <button type="submit">Find</button>
          </form>
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
      </body>
    </html>
  );
}
