//! EventLab's browser shell: a thin Yew app over `sim_core`.

mod app;
mod controls;
mod diagram;
mod dom;
mod driver;
mod forms;
mod i18n;
mod panels;
mod sim_provider;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
