//! Small helpers over the DOM events the forms and panels receive.

use yew::prelude::*;

/// The value of the input, select or textarea an event came from.
pub fn event_value(e: &Event) -> String {
    use wasm_bindgen::JsCast;
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    if let Some(s) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    if let Some(t) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return t.value();
    }
    String::new()
}

/// The learner asked the system for less motion: tokens jump instead of travelling.
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .map(|m| m.matches())
        .unwrap_or(false)
}

/// The browser's preferred languages, most preferred first (`navigator.languages`).
pub fn browser_languages() -> Vec<String> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    window
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

/// The window's height in CSS pixels (0 when the browser does not say).
fn inner_height(window: &web_sys::Window) -> f64 {
    window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0)
}

/// Scrolls the element with this id into view when its top is not on screen (a panel
/// opened from the diagram, below the fold at 1280×720).
pub fn bring_into_view(id: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(element) = window.document().and_then(|d| d.get_element_by_id(id)) else {
        return;
    };
    let height = inner_height(&window);
    let top = element.get_bounding_client_rect().top();
    if top < -1.0 || top > height * 0.6 {
        element.scroll_into_view();
    }
}

/// Scrolls a scrolling box back to its top (the trace's newest entries).
pub fn scroll_to_top(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        element.set_scroll_top(0);
    }
}

/// Scrolls the window just enough that this element's bottom is not at the window's
/// edge: a refusal under the button that was clicked near the bottom of the screen.
pub fn keep_on_screen(element: &web_sys::Element) {
    const MARGIN_PX: f64 = 24.0;
    let Some(window) = web_sys::window() else {
        return;
    };
    let height = inner_height(&window);
    let at = element.get_bounding_client_rect();
    let below = at.bottom() - (height - MARGIN_PX);
    if height > 0.0 && below > 0.0 {
        // Never so far that its top leaves the screen.
        window.scroll_by_with_x_and_y(0.0, below.min(at.top().max(0.0)));
    }
}

/// The controls column and the element with this id in it.
fn controls_and(id: &str) -> Option<(web_sys::Element, web_sys::Element)> {
    let document = web_sys::window()?.document()?;
    Some((
        document.get_element_by_id("controls")?,
        document.get_element_by_id(id)?,
    ))
}

/// Scrolls the controls column back to its top.
pub fn controls_to_top() {
    if let Some(column) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("controls"))
    {
        column.set_scroll_top(0);
    }
}

/// Scrolls the controls column (when it scrolls on its own, beside the diagram) so the
/// element with this id shows at its top, if it is out of the column's view: a guide
/// step that just changed while the learner was down at a form. The window does not
/// move.
pub fn reveal_in_controls(id: &str) {
    let Some((column, element)) = controls_and(id) else {
        return;
    };
    if column.scroll_height() <= column.client_height() {
        return;
    }
    let (view, at) = (
        column.get_bounding_client_rect(),
        element.get_bounding_client_rect(),
    );
    if at.top() < view.top() || at.top() > view.bottom() - 40.0 {
        let top = at.top() - view.top() + f64::from(column.scroll_top()) - 8.0;
        column.set_scroll_top(top.max(0.0) as i32);
    }
}

/// Scrolls the controls column just enough that the element with this id shows its
/// top part (up to 60% of the column), keeping as much as it can of what is above
/// (the guide's step that names the form). The window does not move (a focus moved
/// into the form scrolled the whole page).
pub fn show_form_in_controls(id: &str) {
    let (Some(window), Some((column, element))) = (web_sys::window(), controls_and(id)) else {
        return;
    };
    let (view, at) = (
        column.get_bounding_client_rect(),
        element.get_bounding_client_rect(),
    );
    // What shows of the column: it may run past the window's bottom.
    let (top, bottom) = (
        view.top().max(0.0),
        view.bottom().min(inner_height(&window)),
    );
    // With the guide's bar kept, 60% of the column for the form, the step above it in
    // view; with the bar given up, the whole form if it fits (the re-walk's batch form
    // ended 17 px short of its Send button).
    let limit = keeping_guide_bar(top, bottom, at.top());
    let share = if limit.is_finite() { 0.6 } else { 1.0 };
    let wanted_bottom = at.top() + at.height().min((bottom - top) * share - 16.0);
    let scroll = if at.top() < top {
        at.top() - top - 8.0
    } else {
        (wanted_bottom - bottom + 8.0).max(0.0)
    };
    let scroll = if limit.is_finite() {
        scroll.min(limit)
    } else {
        past_guide_card(scroll, top, at.top())
    };
    column.set_scroll_top((f64::from(column.scroll_top()) + scroll).max(0.0) as i32);
}

/// With the guide's bar given up, a scroll that would leave the guide's card partly on
/// screen goes on until the card is gone, as far as the form's top allows: the sticky
/// bar, squeezed into the card's last lines, showed its heading cut in half (lab 003's
/// step 2 at 1280×720, the walk of session 35).
fn past_guide_card(scroll: f64, top: f64, form_top: f64) -> f64 {
    let card = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("guide"))
        .map(|e| e.get_bounding_client_rect());
    match card {
        Some(card) if card.bottom() - scroll > top => {
            scroll.max((card.bottom() - top).min(form_top - top - 8.0))
        }
        _ => scroll,
    }
}

/// The most the controls column may scroll down and still show the guide's sticky
/// bar whole (its step number and heading): it sticks only while its card is on
/// screen, and a far form took the card, and half the heading, away (the re-walk of
/// lab 000's step 2 at 1280×720). When the bar cannot stay with 120 px of the form
/// shown, it goes, and the form shows as far as it would without it (the FIFO walk's
/// batch form showed its heading alone, and no bar either).
fn keeping_guide_bar(top: f64, bottom: f64, form_top: f64) -> f64 {
    let document = web_sys::window().and_then(|w| w.document());
    let rect = |id: &str| {
        let e = document.as_ref()?.query_selector(id).ok()??;
        Some(e.get_bounding_client_rect())
    };
    let (Some(card), Some(bar)) = (rect("#guide"), rect("#guide .guide__progress")) else {
        return f64::INFINITY;
    };
    let keep_bar = card.bottom() - top - bar.height() - 8.0;
    let show_form = form_top - (bottom - 120.0);
    if keep_bar >= show_form {
        keep_bar
    } else {
        f64::INFINITY
    }
}

/// After a node chosen from the keyboard: once the node's panel shows, the keyboard
/// focus moves to the panel's heading (`#panel-title`, focusable with tabindex=-1),
/// so the next Tab goes on inside the panel, not from the node now scrolled off
/// screen. Tried for about a second, and only while the focus is still on that node
/// (or nowhere): a focus the learner moved meanwhile stays where it is.
pub fn focus_panel_of(node: &str) {
    focus_panel_when_shown(node.to_string(), 40);
}

fn focus_panel_when_shown(node: String, tries: u32) {
    use wasm_bindgen::JsCast;
    gloo_timers::callback::Timeout::new(25, move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let untouched = document.active_element().is_none_or(|a| {
            a.get_attribute("data-node").as_deref() == Some(node.as_str())
                || a.tag_name().eq_ignore_ascii_case("BODY")
        });
        if !untouched {
            return;
        }
        let heading = document
            .get_element_by_id("panel-title")
            .filter(|h| h.get_attribute("data-resource").as_deref() == Some(node.as_str()));
        if let Some(h) = heading
            .as_ref()
            .and_then(|h| h.dyn_ref::<web_sys::HtmlElement>())
        {
            // Hidden (the presenter's stage hides the panels), it takes no focus.
            if h.offset_parent().is_some() {
                let _ = h.focus();
                return;
            }
        }
        if tries > 1 {
            focus_panel_when_shown(node, tries - 1);
        }
    })
    .forget();
}

/// A press on a button, a tab or a summary inside the stage's inspector leaves the
/// focus where it was, so Space still plays and pauses (a clicked tab or "Body"
/// took Space as its own, and the room saw nothing change: instructor walk). The
/// click still happens; fields still take the focus to be typed in.
pub fn keep_focus_off_buttons(e: web_sys::MouseEvent) {
    use wasm_bindgen::JsCast;
    let pressed = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|t| t.closest("button, summary, [role=tab]").ok().flatten());
    if pressed.is_some() {
        e.prevent_default();
    }
}

/// The inspector just laid over the stage (`#panels`): under the stage's bar as
/// it is drawn (a bar wrapped to two rows kept its Play under a guessed offset),
/// from its top, with the keyboard focus in it so PageDown scrolls it; unless a
/// queue's first message shows from there, a DLQ scrolled to its redrive and any other
/// queue to its messages (at 1280×720 the DLQ's message was under the fold, below the
/// console's buttons: instructor walk); at an error stop (`at_error`), a function to
/// its latest error in its log. The inspector opens the
/// chosen box's tab in a render of its own: tried for about a second, until that
/// box's panel shows.
pub fn show_stage_inspector(chosen: Option<String>, at_error: bool) {
    show_stage_inspector_when_shown(chosen, at_error, 40);
}

fn show_stage_inspector_when_shown(chosen: Option<String>, at_error: bool, tries: u32) {
    use wasm_bindgen::JsCast;
    gloo_timers::callback::Timeout::new(25, move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let shown = |name: &str| {
            document
                .get_element_by_id("panel-title")
                .is_some_and(|h| h.get_attribute("data-resource").as_deref() == Some(name))
        };
        if tries > 1 && chosen.as_deref().is_some_and(|c| !shown(c)) {
            show_stage_inspector_when_shown(chosen, at_error, tries - 1);
            return;
        }
        let Some(panels) = document
            .get_element_by_id("panels")
            .and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        if let Some(bar) = document.query_selector(".stage__bar").ok().flatten() {
            let top = bar.get_bounding_client_rect().bottom() + 8.0;
            let _ = panels.set_attribute("style", &format!("--inspect-top: {top:.0}px"));
        }
        panels.set_scroll_top(0);
        let _ = panels.focus();
        // At an error stop, the function's latest error and its traceback: opened at
        // the top, the exception was a screen down, under the console's switches.
        let errors = document
            .query_selector_all("#function-logs .log--error")
            .ok();
        let latest_error = errors
            .filter(|_| at_error)
            .and_then(|e| e.item(e.length().checked_sub(1)?));
        if let Some(error) = latest_error.and_then(|e| e.dyn_into::<web_sys::Element>().ok()) {
            error.scroll_into_view();
            return;
        }
        // A queue's first message in view from the top (1920×1080): nothing to move.
        // Else a DLQ opens at its redrive, its message under it (opened at the message,
        // the counts and "Start DLQ redrive" were above the fold at the DLQ stop); any
        // other queue at its messages.
        let fold = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        let first = document
            .query_selector("#queue-messages .message")
            .ok()
            .flatten();
        if first.is_some_and(|m| m.get_bounding_client_rect().bottom() <= fold) {
            return;
        }
        // The redrive's whole row: in Portuguese its buttons wrap onto two lines, and
        // scrolled to the redrive the row's first line (Poll, Purge) was cut off (the
        // instructor walk).
        let at = match document.get_element_by_id("redrive") {
            Some(redrive) => redrive.parent_element().or(Some(redrive)),
            None => document
                .get_element_by_id("queue-messages")
                .and_then(|_| document.get_element_by_id("queue-peek")),
        };
        if let Some(at) = at {
            at.scroll_into_view();
        }
    })
    .forget();
}

/// Back from a panel to the diagram: scrolls the diagram into view and gives the
/// resource's node (or, with `None`, the first node) the keyboard focus.
pub fn back_to_diagram(node: Option<&str>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(diagram) = document.get_element_by_id("diagram") {
        diagram.scroll_into_view();
    }
    let Ok(nodes) = document.query_selector_all("[data-node]") else {
        return;
    };
    for i in 0..nodes.length() {
        let Some(n) = nodes.item(i) else { continue };
        let element: &web_sys::Element = wasm_bindgen::JsCast::unchecked_ref(&n);
        if node.is_none() || element.get_attribute("data-node").as_deref() == node {
            call_quietly(element, "focus");
            return;
        }
    }
}

/// Calls a method of `target` that may return a promise (the Fullscreen API's), and
/// ignores its refusal: without a user gesture, or where full screen is not allowed,
/// the presenter's CSS layout alone is used.
fn call_quietly(target: &wasm_bindgen::JsValue, method: &str) {
    use wasm_bindgen::JsCast;
    let Ok(f) = js_sys::Reflect::get(target, &method.into()) else {
        return;
    };
    let Some(f) = f.dyn_ref::<js_sys::Function>() else {
        return;
    };
    if let Ok(result) = f.call0(target) {
        if let Ok(promise) = result.dyn_into::<js_sys::Promise>() {
            // Awaited so that a refusal is handled, not reported as uncaught.
            wasm_bindgen_futures::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            });
        }
    }
}

/// Whether the page is in the browser's full screen.
pub fn is_fullscreen() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.fullscreen_element())
        .is_some()
}

/// Asks for the browser's full screen for the whole page.
pub fn request_fullscreen() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        call_quietly(&root.into(), "requestFullscreen");
    }
}

/// Leaves the browser's full screen.
pub fn exit_fullscreen() {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        call_quietly(&d.into(), "exitFullscreen");
    }
}
