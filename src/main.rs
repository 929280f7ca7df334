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

fn main() {
    yew::Renderer::<sim_provider::SimProvider<app::App>>::new().render();
}
