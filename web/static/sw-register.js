// Registers the service worker (sw.js, next to the page, so any sub-path works) and, when a new build has
// been installed, shows "Update available" with a button: the user chooses when to reload.
(function () {
  'use strict';
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;

  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading) window.location.reload();
  });

  function offer(worker) {
    if (!worker || document.getElementById('update-available')) return;
    const bar = document.createElement('div');
    bar.id = 'update-available';
    bar.setAttribute('role', 'status');
    Object.assign(bar.style, {
      position: 'fixed', right: '16px', bottom: '16px', zIndex: '1000', display: 'flex', gap: '8px',
      alignItems: 'center', padding: '8px 12px', borderRadius: '8px', background: '#0969da',
      color: '#fff', font: '14px system-ui, sans-serif', boxShadow: '0 4px 12px rgba(0,0,0,.25)',
    });
    const text = document.createElement('span');
    text.textContent = 'Update available';
    const reload = document.createElement('button');
    reload.type = 'button';
    reload.textContent = 'Reload';
    reload.addEventListener('click', () => {
      reloading = true;
      worker.postMessage({ type: 'SKIP_WAITING' });
    });
    const later = document.createElement('button');
    later.type = 'button';
    later.textContent = 'Later';
    later.addEventListener('click', () => bar.remove());
    bar.append(text, reload, later);
    document.body.append(bar);
  }

  window.addEventListener('load', () => {
    navigator.serviceWorker.register('sw.js').then((registration) => {
      if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const worker = registration.installing;
        if (!worker) return;
        worker.addEventListener('statechange', () => {
          if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
        });
      });
      // Look for a new build whenever the tab comes back.
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') registration.update().catch(() => {});
      });
    }, () => {
      // No sw.js (a plain `trunk build`) or no storage: the app works online as before.
    });
  });
})();
