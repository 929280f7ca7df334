//! EventLab's browser shell: a thin Yew app over `sim_core`.

mod app;
mod controls;
mod diagram;
mod dom;
mod driver;
mod forms;
mod i18n;
mod inspector;
mod panels;
mod session;
mod sim_provider;
mod state;
mod url;

#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    yew::Renderer::<sim_provider::SimProvider<app::App>>::new().render();
}
