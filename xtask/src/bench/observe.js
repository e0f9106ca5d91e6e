// Installed by `cargo xtask bench` on every new document before any page
// script runs (CDP Page.addScriptToEvaluateOnNewDocument). Records, in
// performance.now() time (0 = navigation start):
//   first: when the first pool row (or the hello-world's element) is in the
//          DOM, seen by a MutationObserver in the microtask after insertion;
//   frame: the start of the next animation frame after that (about paint);
//   started: Trunk's TrunkApplicationStarted event (wasm instantiated and
//          main() returned), whose detail.wasm holds the module's exports,
//          and so its linear memory.
(() => {
  const b = (window.__bench = { first: null, frame: null, started: null, wasm: null });
  addEventListener('TrunkApplicationStarted', (e) => {
    b.started = performance.now();
    b.wasm = (e.detail && e.detail.wasm) || null;
  });
  const sel = '[data-testid=pool-row],[data-testid=hello]';
  const obs = new MutationObserver(() => {
    if (b.first === null && document.querySelector(sel)) {
      b.first = performance.now();
      requestAnimationFrame(() => { b.frame = performance.now(); });
      obs.disconnect();
    }
  });
  obs.observe(document, { childList: true, subtree: true });
})();
