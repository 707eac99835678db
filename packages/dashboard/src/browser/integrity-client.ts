// The integrity panel's script, bundled for the browser (see bundle.ts). It asks the Cairn server for the receipt,
// the exact stored bytes and the published keys, then verifies them here, in the browser, with @cairn/core: the
// server is not trusted to say "verified". Progressive: without JavaScript the panel says how to verify with `cairn`.
import { fromBase64 } from '@cairn/core';
import { checkIntegrity } from './integrity-checks.js';
import type { IntegrityCheck, IntegrityReport } from './integrity-checks.js';

type Evidence = {
  entryId: string;
  receipt: string;
  leaf: string;
  recordedLeafHash: string;
  verifierKeys: string[];
  keySource: 'configured' | 'ledger';
  origin: string;
};

function element(tag: string, text: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className !== undefined) node.className = className;
  return node;
}

function renderCheck(check: IntegrityCheck): HTMLElement {
  const item = document.createElement('li');
  item.className = check.ok ? 'check pass' : 'check fail';
  item.dataset['check'] = check.name;
  item.append(
    element('span', check.ok ? 'Pass' : 'Fail', 'check-mark'),
    element('span', check.label, 'check-label'),
  );
  item.append(element('code', check.detail, 'check-detail'));
  return item;
}

function show(
  panel: HTMLElement,
  state: 'checking' | 'verified' | 'failed' | 'unavailable',
  message: string,
  checks: readonly IntegrityCheck[] = [],
): void {
  panel.dataset['state'] = state;
  const status = panel.querySelector<HTMLElement>('[data-integrity-status]');
  if (status !== null) status.textContent = message;
  const list = panel.querySelector<HTMLElement>('[data-integrity-checks]');
  if (list !== null) list.replaceChildren(...checks.map(renderCheck));
}

/** The server has nothing to check yet (no checkpoint covers the entry): not a failed check. */
class Unavailable extends Error {}

async function fetchEvidence(url: string): Promise<Evidence> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  const body = (await response.json()) as Evidence & { message?: string };
  if (response.status === 409) throw new Unavailable(body.message ?? 'nothing to check yet');
  if (!response.ok) throw new Error(body.message ?? `the server answered ${response.status}`);
  return body;
}

async function verifyPanel(panel: HTMLElement): Promise<void> {
  const url = panel.dataset['evidence'];
  if (url === undefined) return;
  show(panel, 'checking', 'Checking…');
  let report: IntegrityReport;
  try {
    const evidence = await fetchEvidence(url);
    const leaf = fromBase64(evidence.leaf);
    if (leaf === undefined) throw new Error('the stored bytes are not valid base64');
    report = await checkIntegrity({ ...evidence, leaf });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof Unavailable) show(panel, 'unavailable', `Not checked: ${message}`);
    else show(panel, 'failed', `Failed: ${message}`);
    return;
  }
  const failed = report.checks.filter((c) => !c.ok).length;
  show(
    panel,
    report.ok ? 'verified' : 'failed',
    report.ok ? 'Verified' : `Failed: ${failed} of ${report.checks.length} checks did not pass`,
    report.checks,
  );
}

function start(): void {
  for (const panel of Array.from(document.querySelectorAll<HTMLElement>('[data-integrity]'))) {
    void verifyPanel(panel);
    panel.querySelector('[data-integrity-rerun]')?.addEventListener('click', () => void verifyPanel(panel));
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
