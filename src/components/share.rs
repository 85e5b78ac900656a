//! The share bar, for both protocols' pages: Embed this, Copy link, Export trace, SVG, PNG and
//! Import trace. The page says what each produces (its link, its trace, its drawing) through
//! callbacks that return it; downloads, the clipboard and file reading are done here.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The drawing as a standalone SVG document, and its size in CSS pixels.
pub type Drawing = (String, f64, f64);

/// Props of [`ShareBar`].
#[derive(Properties, PartialEq, Clone)]
pub struct ShareBarProps {
    /// Open the "Embed this" dialog.
    pub onembed: Callback<()>,
    /// The link fragment (without `#`) of what is on screen.
    pub link: Callback<(), String>,
    /// The whole run as trace JSON.
    pub trace: Callback<(), String>,
    /// The drawing on screen.
    pub drawing: Callback<(), Drawing>,
    /// A trace file's text, to open.
    pub onimport: Callback<String>,
    /// Something to tell the reader.
    pub notify: Callback<String>,
    /// The download names' stem (`paxos`, `multi-paxos`).
    pub name: AttrValue,
}

/// The buttons.
#[function_component(ShareBar)]
pub fn share_bar(p: &ShareBarProps) -> Html {
    let refused = "The browser refused the download.";
    let copy_link = {
        let (link, notify) = (p.link.clone(), p.notify.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(w) = web_sys::window() else { return };
            // From the model, not the address bar, which may be a moment behind.
            let location = w.location();
            let href = format!(
                "{}{}#{}",
                location.origin().unwrap_or_default(),
                location.pathname().unwrap_or_default(),
                link.emit(())
            );
            let _ = w.navigator().clipboard().write_text(&href);
            notify.emit("Link copied: it opens this run at this very step.".into());
        })
    };
    let export_trace = {
        let (trace, notify, name) = (p.trace.clone(), p.notify.clone(), p.name.clone());
        Callback::from(move |_: MouseEvent| {
            let file = format!("{name}-trace.json");
            if download(&file, "application/json", &trace.emit(())).is_err() {
                notify.emit(refused.into());
            }
        })
    };
    let export_svg = {
        let (drawing, notify, name) = (p.drawing.clone(), p.notify.clone(), p.name.clone());
        Callback::from(move |_: MouseEvent| {
            let (svg, _, _) = drawing.emit(());
            if download(&format!("{name}.svg"), "image/svg+xml", &svg).is_err() {
                notify.emit(refused.into());
            }
        })
    };
    let export_png = {
        let (drawing, notify, name) = (p.drawing.clone(), p.notify.clone(), p.name.clone());
        Callback::from(move |_: MouseEvent| {
            let (svg, w, h) = drawing.emit(());
            let (notify, file) = (notify.clone(), format!("{name}.png"));
            wasm_bindgen_futures::spawn_local(async move {
                if download_png(&file, &svg, w, h).await.is_err() {
                    notify.emit("The browser could not draw the PNG.".into());
                }
            });
        })
    };
    let import_trace = {
        let (open, notify) = (p.onimport.clone(), p.notify.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let (open, notify) = (open.clone(), notify.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(text) => open.emit(text.as_string().unwrap_or_default()),
                    Err(_) => notify.emit("Could not read that file.".into()),
                }
            });
        })
    };
    html! {
        <div class="share">
            <button data-testid="embed" onclick={p.onembed.reform(|_| ())} title="Snippets that put this run into another page">{ "Embed this" }</button>
            <button data-testid="copy-link" onclick={copy_link} title="Copy a link that opens this run at this step">{ "Copy link" }</button>
            <button data-testid="export-trace" onclick={export_trace} title="Download the whole run as trace JSON">{ "Export trace" }</button>
            <button data-testid="export-svg" onclick={export_svg} title="Download the drawing as SVG, for slides">{ "SVG" }</button>
            <button data-testid="export-png" onclick={export_png} title="Download the drawing as PNG, for slides">{ "PNG" }</button>
            <label class="button" title="Open a trace JSON file and continue from it">
                { "Import trace" }
                <input type="file" accept=".json,application/json" data-testid="import-trace" onchange={import_trace} />
            </label>
        </div>
    }
}

fn blob_url(mime: &str, text: &str) -> Result<String, wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    web_sys::Url::create_object_url_with_blob(&blob)
}

fn download_url(name: &str, url: &str) -> Result<(), wasm_bindgen::JsValue> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(())
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let url = blob_url(mime, text)?;
    download_url(name, &url)?;
    web_sys::Url::revoke_object_url(&url)
}

/// Rasterises an SVG document at twice its size and offers it as a PNG download.
async fn download_png(
    name: &str,
    svg: &str,
    width: f64,
    height: f64,
) -> Result<(), wasm_bindgen::JsValue> {
    let url = blob_url("image/svg+xml", svg)?;
    let img = web_sys::HtmlImageElement::new()?;
    img.set_src(&url);
    wasm_bindgen_futures::JsFuture::from(img.decode()).await?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas")?.dyn_into()?;
    canvas.set_width((width * 2.0) as u32);
    canvas.set_height((height * 2.0) as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or("no 2d context")?
        .dyn_into()?;
    ctx.scale(2.0, 2.0)?;
    ctx.draw_image_with_html_image_element(&img, 0.0, 0.0)?;
    web_sys::Url::revoke_object_url(&url)?;
    download_url(name, &canvas.to_data_url_with_type("image/png")?)
}
