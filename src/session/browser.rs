//! Bindings to `browser.js`: compression for share links, file download and upload,
//! the clipboard and the page-hide event. Every call that can fail returns a Result.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/session/browser.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn compress(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn decompress(b64: &str, max_bytes: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    fn download(name: &str, text: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_name = chosenFileText)]
    async fn chosen_file_text(
        input: &web_sys::HtmlInputElement,
        max_bytes: f64,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = fileText)]
    async fn file_text(source: &JsValue, max_bytes: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = copyText)]
    async fn copy_text(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = onPageHide)]
    fn on_page_hide(callback: &Closure<dyn FnMut()>);
}

pub async fn deflate_base64url(text: &str) -> Option<String> {
    compress(text).await.ok()?.as_string()
}

/// None when the text is not what `deflate_base64url` makes, or inflates past the bound.
pub async fn inflate_base64url(b64: &str) -> Option<String> {
    let max = super::format::MAX_BYTES as f64;
    decompress(b64, max).await.ok()?.as_string()
}

pub fn save_file(name: &str, text: &str) -> bool {
    download(name, text).is_ok()
}

pub enum Chosen {
    Nothing,
    Text(String),
    TooLarge,
}

pub async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Chosen {
    match chosen_file_text(input, super::format::MAX_BYTES as f64).await {
        Ok(v) => v.as_string().map_or(Chosen::Nothing, Chosen::Text),
        Err(_) => Chosen::TooLarge,
    }
}

/// A file picked in an input or dropped on a zone: its name and its text.
pub enum PickedFile {
    Nothing,
    File { name: String, text: String },
    TooLarge,
}

/// The first file of a file input or a drop event, up to `max_bytes`.
pub async fn picked_file(source: &JsValue, max_bytes: usize) -> PickedFile {
    match file_text(source, max_bytes as f64).await {
        Ok(v) => {
            // null (no file) is not an array: nothing was picked.
            let Ok(parts) = v.dyn_into::<js_sys::Array>() else {
                return PickedFile::Nothing;
            };
            match (parts.get(0).as_string(), parts.get(1).as_string()) {
                (Some(name), Some(text)) => PickedFile::File { name, text },
                _ => PickedFile::Nothing,
            }
        }
        Err(_) => PickedFile::TooLarge,
    }
}

pub async fn copy_to_clipboard(text: &str) -> bool {
    copy_text(text).await.is_ok()
}

/// Runs `save` when the page is left or reloaded, for the page's whole life.
pub fn when_page_hides(save: impl FnMut() + 'static) {
    let callback = Closure::<dyn FnMut()>::new(save);
    on_page_hide(&callback);
    // One listener for the page's life: the closure must outlive this call.
    callback.forget();
}
