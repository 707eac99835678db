// The dashboard's one stylesheet, served by the dashboard itself (no CDN, no web font). Colours meet WCAG 2.1 AA
// contrast (4.5:1 for text) on their backgrounds; focus is always visible; state is never told by colour alone.

/** Served at `/dashboard-assets/style.css`. */
export const DASHBOARD_CSS = `
:root { --ink: #1b1b1b; --muted: #4d4d4d; --line: #c4c4c4; --bg: #ffffff; --panel: #f4f5f7; --link: #0a4fb3;
  --pass: #0b6b2f; --pass-bg: #e3f4e8; --fail: #a3140c; --fail-bg: #fde7e5; --focus: #1c5fd1; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--link); } a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; } .skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .25rem .5rem; z-index: 2; }
header.top { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: center; padding: .6rem 1.25rem; border-bottom: 1px solid var(--line); background: var(--panel); }
header.top .brand { font-weight: 700; font-size: 1.1rem; color: var(--ink); text-decoration: none; }
header.top nav ul { display: flex; gap: 1.25rem; list-style: none; margin: 0; padding: 0; }
header.top nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
header.top form { margin-left: auto; display: flex; gap: .4rem; align-items: center; }
main { max-width: 1200px; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.45rem; margin: .5rem 0 1rem; } h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; font-size: .93rem; } caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { text-align: left; vertical-align: top; padding: .4rem .55rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--panel); border-bottom: 2px solid var(--line); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .86rem; word-break: break-all; }
pre { background: var(--panel); border: 1px solid var(--line); padding: .6rem; overflow-x: auto; white-space: pre-wrap; max-height: 24rem; }
label { font-weight: 600; display: block; font-size: .88rem; margin-bottom: .15rem; }
input, select, button { font: inherit; padding: .3rem .45rem; border: 1px solid #767676; border-radius: 3px; background: #fff; color: var(--ink); }
button, .button { background: var(--link); color: #fff; border-color: var(--link); cursor: pointer; text-decoration: none; padding: .35rem .8rem; border-radius: 3px; display: inline-block; }
button.secondary { background: #fff; color: var(--link); }
.filters { display: flex; flex-wrap: wrap; gap: .75rem 1rem; align-items: flex-end; padding: .75rem; background: var(--panel); border: 1px solid var(--line); border-radius: 4px; margin-bottom: 1rem; }
.pager { display: flex; gap: 1rem; margin: 1rem 0; }
.meta { color: var(--muted); }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 3px; border: 1px solid currentColor; font-size: .82rem; font-weight: 600; }
.badge.succeeded, .badge.pass { color: var(--pass); background: var(--pass-bg); }
.badge.failed, .badge.cancelled, .badge.fail, .badge.adverse { color: var(--fail); background: var(--fail-bg); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; } dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
.grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(18rem, 2fr); gap: 1.5rem; } @media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
.timeline { list-style: none; margin: 0; padding: 0; border-left: 3px solid var(--line); }
.timeline li { position: relative; margin: 0 0 .75rem; padding: .35rem .75rem; }
.timeline li::before { content: ""; position: absolute; left: -9px; top: .75rem; width: 13px; height: 13px; border-radius: 50%; background: #fff; border: 3px solid var(--muted); }
.timeline li.decision::before { border-color: var(--link); } .timeline li.run_event::before { border-color: var(--muted); }
.timeline .kind { font-weight: 700; text-transform: uppercase; font-size: .75rem; letter-spacing: .04em; color: var(--muted); }
tr.chosen td { font-weight: 600; background: var(--pass-bg); }
.integrity { border: 2px solid var(--line); border-radius: 6px; padding: .75rem 1rem; background: var(--panel); }
.integrity[data-state="verified"] { border-color: var(--pass); } .integrity[data-state="unavailable"] { border-style: dashed; } .integrity[data-state="failed"] { border-color: var(--fail); }
.integrity [data-integrity-status] { font-size: 1.2rem; font-weight: 700; margin: .25rem 0 .5rem; }
.integrity[data-state="verified"] [data-integrity-status] { color: var(--pass); } .integrity[data-state="failed"] [data-integrity-status] { color: var(--fail); }
.integrity ol { padding-left: 0; list-style: none; } .check { margin: 0 0 .6rem; }
.check-mark { display: inline-block; min-width: 3rem; font-weight: 700; } .check.pass .check-mark { color: var(--pass); } .check.fail .check-mark { color: var(--fail); }
.check-detail { display: block; color: var(--muted); margin-left: 3rem; }
.notice { padding: .6rem .8rem; border-left: 4px solid var(--link); background: var(--panel); }
svg.chart { width: 100%; height: 160px; border: 1px solid var(--line); background: #fff; }
svg.drift-chart { width: 100%; max-width: 960px; height: auto; border: 1px solid var(--line); background: #fff; display: block; }
svg.drift-chart .axis text { font-size: 11px; fill: var(--muted); } svg.drift-chart .grid { stroke: #e2e2e2; }
svg.drift-chart .version { stroke: var(--ink); stroke-dasharray: 4 3; stroke-width: 1.5; } svg.drift-chart .flag { fill: var(--fail); }
svg.drift-chart .whisker { stroke: var(--muted); } svg.drift-chart .box { fill: #56B4E9; stroke: #0072B2; } svg.drift-chart .median { stroke: var(--ink); stroke-width: 2; }
ul.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: .25rem 0; padding: 0; } .swatch { display: inline-block; width: .9rem; height: .9rem; vertical-align: -2px; margin-right: .3rem; border: 1px solid var(--ink); }
.swatch.c0 { background: #0072B2; } .swatch.c1 { background: #E69F00; } .swatch.c2 { background: #009E73; } .swatch.c3 { background: #CC79A7; }
.swatch.c4 { background: #56B4E9; } .swatch.c5 { background: #D55E00; } .swatch.c6 { background: #F0E442; } .swatch.c-other { background: #8C8C8C; }
ul.plain { list-style: none; margin: 0; padding: 0; } details { margin: .5rem 0 1rem; }
`;
