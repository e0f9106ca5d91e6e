// Types `values` one by one into the input matching arguments[0], the way a
// keystroke arrives: set the value, dispatch a bubbling 'input' event. For
// each: t0 just before dispatch; `script` when every microtask the event
// queued has run (a MessageChannel task runs after them; Leptos applies its
// DOM updates in microtasks); `dom` after a forced style+layout
// (offsetHeight) on top of that;
// `frame` when the next requestAnimationFrame callback starts (includes the
// wait for the frame). Each keystroke starts right after an animation frame,
// so the main thread is idle.
// Returns JSON [[dom_ms, frame_ms, mutations, script_ms], …].
const [selector, values] = arguments;
const input = document.querySelector(selector);
if (!input) throw new Error('no element matches ' + selector);
const task = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
let mutated = 0;
const mo = new MutationObserver((records) => { mutated += records.length; });
mo.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
const out = [];
for (const v of values) {
  await frame();
  await frame();
  mutated = 0;
  const t0 = performance.now();
  input.value = v;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await task();
  const script = performance.now() - t0;
  void document.body.offsetHeight;
  const dom = performance.now() - t0;
  const next = (await frame()) - t0;
  out.push([dom, next, mutated, script]);
}
mo.disconnect();
return JSON.stringify(out);
