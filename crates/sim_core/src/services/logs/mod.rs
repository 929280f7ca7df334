//! CloudWatch Logs: one bounded log group a function, as `/aws/lambda/NAME`.

use std::collections::{BTreeMap, VecDeque};

use crate::kernel::time::SimTime;

/// A CloudWatch Logs group, bounded: the oldest lines go first. Each line is in the
/// log stream of the execution environment that wrote it (`streams`, beside `lines`).
#[derive(Clone, Debug)]
pub struct LogGroup {
    pub name: String,
    lines: VecDeque<(SimTime, String)>,
    streams: VecDeque<u32>,
    capacity: usize,
    pub total: u64,
}

impl LogGroup {
    pub fn new(name: String, capacity: usize) -> Self {
        LogGroup {
            name,
            lines: VecDeque::new(),
            streams: VecDeque::new(),
            capacity: capacity.max(1),
            total: 0,
        }
    }

    /// Appends a line written in place: once the group is full, the oldest line's
    /// buffer is reused, so a long run does not allocate per line.
    /// `stream` is the execution environment that writes it.
    pub fn push_text(
        &mut self,
        at_ms: SimTime,
        stream: u32,
        line: impl crate::kernel::trace::TraceText,
    ) {
        let mut buffer = if self.lines.len() == self.capacity {
            self.streams.pop_front();
            self.lines.pop_front().map(|(_, b)| b).unwrap_or_default()
        } else {
            String::new()
        };
        buffer.clear();
        line.write_into(&mut buffer);
        self.lines.push_back((at_ms, buffer));
        self.streams.push_back(stream);
        self.total += 1;
    }

    /// Takes back the newest `n` lines, oldest first (a handler that goes to sleep
    /// writes its lines with its END instead).
    pub fn take_last(&mut self, n: usize) -> Vec<(SimTime, String)> {
        let n = n.min(self.lines.len());
        self.total -= n as u64;
        self.streams.truncate(self.streams.len() - n);
        self.lines.split_off(self.lines.len() - n).into()
    }

    pub fn lines(&self) -> impl Iterator<Item = &(SimTime, String)> {
        self.lines.iter()
    }

    /// Each line with its log stream's execution environment.
    pub fn lines_with_stream(&self) -> impl Iterator<Item = (&(SimTime, String), u32)> {
        self.lines.iter().zip(self.streams.iter().copied())
    }
}

/// A Lambda execution environment's log stream, as CloudWatch names it:
/// `2025/05/13/[$LATEST]` and 32 hex digits, the day being the one it started. The
/// digits are the function's and environment's own (no random draw: naming a stream
/// changes nothing else in the world).
pub fn stream_name(function: &str, environment: u32, started_epoch_ms: u64) -> String {
    use crate::kernel::rng::{fnv1a, Rng};
    let day = &crate::kernel::time::iso8601_ms(started_epoch_ms)[..10];
    // Mixed, so two environments of one function do not share a prefix.
    let mut digits = Rng::new(fnv1a(format!("{function}/{environment}").as_bytes()));
    let (a, b) = (digits.next_u64(), digits.next_u64());
    format!("{}/[$LATEST]{a:016x}{b:016x}", day.replace('-', "/"))
}

/// The CloudWatch Logs service of one world: log groups by name.
#[derive(Clone, Debug, Default)]
pub struct CloudWatchLogs {
    pub groups: BTreeMap<String, LogGroup>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Each instance of a Lambda function has a dedicated log stream … The naming
    /// convention for log streams is: YYYY/MM/DD[Function version][Execution
    /// environment GUID]"
    /// https://docs.aws.amazon.com/lambda/latest/operatorguide/log-structure.html
    #[test]
    fn a_stream_is_named_by_its_day_and_environment() {
        let day = crate::kernel::time::DEFAULT_EPOCH_MS;
        let name = stream_name("f", 0, day);
        assert!(name.starts_with("2025/05/13/[$LATEST]"), "{name}");
        let hex = &name["2025/05/13/[$LATEST]".len()..];
        assert_eq!(hex.len(), 32);
        assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()), "{hex}");
        assert_ne!(name, stream_name("f", 1, day));
        assert_ne!(name, stream_name("g", 0, day));
        assert_eq!(name, stream_name("f", 0, day + 1000));
    }

    #[test]
    fn lines_read_as_their_format() {
        let mut g = LogGroup::new("/aws/lambda/f".into(), 2);
        let id = "abc";
        g.push_text(1, 0, format_args!("START RequestId: {id} Version: $LATEST"));
        g.push_text(2, 1, String::from("owned"));
        g.push_text(3, 0, "borrowed");
        let lines: Vec<_> = g.lines().cloned().collect();
        assert_eq!(
            lines,
            [(2, "owned".to_string()), (3, "borrowed".to_string())]
        );
        let streams: Vec<u32> = g.lines_with_stream().map(|(_, s)| s).collect();
        assert_eq!(streams, [1, 0], "each line keeps its stream");
        let mut g = LogGroup::new("/aws/lambda/f".into(), 2);
        g.push_text(1, 0, format_args!("START RequestId: {id} Version: $LATEST"));
        assert_eq!(
            g.lines().next().map(|(_, l)| l.as_str()),
            Some(format!("START RequestId: {id} Version: $LATEST").as_str())
        );
    }
}
