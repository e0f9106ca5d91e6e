// Types `values` one by one into the input matching arguments[0], the way a
// keystroke arrives: set the value, dispatch a bubbling 'input' event.
//
// Each keystroke starts from an idle main thread, in a task of its own, as
// a real one does: Chromium aligns continuous input (mouse moves, wheel)
// with animation frames but dispatches discrete input (keys) at once, as a
// task. So each waits for two animation frames and then for a task: a
// keystroke started in the animation-frame callback itself would run
// inside that frame's rendering, and the time to the next task would then
// hold the frame's paint and compositor commit as well (it did, before
// 2026-12-07: BENCHMARKS.md).
//
// For each: t0 just before dispatch; `script` when every microtask the
// event queued has run (a MessageChannel task runs after them; Leptos
// applies its DOM updates in microtasks); `dom` after a forced style+layout
// (offsetHeight) on top of that; `next` when the next requestAnimationFrame
// callback starts (includes the wait for the frame); `render` from that
// callback to a task posted in it, which runs once the frame's rendering
// is done: the rest of the frame's callbacks (the console's own, such as a
// row window measuring its rows), style and layout (already clean), paint,
// and the commit to the compositor.
// Returns JSON [[dom_ms, next_ms, mutations, script_ms, render_ms], …].
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
  await task();
  mutated = 0;
  const t0 = performance.now();
  input.value = v;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await task();
  const script = performance.now() - t0;
  void document.body.offsetHeight;
  const dom = performance.now() - t0;
  // Posted from the frame callback itself, so the task queues behind the
  // frame's rendering.
  const [drawn, rendered] = await new Promise((r) => requestAnimationFrame(() => {
    const at = performance.now();
    const c = new MessageChannel();
    c.port1.onmessage = () => r([at, performance.now()]);
    c.port2.postMessage(0);
  }));
  out.push([dom, drawn - t0, mutated, script, rendered - drawn]);
}
mo.disconnect();
return JSON.stringify(out);
