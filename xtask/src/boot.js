// The console's boot script. xtask/src/split.rs writes it into dist/, with
// the build's package directory for __PKG__ and the binary for __BIN__.
// The page loads it as an async module: it runs as soon as it and the glue
// are fetched, not after the page and its stylesheet, so the wasm compiles
// while the rest of the page loads.
import init from './__PKG__/__BIN__.js';

// Compile now. The page preloads the file, so this takes the preloaded
// bytes. A host that serves wasm under another MIME type fails a streaming
// compile; the glue is then given the URL, and falls back to compiling the
// fetched bytes.
const wasmUrl = new URL('./__PKG__/__BIN___bg.wasm', import.meta.url);
const compiled = WebAssembly.compileStreaming(fetch(wasmUrl)).catch(() => wasmUrl);

// An async script may run before the page is parsed. The console mounts
// into <body>, and reads the <meta> and <link>s that pooldeck-server adds
// at the end of <head>.
if (document.readyState === 'loading') {
  await new Promise((parsed) => addEventListener('DOMContentLoaded', parsed, { once: true }));
}

// The API answers pooldeck-server preloads for the pools list (the
// `<link rel="preload" data-pooldeck-answer>`s it writes into that page).
// Had the console fetched them itself, their promises would resolve a task
// or two after its first render, and the browser would paint "Loading
// pools…" in between. Read here, they are in hand when `main` runs, and
// the first render shows the rows (src/api/preloaded.rs takes them). A page
// without such links (a static host, another route) leaves the map empty.
const answers = new Map();
for (const link of document.querySelectorAll('link[rel=preload][data-pooldeck-answer]')) {
  const answer = {};
  // The preload's own mode and credentials (cors, same-origin), so this
  // takes the preloaded answer rather than asking the server again.
  answer.settled = fetch(link.href, { credentials: 'same-origin' })
    .then(async (r) => {
      answer.status = r.status;
      answer.retryAfter = r.headers.get('retry-after');
      answer.text = await r.text();
    })
    .catch(() => {
      answer.failed = true;
    });
  answers.set(link.href, answer);
}
globalThis.__pooldeckAnswers = answers;

// An answer whose download has finished (it has a resource timing entry)
// is a task or two from being read: wait for those, so the first render
// has them. One still on its way is not waited for; the console shows its
// loading state meanwhile. Checked once the wasm has compiled, so that an
// answer that came in during the compile counts. Checked before it, such
// an answer was not waited for, and the first render could show "Loading
// pools…" for a moment before the rows (a CI run under load did). The mark
// says when the check was (tests/e2e/startup.rs reads it).
const module = await compiled;
const downloaded = [...answers].filter(([url]) => performance.getEntriesByName(url).length > 0);
performance.mark('pooldeck:answers-checked');
await Promise.all(downloaded.map(([, answer]) => answer.settled));

const wasm = await init({ module_or_path: module });
// The event Trunk's own loader fires, with the exports: the benchmarks read
// it.
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
