// Helpers for the static-hosting, offline and widget specs: a throwaway static server (any sub-path, a second
// origin), a copy of dist/ to change, and a guard that fails a test when a request leaves localhost.
import { test as base, expect } from '@playwright/test';
import http from 'node:http';
import path from 'node:path';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The release build `cargo xtask test` just made (the harness serves the same folder at BASE_URL). */
export const DIST = fileURLToPath(new URL('../../../../dist/', import.meta.url));

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serve `root` at http://127.0.0.1:PORT`prefix` (a sub-path such as `/docs/iam/`); no rewrites, no fallback:
 * what a plain static host does. Every request is recorded in `requests` (path and status).
 */
export async function serveStatic(root, prefix = '/') {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let status = 404;
    let body = 'not found';
    let type = 'text/plain';
    if (url.pathname.startsWith(prefix)) {
      let relative = decodeURIComponent(url.pathname.slice(prefix.length));
      if (relative === '' || relative.endsWith('/')) relative += 'index.html';
      const file = path.join(root, relative);
      if (file.startsWith(root)) {
        try {
          body = await readFile(file);
          status = 200;
          type = MIME[path.extname(file)] || 'application/octet-stream';
        } catch {
          // 404
        }
      }
    }
    requests.push({ path: url.pathname, status });
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    // The page is still open while after-hooks run and keeps connections alive (iframes, the service worker):
    // drop them, or close() waits for them until the test times out.
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

/** A fresh copy of dist/ in a temporary folder (removed by `cleanup`). */
export async function copyOfDist() {
  const dir = await mkdtemp(path.join(tmpdir(), 'iam-sim-dist-'));
  await cp(DIST, dir, { recursive: true, filter: (src) => !path.basename(src).startsWith('.') });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * `test` with every request of the browser context watched: any request to a host other than localhost
 * (page, frame or service worker) fails the test. Uncaught page errors fail it too.
 */
export const test = base.extend({
  context: async ({ context }, use) => {
    const outside = [];
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) && !LOCAL_HOSTS.has(url.hostname)) {
        outside.push(request.url());
      }
    });
    await use(context);
    expect(outside, 'requests that left localhost').toEqual([]);
  },
  pageErrors: async ({ page }, use) => {
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
  },
});

export { expect };
