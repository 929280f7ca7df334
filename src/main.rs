//! EventLab's browser shell: a thin Yew app over `sim_core`.

mod app;
mod components;
mod driver;
mod graph;
mod i18n;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
