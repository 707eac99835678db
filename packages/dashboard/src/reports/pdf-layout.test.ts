import { describe, expect, it } from 'vitest';
import { toWinAnsi } from './pdf-layout.js';

describe('toWinAnsi', () => {
  it('keeps ASCII, Latin-1 and the WinAnsi punctuation the reports use', () => {
    const text = 'Art. 15(1)(h) — “contest” § 164.312 · naïve 12 € … ’';
    expect(toWinAnsi(text)).toBe(text);
  });

  it('spells out the symbols it knows and marks any other character with ?', () => {
    expect(toWinAnsi('SHA-256(0x00 ‖ bytes) ≥ 6 months → ok ✓')).toBe(
      'SHA-256(0x00 || bytes) >= 6 months -> ok v',
    );
    expect(toWinAnsi('日本 🙂')).toBe('?? ?');
  });
});
