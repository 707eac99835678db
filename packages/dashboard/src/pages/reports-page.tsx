// `/reports`: the three reports, each a small form that downloads a file.
import { Layout } from './layout.js';

/** Download paths of the reports. */
export const REPORT_PATHS = {
  explanationHtml: '/reports/explanation.html',
  explanationJson: '/reports/explanation.json',
  subjectHtml: '/reports/subject.html',
  subjectJson: '/reports/subject.json',
  periodPack: '/reports/period.tar.gz',
  periodPdf: '/reports/period.pdf',
} as const;

/**
 * The download link of a decision's explanation.
 *
 * @example explanationHref('dec-1', 'html') === '/reports/explanation.html?id=dec-1'
 */
export function explanationHref(id: string, format: 'html' | 'json'): string {
  return `${format === 'html' ? REPORT_PATHS.explanationHtml : REPORT_PATHS.explanationJson}?id=${encodeURIComponent(id)}`;
}

/**
 * The download link of a subject's access export.
 *
 * @example subjectHref('hmac:1', 'json') === '/reports/subject.json?ref=hmac%3A1'
 */
export function subjectHref(subjectRef: string, format: 'html' | 'json'): string {
  return `${format === 'html' ? REPORT_PATHS.subjectHtml : REPORT_PATHS.subjectJson}?ref=${encodeURIComponent(subjectRef)}`;
}

/** The reports page; the period form starts filled with this month up to and including today (UTC). */
export function ReportsPage({ now }: { now: Date }) {
  const monthStart = `${now.toISOString().slice(0, 8)}01`;
  const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  return (
    <Layout title="Reports" section="reports">
      <h1>Reports</h1>
      <section aria-labelledby="explanation-heading">
        <h2 id="explanation-heading">Explanation of a decision for the person concerned</h2>
        <p>
          In plain language: the role of the AI, the main factors, the outcome and how to contest it (GDPR
          Art. 15(1)(h) and 22(3); EU AI Act Art. 86(1)).
        </p>
        <form class="filters" method="get" action={REPORT_PATHS.explanationHtml}>
          <div>
            <label for="explanation-id">Decision id</label>
            <input id="explanation-id" name="id" required size={40} />
          </div>
          <button type="submit">Download HTML</button>
          <button type="submit" class="secondary" formaction={REPORT_PATHS.explanationJson}>
            Download JSON
          </button>
        </form>
      </section>
      <section aria-labelledby="subject-heading">
        <h2 id="subject-heading">Data-subject access export</h2>
        <p>
          Every entry about one pseudonymous subject reference, with a receipt for each and an explanation of
          each decision (GDPR Art. 15).
        </p>
        <form class="filters" method="get" action={REPORT_PATHS.subjectHtml}>
          <div>
            <label for="subject-ref">Subject reference</label>
            <input id="subject-ref" name="ref" required size={40} />
          </div>
          <button type="submit">Download HTML</button>
          <button type="submit" class="secondary" formaction={REPORT_PATHS.subjectJson}>
            Download JSON
          </button>
        </form>
      </section>
      <section aria-labelledby="period-heading">
        <h2 id="period-heading">Period evidence pack</h2>
        <p>
          The verifiable evidence bundle of the period with a report (HTML and PDF): counts, the checkpoint,
          the verifier keys, how to verify with <code>cairn</code> and with standard tools, and the
          requirements each record field serves. It holds every entry sealed by a checkpoint that occurred in
          the period, and the entries between them.
        </p>
        <form class="filters" method="get" action={REPORT_PATHS.periodPack}>
          <div>
            <label for="period-from">From (UTC date)</label>
            <input id="period-from" name="from" type="date" required value={monthStart} />
          </div>
          <div>
            <label for="period-to">Until, exclusive (UTC date)</label>
            <input id="period-to" name="to" type="date" required value={tomorrow} />
          </div>
          <button type="submit">Download the pack (.tar.gz)</button>
          <button type="submit" class="secondary" formaction={REPORT_PATHS.periodPdf}>
            Download the report only (PDF)
          </button>
        </form>
      </section>
    </Layout>
  );
}
