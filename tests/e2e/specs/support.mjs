// What every spec needs: a watch on the page's errors (a broken wasm start fails the test) and a first visit
// with empty local storage and no fragment.

/** Collects uncaught page errors and console errors. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** A first visit: empty local storage, no fragment. */
export async function firstVisit(page) {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
}
