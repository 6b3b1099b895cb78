import { chromium, type Browser } from 'playwright-core';

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
