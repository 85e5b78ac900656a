// The Check panel's Web Worker: runs the exhaustive checker (paxos-viz-check, a wasm module of
// its own that the page loads only when someone presses Check) in slices of about 25 ms, and
// posts progress after each, so that the page stays responsive and a cancel is read within a
// slice. Messages from the page: {type: "start", request} and {type: "cancel"}. Messages to it:
// {type: "progress", progress, elapsedMs} (progress.verdict is set once it is done) and
// {type: "error", message}.
import init, { start, run, cancel, progress, clear } from './paxos-viz-check.js';

const ready = init({ module_or_path: new URL('paxos-viz-check_bg.wasm', import.meta.url) });
// The last progress posted: what a failure message can say was done.
let last = null;
const SLICE_MS = 25;
let generation = 0;
let cancelled = false;

function post(began) {
  const p = progress();
  last = p;
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
  try {
    while (!done && performance.now() - t0 < SLICE_MS) {
      done = run(BUDGET);
    }
  } catch (error) {
    fail(error);
    return;
  }
  post(began);
  if (done) {
    clear();
    return;
  }
  next(gen, began);
}

// A trap in the module (an allocation past what a page may hold, or a bug) leaves it unusable:
// say what happened and how far the check got, then end this worker; the page starts a new one
// for the next check.
async function fail(error) {
  const { memory } = await ready;
  const held = memory ? memory.buffer.byteLength : 0;
  const states = last ? last.states : 0;
  const message = held >= 2 ** 31
    ? `it ran out of memory after ${states} states (the worker held ${Math.round(held / 2 ** 20)} MB; a page's module can hold at most 4096). Check depth first, with symmetry, or with a lower state cap.`
    : `it stopped after ${states} states: ${error}`;
  postMessage({ type: 'error', message });
  close();
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
