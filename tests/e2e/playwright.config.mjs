// Playwright drives Debian's Chromium (no browser download) against the release build that
// `cargo xtask test` serves on a free local port and passes in BASE_URL.
import { defineConfig } from '@playwright/test';

const baseURL = process.env.BASE_URL;
if (!baseURL) {
  throw new Error('BASE_URL is not set: run the end-to-end tests through `cargo xtask test`');
}

export default defineConfig({
  testDir: './specs',
  outputDir: './artifacts/test-results',
  reporter: [['list']],
  forbidOnly: true,
  // CI shares two cores with the build; one retry there keeps a timing hiccup from failing the run, and the
  // list reporter still prints the test as "flaky" so it is seen and fixed.
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 30_000,
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
