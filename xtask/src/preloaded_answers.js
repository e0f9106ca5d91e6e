// The API answers pooldeck-server preloads for the pools list (the
// `<link rel="preload" data-pooldeck-answer>`s it writes into that page),
// read while the wasm downloads and compiles. Had the console fetched them
// itself, their promises would resolve a task or two after its first
// render, and the browser would paint "Loading pools…" in between; read
// here, they are usually in hand when `main` runs, and the first render
// shows the rows (src/api/preloaded.rs takes them). A page without such
// links (a static host, another route) leaves the map empty.
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
