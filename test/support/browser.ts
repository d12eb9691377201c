import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * One headless Chromium for browser tests: Debian's package (`apt-get install -y chromium`, which
 * .ci/run does when it is missing), driven by playwright-core, which downloads no browser of its own.
 * CHROMIUM_PATH points elsewhere when needed.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

/** A fresh page of `width` CSS pixels (a phone is 360), opened at `url` and fully loaded. */
export async function openAt(browser: Browser, url: string, width: number, height = 740): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response?.ok()) throw new Error(`GET ${url} answered ${response?.status() ?? 'nothing'}`);
  return page;
}

/**
 * How wide the document is against the viewport, and the elements that stick out past its right
 * edge (tag, class and the start of their text), so a failing check names the culprit.
 */
export async function horizontalFit(page: Page): Promise<{ scrollWidth: number; overflowing: string[] }> {
  // Runs in the page; written as text because this project compiles without the DOM library.
  return (await page.evaluate(`(() => {
    const edge = document.documentElement.clientWidth;
    const overflowing = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > edge + 0.5)
      .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ': ' +
        (el.textContent || '').trim().slice(0, 40));
    return { scrollWidth: document.documentElement.scrollWidth, overflowing };
  })()`)) as { scrollWidth: number; overflowing: string[] };
}
