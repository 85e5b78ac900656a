// The Check panel's Web Worker: runs the exhaustive checker (paxos-viz-check, a wasm module of
// its own that the page loads only when someone presses Check) in slices of about 25 ms, and
// posts progress after each, so that the page stays responsive and a cancel is read within a
// slice. Messages from the page: {type: "start", request} and {type: "cancel"}. Messages to it:
// {type: "progress", progress, elapsedMs} (progress.verdict is set once it is done) and
// {type: "error", message}.
import init, { start, run, cancel, progress, clear } from './paxos-viz-check.js';

const ready = init({ module_or_path: new URL('paxos-viz-check_bg.wasm', import.meta.url) });
const SLICE_MS = 25;
let generation = 0;
let cancelled = false;

function post(began) {
  const p = progress();
  postMessage({ type: 'progress', progress: p, elapsedMs: performance.now() - began });
  return p;
}

// States per call to `run`: a few milliseconds of work, so that a slice ends close to
// SLICE_MS after it began.
const BUDGET = 500;

function loop(gen, began) {
  if (gen !== generation) return;
  if (cancelled) {
    cancel();
    post(began);
    clear();
    return;
  }
  const t0 = performance.now();
  let done = false;
  while (!done && performance.now() - t0 < SLICE_MS) {
    done = run(BUDGET);
  }
  post(began);
  if (done) {
    clear();
    return;
  }
  next(gen, began);
}

// Between slices the worker yields to its event loop, so that it reads its messages (a
// cancel) before the next slice. It yields through a MessageChannel rather than a zero
// timeout: browsers clamp nested timeouts to 4 ms, which cost a seventh of every 25 ms slice
// (BENCHMARKS.md). A message posted to ourselves waits behind messages already queued, such
// as the page's cancel.
const channel = new MessageChannel();
channel.port1.onmessage = (event) => loop(...event.data);
function next(gen, began) {
  channel.port2.postMessage([gen, began]);
}

onmessage = async (event) => {
  const message = event.data;
  await ready;
  if (message.type === 'start') {
    generation += 1;
    cancelled = false;
    const began = performance.now();
    try {
      start(message.request);
    } catch (error) {
      postMessage({ type: 'error', message: String(error) });
      return;
    }
    post(began);
    next(generation, began);
  } else if (message.type === 'cancel') {
    cancelled = true;
  }
};
