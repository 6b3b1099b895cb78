import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * The one way tests start a browser: Debian's Chromium (`/usr/bin/chromium`; playwright-core downloads none),
 * headless, with nothing that reaches the network on its own.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * Opens `url` in a fresh headless Chromium page and runs `check` on it, then closes the browser. `external` holds the
 * URL of every request the page made outside `url`'s origin (the gateway's pages must load nothing from elsewhere).
 */
export async function inChromium(
  url: string,
  check: (page: Page, external: readonly string[]) => Promise<void>,
): Promise<void> {
  const origin = new URL(url).origin;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(origin)) external.push(req.url());
    });
    await page.goto(url);
    await check(page, external);
  } finally {
    await browser.close();
  }
}
