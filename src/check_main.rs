//! Entry point of the checker's Web Worker module (`paxos-viz-check`, built by Trunk for
//! wasm32 without default features). It draws nothing: `www/check-worker.js` runs in a Web
//! Worker, calls [`start`] with the Check panel's request and then [`run`] in short slices,
//! posting [`progress`] to the page between them, so that a "cancel" message is read within a
//! slice. Requests and progress are plain data ([`paxos_sim::check_job`]), crossing as JS
//! objects with serde-wasm-bindgen.

#[cfg(target_arch = "wasm32")]
mod worker {
    use paxos_sim::check_job::{CheckJob, CheckRequest};
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;

    thread_local! {
        /// The check in progress: one per worker, replaced by each `start`.
        static JOB: RefCell<Option<CheckJob>> = const { RefCell::new(None) };
    }

    fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
        serde_wasm_bindgen::to_value(value).map_err(|e| JsValue::from_str(&e.to_string()))
    }

    /// Starts a check of `request` (a [`CheckRequest`] as a JS object). An error is a string
    /// that says what was wrong with the request.
    #[wasm_bindgen]
    pub fn start(request: JsValue) -> Result<JsValue, JsValue> {
        let request: CheckRequest = serde_wasm_bindgen::from_value(request)
            .map_err(|e| JsValue::from_str(&format!("the check's options: {e}")))?;
        let job = CheckJob::new(&request).map_err(|e| JsValue::from_str(&e))?;
        let progress = job.progress();
        JOB.with(|j| *j.borrow_mut() = Some(job));
        to_js(&progress)
    }

    /// Explores up to `budget` more states; true once the check is done (or there is none).
    #[wasm_bindgen]
    pub fn run(budget: u32) -> bool {
        JOB.with(|j| match j.borrow_mut().as_mut() {
            Some(job) => job.run(budget as usize),
            None => true,
        })
    }

    /// Stops the check where it is; its verdict then says how far it got.
    #[wasm_bindgen]
    pub fn cancel() {
        JOB.with(|j| {
            if let Some(job) = j.borrow_mut().as_mut() {
                job.cancel();
            }
        })
    }

    /// How far the check got, with its verdict once done: a [`paxos_sim::check_job::CheckProgress`].
    #[wasm_bindgen]
    pub fn progress() -> Result<JsValue, JsValue> {
        JOB.with(|j| match j.borrow().as_ref() {
            Some(job) => to_js(&job.progress()),
            None => Ok(JsValue::NULL),
        })
    }

    /// Frees the check's memory once the page has its verdict.
    #[wasm_bindgen]
    pub fn clear() {
        JOB.with(|j| *j.borrow_mut() = None);
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("paxos-viz-check is the web app's checker worker: run `make serve`");
}
