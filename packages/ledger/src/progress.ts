// A progress line for long verifications on a terminal: rewritten in place, throttled, silent when not a TTY.

/** Where a progress line goes: process.stderr, or anything with the same two members. */
export type ProgressStream = { readonly isTTY?: boolean; write(text: string): unknown };

/**
 * An `onProgress` callback for `ledger.verify` that draws `verified 120,000 / 1,000,000 entries (12%)` on the
 * terminal, at most every `intervalMs`, and ends the line when done. Does nothing when the stream is not a TTY.
 *
 * @example const report = await ledger.verify({ onProgress: terminalProgress() });
 */
export function terminalProgress(
  stream: ProgressStream = process.stderr,
  intervalMs = 200,
): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    if (stream.isTTY !== true) return;
    const now = Date.now();
    const finished = done >= total;
    if (!finished && now - last < intervalMs) return;
    last = now;
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    const line = `verified ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} entries (${percent}%)`;
    stream.write(`\r\u001b[2K${line}${finished ? '\n' : ''}`);
  };
}
