//! Invocations on their way: who asked (the source), what they carry, and how they end.

use serde_json::{json, Value};

use crate::kernel::time::SimTime;

#[derive(Clone, Debug)]
pub enum Source {
    Api {
        request_id: String,
        api: String,
    },
    Sqs {
        mapping: u32,
        keys: Vec<u64>,
    },
    Stream {
        mapping: u32,
        count: u32,
        last_sequence: u64,
        first_created_ms: SimTime,
    },
    Async {
        event: u64,
    },
    /// A pipe's enrichment step.
    PipeEnrichment {
        batch: u64,
    },
    /// A pipe's Lambda target, invoked synchronously with the whole batch.
    PipeTarget {
        batch: u64,
    },
    Direct,
}

#[derive(Clone, Debug)]
pub struct Invocation {
    pub request_id: String,
    pub function: u32,
    pub payload: super::payload::Payload,
    pub source: Source,
    pub started_ms: SimTime,
    pub init_ms: u64,
    pub duration_ms: u64,
    pub timed_out: bool,
    pub order_id: Option<String>,
    /// The fault switches as the invocation started: a switch stands for a change to
    /// the function's code, and an invocation already running keeps the code it
    /// started with (fixing a function mid-run changed how that run ended).
    pub faults: super::Faults,
    /// What the handler returned and logged, kept while its `time.sleep` runs on:
    /// the invocation ends, and Lambda answers, only when the sleep is over. Boxed:
    /// every invocation moves through the open-invocation map, and few sleep.
    pub held: Option<Box<Held>>,
    /// The execution environment it runs in: its lines go to that one's log stream.
    pub environment: u32,
}

/// A handler's outcome, held until its sleeps are over.
#[derive(Clone, Debug)]
pub struct Held {
    pub result: HandlerResult,
    /// The lines it logged, each at its time, written with its END.
    pub lines: Vec<(SimTime, String)>,
}

#[derive(Clone, Debug)]
pub struct AsyncEvent {
    pub function: u32,
    pub payload: Value,
    pub queued_ms: SimTime,
    pub attempts: u32,
    pub request_id: String,
    pub last_error: Option<HandlerError>,
    /// Times Lambda's queue found no concurrency for it: each waits twice as long.
    pub throttles: u32,
}

/// An unhandled error, as the runtime reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct HandlerError {
    pub error_type: String,
    pub message: String,
    /// Where the handler's code raised it: a piece of that line of its Python
    /// (`json.loads(`, `["Records"]`), for the stackTrace.
    pub at: Option<std::borrow::Cow<'static, str>>,
    /// The runtime's stackTrace: a frame a line, innermost last.
    pub stack_trace: std::rc::Rc<[String]>,
}

/// The frame of an error that carries none. The world gives every error the code
/// raises a frame in the function's own Handler file (`traceback::fallback_frame`
/// when its line was not found); this one is left for errors raised outside the
/// code, named as an exported template's inline `ZipFile` deploys it (index.py).
const FALLBACK_FRAME: &str = "  File \"/var/task/index.py\", line 12, in lambda_handler\n";

impl HandlerError {
    pub fn new(error_type: &str, message: impl Into<String>) -> Self {
        HandlerError {
            error_type: error_type.into(),
            message: message.into(),
            at: None,
            stack_trace: std::rc::Rc::from([]),
        }
    }

    /// The runtime's answer when the function's Timeout ends before its handler.
    pub fn timed_out(timeout_s: u64) -> Self {
        HandlerError::new(
            "Sandbox.Timedout",
            format!("Task timed out after {timeout_s}.00 seconds"),
        )
    }

    pub fn is_timeout(&self) -> bool {
        self.error_type == "Sandbox.Timedout"
    }

    /// Raised by a fault switch, with its `frame` (the world's `switch_frame`): the
    /// `raise` line shows, as in CPython's frames (the Portuguese walk saw the
    /// traceback end at "in lambda_handler").
    pub fn raised_by_switch(error_type: &str, message: &str, frame: String) -> Self {
        HandlerError {
            stack_trace: std::rc::Rc::from([frame]),
            ..HandlerError::new(error_type, message)
        }
    }

    /// Raised on the line of the handler's code that holds `fragment`.
    pub fn at(mut self, fragment: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        self.at = Some(fragment.into());
        self
    }

    /// The stackTrace's frames (the fallback frame when none was found).
    pub fn frames(&self) -> impl Iterator<Item = &str> {
        let fallback = self.stack_trace.is_empty().then_some(FALLBACK_FRAME);
        fallback
            .into_iter()
            .chain(self.stack_trace.iter().map(String::as_str))
    }

    /// `Traceback (most recent call last):` and the frames, on the one line a log
    /// line is: written as it is logged, with no text built for it.
    pub fn traceback_line(&self) -> impl std::fmt::Display + '_ {
        struct Line<'a>(&'a HandlerError);
        impl std::fmt::Display for Line<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("Traceback (most recent call last):")?;
                for frame in self.0.frames() {
                    frame.split('\n').try_for_each(|part| f.write_str(part))?;
                }
                Ok(())
            }
        }
        Line(self)
    }

    /// The Invoke response's error object. A timeout is the sandbox's, not the
    /// handler's: no stackTrace (the handler raised nothing; a made-up frame sent the
    /// learner to a line that does not exist), and the request id in the message.
    pub fn payload(&self, request_id: &str) -> Value {
        if self.is_timeout() {
            return json!({
                "errorType": self.error_type,
                "errorMessage": format!("RequestId: {request_id} Error: {}", self.message),
            });
        }
        json!({
            "errorMessage": self.message,
            "errorType": self.error_type,
            "requestId": request_id,
            "stackTrace": self.frames().collect::<Vec<_>>(),
        })
    }
}

pub type HandlerResult = Result<Value, HandlerError>;
