// Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi; no test
// ever downloads a browser (puppeteer-core has no download step of its own).
import puppeteer from 'puppeteer-core';

export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

/** A headless Firefox in a fresh profile (puppeteer removes it on close()). */
export function launchFirefox() {
  return puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
}
