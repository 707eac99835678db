// Real Chromium (Debian's package) driven by playwright-core, and the accessibility checks the browser tests run
// on every page: labels, text alternatives, table headers, one h1, a language, and text contrast (WCAG 2.1 AA).
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** Where screenshots and downloads go: /work/main/test-artifacts/dashboard (gitignored, kept by CI). */
export const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/dashboard/', import.meta.url));

/** Launches headless Chromium with nothing that reaches the network by itself. */
export async function launchChromium(): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Saves a full-page screenshot as `<name>.png` under ARTIFACTS. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/**
 * Every accessibility problem found on the page, as readable strings (empty when none). Runs in the page.
 *
 * @example expect(await accessibilityProblems(page)).toEqual([]);
 */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}`;
    if (!document.documentElement.lang) problems.push('html has no lang');
    if (document.querySelectorAll('h1').length !== 1)
      problems.push(`${document.querySelectorAll('h1').length} h1 elements`);
    if (document.querySelector('main') === null) problems.push('no main landmark');
    for (const el of Array.from(document.querySelectorAll('input, select, textarea'))) {
      const input = el as HTMLInputElement;
      if (['hidden', 'submit', 'button'].includes(input.type)) continue;
      if (
        (input.labels?.length ?? 0) === 0 &&
        !el.getAttribute('aria-label') &&
        !el.getAttribute('aria-labelledby')
      )
        problems.push(`${describe(el)} has no label`);
    }
    for (const el of Array.from(document.querySelectorAll('svg'))) {
      if (el.querySelector('title') === null && !el.getAttribute('aria-label'))
        problems.push('an svg has no title');
    }
    for (const el of Array.from(document.querySelectorAll('img')))
      if (!el.hasAttribute('alt')) problems.push('an img has no alt');
    for (const el of Array.from(document.querySelectorAll('table')))
      if (el.querySelector('th') === null) problems.push('a table has no header cell');
    for (const el of Array.from(document.querySelectorAll('a, button')))
      if ((el.textContent ?? '').trim() === '' && !el.getAttribute('aria-label'))
        problems.push(`${describe(el)} has no text`);
    return problems.concat(contrastProblems());

    // WCAG 2.1 relative luminance and contrast ratio, against the nearest opaque background.
    function contrastProblems(): string[] {
      const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
      const channel = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      const luminance = ([r = 0, g = 0, b = 0]: number[]) =>
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      const background = (el: Element | null): number[] => {
        for (; el !== null; el = el.parentElement) {
          const [r = 0, g = 0, b = 0, a = 1] = rgb(getComputedStyle(el).backgroundColor);
          if (a > 0.5 && getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)') return [r, g, b];
        }
        return [255, 255, 255];
      };
      const found: string[] = [];
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        const text = Array.from(el.childNodes).some(
          (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '',
        );
        const box = el.getBoundingClientRect();
        if (!text || box.width === 0 || box.height === 0) continue;
        const [l1, l2] = [luminance(rgb(getComputedStyle(el).color)), luminance(background(el))];
        const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        if (ratio < 4.5)
          found.push(
            `${describe(el)} "${(el.textContent ?? '').trim().slice(0, 30)}" has contrast ${ratio.toFixed(2)}:1`,
          );
      }
      return found;
    }
  });
}
