// The integrity panel: a placeholder the browser script fills with each check it ran. Without JavaScript it still
// says what to download and how to check by hand.

/** Where the panel's evidence (receipt, stored bytes, keys) is served for entry `id`. */
export function evidenceHref(id: string, what: 'evidence' | 'receipt' | 'leaf'): string {
  return `/dashboard-api/entries/${encodeURIComponent(id)}/${what}`;
}

/** The panel for entry `id`. */
export function IntegrityPanel({ id }: { id: string }) {
  return (
    <section
      class="integrity"
      data-integrity
      data-state="idle"
      data-evidence={evidenceHref(id, 'evidence')}
      aria-labelledby="integrity-heading"
    >
      <h2 id="integrity-heading">Integrity</h2>
      <p data-integrity-status role="status" aria-live="polite">
        Not checked yet: the check runs in your browser and needs JavaScript.
      </p>
      <ol data-integrity-checks aria-label="Checks run in this browser"></ol>
      <button type="button" class="secondary" data-integrity-rerun>
        Check again
      </button>
      <p class="meta">
        The browser fetches the receipt, the exact stored bytes and the ledger’s verifier keys, then checks
        the checkpoint signature (Ed25519), the leaf hash and the RFC 9162 inclusion proof itself. To check
        offline, download the{' '}
        <a href={evidenceHref(id, 'receipt')} download>
          receipt
        </a>{' '}
        and the{' '}
        <a href={evidenceHref(id, 'leaf')} download>
          entry bytes
        </a>{' '}
        and follow the auditor guide.
      </p>
    </section>
  );
}
