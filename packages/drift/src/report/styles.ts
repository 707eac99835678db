// The report's only stylesheet, inlined: dark text on white (contrast above 7:1), colour never the only cue
// (flags are shapes with tooltips, every chart has a table), and a visible focus ring for keyboard users.

export const REPORT_CSS = `
:root{color:#1b1b1b;background:#fff;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.25rem;margin:32px 0 8px;border-bottom:1px solid #ccc}
h3{font-size:1.05rem;margin:20px 0 4px}.meta{color:#4a4a4a;margin:0 0 16px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:.85rem}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid #bbb;padding:4px 6px;text-align:left;vertical-align:top}
thead th{background:#f0f0f0}
.chart{width:100%;height:auto;max-width:720px;display:block}
.chart .grid{stroke:#d9d9d9;stroke-width:1}.chart .tick{font-size:11px;fill:#333}
.chart .flag{fill:#b00020}.chart .version{stroke:#333;stroke-width:1.5;stroke-dasharray:4 3}
.chart .box{fill:#56b4e9;stroke:#0b3c5d}.chart .median{stroke:#000;stroke-width:2}.chart .whisker{stroke:#333}
.chart .rate{fill:#0072b2}
.legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.85rem}
.swatch{display:inline-block;width:12px;height:12px;margin-right:6px;border:1px solid #333;vertical-align:-1px}
.key{font-size:.85rem;color:#4a4a4a}
.sev{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-weight:600}
.sev-critical{background:#8b0000}.sev-warning{background:#7a4500}.sev-info{background:#1f4e79}
details{margin:4px 0 12px}summary{cursor:pointer;font-weight:600}
summary:focus-visible,a:focus-visible{outline:3px solid #0072b2;outline-offset:2px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dt{font-weight:600}dd{margin:0}
`;
