//! The stackTrace of an error a function's code raised: the frames in its handler's
//! Python, at the line that raised it, as Lambda's Python runtime writes them
//! (https://docs.aws.amazon.com/lambda/latest/dg/python-exceptions.html). The frames
//! inside the standard library, boto3 or botocore that AWS also lists are left out.
//! `exported_handlers.rs` checks every frame against CPython's.
//!
//! The file and function are the function's Handler's: `lambda_function.py` and
//! `lambda_handler` for a function made in the console (its Python default,
//! https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html), `index.py` for
//! one a template's inline `ZipFile` deploys (what `sim_cli export` writes).

use crate::lambda::Behavior;

/// The file and function a traceback names: `FunctionConfig::handler_parts`.
pub(crate) struct Handler<'a> {
    pub file: String,
    pub function: &'a str,
}

impl<'a> Handler<'a> {
    pub(crate) fn of(config: &'a crate::lambda::FunctionConfig) -> Self {
        // `validate` refused any other handler; the console's default stands in.
        let (file, function) = config
            .handler_parts()
            .unwrap_or(("/var/task/lambda_function.py".into(), "lambda_handler"));
        Handler { file, function }
    }
}

/// The Python call an SDK operation is made with, to find its line.
pub(crate) fn call_of(operation: &str) -> &'static str {
    match operation {
        "PutItem" => "put_item(",
        "UpdateItem" => "update_item(",
        "SendMessage" => "send_message(",
        "GetObject" => "get_object(",
        "PutEvents" => "put_events(",
        "Publish" => "publish(",
        _ => "boto3",
    }
}

/// The frames, outermost first, for an error raised on the line holding `at` (either
/// quote; `…@2` for its second such line): in the handler when that line is there,
/// else in the function defined above it that the handler calls. None when the line
/// is not found. Reads the text in place: an error costs a scan of a few KB.
pub(crate) fn frames(behavior: &Behavior, handler: &Handler, at: &str) -> Vec<String> {
    let source = crate::cloudformation::export::handler_source(behavior);
    let (at, nth) = match at.rsplit_once('@').map(|(a, n)| (a, n.parse::<usize>())) {
        Some((a, Ok(n))) => (a, n),
        _ => (at, 1),
    };
    let swapped: std::borrow::Cow<str> = if at.contains(['"', '\'']) {
        at.chars()
            .map(|c| match c {
                '"' => '\'',
                '\'' => '"',
                c => c,
            })
            .collect::<String>()
            .into()
    } else {
        at.into()
    };
    let Some(def_at) = source.find("\ndef lambda_handler(").map(|i| i + 1) else {
        return Vec::new();
    };
    let body = def_at..function_end(source, def_at);
    if let Some(line) = nth_line_with(source, body.clone(), at, &swapped, nth) {
        return vec![frame(source, handler, line, handler.function)];
    }
    // A helper defined before the handler (`num`, `order_id`): its line, called from
    // the handler's line that names it.
    let Some(line) = nth_line_with(source, 0..def_at, at, &swapped, 1) else {
        return Vec::new();
    };
    let Some(def) = source[..line].rfind("def ") else {
        return Vec::new();
    };
    let name = source[def + 4..].split('(').next().unwrap_or_default();
    let call = format!("{name}(");
    match nth_line_with(source, body, &call, &call, 1) {
        Some(caller) => vec![
            frame(source, handler, caller, handler.function),
            frame(source, handler, line, name),
        ],
        None => Vec::new(),
    }
}

/// The frame of an error a fault switch raises: the switch stands for the lab's
/// `raise` put at the top of the handler, so the frame names the handler's first line
/// and shows that `raise` (the review: line 12 of every file read another line).
pub(crate) fn switch_frame(
    behavior: &Behavior,
    handler: &Handler,
    error_type: &str,
    message: &str,
) -> String {
    let source = crate::cloudformation::export::handler_source(behavior);
    let line = source
        .find("\ndef lambda_handler(")
        .map_or(1, |i| source[..=i].matches('\n').count() + 2);
    let Handler { file, function } = handler;
    format!(
        "  File \"{file}\", line {line}, in {function}\n    raise {error_type}(\"{message}\")\n"
    )
}

/// The frame of an error whose line in the handler's code was not found.
pub(crate) fn fallback_frame(handler: &Handler) -> String {
    let Handler { file, function } = handler;
    format!("  File \"{file}\", line 12, in {function}\n")
}

/// Where the top-level function starting at `start` ends: the next top-level line.
fn function_end(source: &str, start: usize) -> usize {
    source[start..]
        .match_indices('\n')
        .map(|(i, _)| start + i + 1)
        .find(|&i| source[i..].starts_with(|c: char| !c.is_whitespace()))
        .unwrap_or(source.len())
}

/// The start of the `nth` line within `range` that holds `a` or `b`.
fn nth_line_with(
    source: &str,
    range: std::ops::Range<usize>,
    a: &str,
    b: &str,
    nth: usize,
) -> Option<usize> {
    let text = &source[range.clone()];
    let mut starts: Vec<usize> = text
        .match_indices(a)
        .chain(text.match_indices(b))
        .map(|(i, _)| range.start + text[..i].rfind('\n').map_or(0, |n| n + 1))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts.get(nth.checked_sub(1)?).copied()
}

/// `  File "/var/task/lambda_function.py", line 7, in lambda_handler\n    for record in …\n`
fn frame(source: &str, handler: &Handler, line_start: usize, function: &str) -> String {
    let number = source[..line_start].matches('\n').count() + 1;
    let text = source[line_start..]
        .lines()
        .next()
        .unwrap_or_default()
        .trim();
    let file = &handler.file;
    format!("  File \"{file}\", line {number}, in {function}\n    {text}\n")
}
