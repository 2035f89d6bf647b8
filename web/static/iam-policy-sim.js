// <iam-policy-sim>: the IAM policy simulator widget for documentation pages.
//
//   <script src="https://YOUR-HOST/PATH/iam-policy-sim.js" defer></script>
//   <iam-policy-sim src="scenario.json"></iam-policy-sim>
//   <iam-policy-sim editable>{ "policies": { … }, "request": { … } }</iam-policy-sim>
//   <iam-policy-sim src="scenario.json" theme="dark"></iam-policy-sim>   (light | dark; default: the system's)
//
// Each element gets a shadow root holding an iframe of embed.html (from the same place as this script) with
// the scenario in the URL fragment, so the host page's CSS cannot reach the widget, several widgets stay
// independent, and the scenario is never sent to a server. The frame tells its height by postMessage.
(function () {
  'use strict';
  if (customElements.get('iam-policy-sim')) return;

  const script = document.currentScript;
  const base = new URL('./', script && script.src ? script.src : document.baseURI);
  const HEIGHT = 'iam-policy-sim:height';

  class IamPolicySim extends HTMLElement {
    static get observedAttributes() {
      return ['src', 'editable', 'theme'];
    }

    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent =
        ':host{display:block;contain:content}' +
        'iframe{display:block;box-sizing:border-box;width:100%;height:120px;border:1px solid #d1d9e0;border-radius:8px;' +
        'background:transparent;color-scheme:normal}' +
        '.error{font:14px system-ui,sans-serif;color:#cf222e}';
      this.frame = document.createElement('iframe');
      this.frame.title = 'IAM policy simulator';
      this.frame.setAttribute('referrerpolicy', 'no-referrer');
      root.append(style, this.frame);
      this.onMessage = (event) => {
        const data = event.data;
        if (event.source !== this.frame.contentWindow || !data || data.type !== HEIGHT) return;
        const height = Number(data.height);
        if (Number.isFinite(height) && height > 0) this.frame.style.height = `${Math.ceil(height) + 2}px`;
      };
      this.generation = 0;
    }

    connectedCallback() {
      window.addEventListener('message', this.onMessage);
      this.load();
    }

    disconnectedCallback() {
      window.removeEventListener('message', this.onMessage);
    }

    attributeChangedCallback() {
      if (this.isConnected) this.load();
    }

    async load() {
      const generation = ++this.generation;
      let text;
      try {
        const src = this.getAttribute('src');
        if (src) {
          const response = await fetch(new URL(src, document.baseURI));
          if (!response.ok) throw new Error(`${src}: HTTP ${response.status}`);
          text = await response.text();
        } else {
          if (document.readyState === 'loading') {
            // Loaded without `defer`: the inline scenario is not parsed yet.
            await new Promise((done) => document.addEventListener('DOMContentLoaded', done, { once: true }));
          }
          text = this.textContent;
        }
        text = JSON.stringify(JSON.parse(text));
      } catch (error) {
        this.showError(`iam-policy-sim: cannot read the scenario (${error.message})`);
        return;
      }
      if (generation !== this.generation) return;
      const page = new URL('embed.html', base);
      // `theme="light"` or `"dark"` matches the host page rather than the reader's system setting.
      const query = [];
      if (this.hasAttribute('editable')) query.push('editable');
      const theme = (this.getAttribute('theme') || '').toLowerCase();
      if (theme === 'light' || theme === 'dark') query.push(`theme=${theme}`);
      if (query.length) page.search = `?${query.join('&')}`;
      page.hash = encodeURIComponent(text);
      this.frame.src = page.href;
    }

    showError(message) {
      let p = this.shadowRoot.querySelector('.error');
      if (!p) {
        p = document.createElement('p');
        p.className = 'error';
        this.shadowRoot.append(p);
      }
      p.textContent = message;
    }
  }

  customElements.define('iam-policy-sim', IamPolicySim);
})();
