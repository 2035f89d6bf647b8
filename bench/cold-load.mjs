// Cold loads in headless Chromium, served from localhost: how long after navigation the app shows its first
// answer, and how long a documentation page with ten widgets takes to show all ten answers. Every load uses a new
// browser context (empty cache, no service worker). Run after `cargo xtask build` (the release build in dist/):
//
//   node bench/cold-load.mjs [--runs N] [DIST]
//
// Uses the Playwright that the end-to-end tests install (tests/e2e: `npm ci` there) and Debian's Chromium.

import { createRequire } from "node:module";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 7;
const dist = path.resolve(args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--runs") || path.join(root, "dist"));
const { chromium } = createRequire(path.join(root, "tests", "e2e", "package.json"))("playwright-core");

const MIME = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json", ".webmanifest": "application/manifest+json", ".gz": "application/gzip" };

/** The ten widgets' page: the example scenarios, each inline in an element. */
async function widgetsPage() {
  const examples = ["describe-volumes.json", ...["boundary-create-role", "boundary-username-role", "boundary-username-user", "emr-tags", "flintrock", "passrole-ec2", "passrole-trust"].map((n) => `web/examples/${n}.json`)];
  const texts = [];
  for (const e of examples) texts.push(await readFile(path.join(root, e.includes("/") ? e : path.join("examples", e)), "utf8"));
  while (texts.length < 10) texts.push(texts[texts.length % examples.length]);
  const escape = (t) => t.replaceAll("&", "&amp;").replaceAll("<", "&lt;");
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><script src="iam-policy-sim.js" defer></script></head><body>
${texts.map((t, i) => `<h2>Example ${i + 1}</h2>\n<iam-policy-sim id="w${i}">${escape(t)}</iam-policy-sim>`).join("\n")}
</body></html>`;
}

async function serve(extra) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    let rel = decodeURIComponent(url.pathname).replace(/^\/+/, "") || "index.html";
    if (rel === "ten-widgets.html") {
      res.writeHead(200, { "content-type": MIME[".html"] });
      return res.end(extra);
    }
    const file = path.join(dist, rel);
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": MIME[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const { server, url } = await serve(await widgetsPage());
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

// The app: the time (performance.now(), from navigation) when the first decision is on the page.
const app = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="real-answer"] .decision')) {
        window.__firstAnswer = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
  await page.waitForFunction(() => window.__firstAnswer !== undefined, null, { timeout: 30000 });
  app.push(await page.evaluate(() => window.__firstAnswer));
  await context.close();
}

// Ten widgets: the time when every widget's frame shows a decision (checked every 10 ms inside the page).
const widgets = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const timer = setInterval(() => {
      const hosts = [...document.querySelectorAll("iam-policy-sim")];
      const shown = hosts.filter((h) => h.shadowRoot?.querySelector("iframe")?.contentDocument?.querySelector('[data-testid="decision"]'));
      if (hosts.length === 10 && shown.length === 10) {
        window.__allAnswers = performance.now();
        clearInterval(timer);
      }
    }, 10);
  });
  await page.goto(`${url}ten-widgets.html`);
  try {
    await page.waitForFunction(() => window.__allAnswers !== undefined, null, { timeout: 60000 });
  } catch (e) {
    const state = await page.evaluate(() => [...document.querySelectorAll("iam-policy-sim")].map((h) => {
      const f = h.shadowRoot?.querySelector("iframe");
      return `${h.id}: ${f ? (f.contentDocument?.body?.innerText || "(empty)").slice(0, 120).replaceAll("\n", " ") : "no frame"}`;
    }));
    console.error(`the ten widgets did not all answer:\n  ${state.join("\n  ")}`);
    throw e;
  }
  widgets.push(await page.evaluate(() => window.__allAnswers));
  await context.close();
}
await browser.close();
server.close();

const ms = (xs) => `median ${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(", ")})`;
console.log(`${new Date().toISOString()}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
console.log(`app, first answer after navigation, ${runs} cold loads: ${ms(app)}`);
console.log(`a page of ten widgets, all ten answers after navigation, ${runs} cold loads: ${ms(widgets)}`);
