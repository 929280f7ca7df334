//! EventLab's browser shell: a thin Yew app over `sim_core`.

mod app;
mod components;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
