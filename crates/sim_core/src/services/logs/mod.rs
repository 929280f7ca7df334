//! CloudWatch Logs: one bounded log group a function, as `/aws/lambda/NAME`.

use std::collections::{BTreeMap, VecDeque};

use crate::kernel::time::SimTime;

/// A CloudWatch Logs group, bounded: the oldest lines go first.
#[derive(Clone, Debug)]
pub struct LogGroup {
    pub name: String,
    lines: VecDeque<(SimTime, String)>,
    capacity: usize,
    pub total: u64,
}

impl LogGroup {
    pub fn new(name: String, capacity: usize) -> Self {
        LogGroup {
            name,
            lines: VecDeque::new(),
            capacity: capacity.max(1),
            total: 0,
        }
    }

    pub fn push(&mut self, at_ms: SimTime, line: String) {
        if self.lines.len() == self.capacity {
            self.lines.pop_front();
        }
        self.lines.push_back((at_ms, line));
        self.total += 1;
    }

    /// Appends a line written in place: once the group is full, the oldest line's
    /// buffer is reused, so a long run does not allocate per line.
    pub fn push_text(&mut self, at_ms: SimTime, line: impl crate::kernel::trace::TraceText) {
        let mut buffer = if self.lines.len() == self.capacity {
            self.lines.pop_front().map(|(_, b)| b).unwrap_or_default()
        } else {
            String::new()
        };
        buffer.clear();
        line.write_into(&mut buffer);
        self.lines.push_back((at_ms, buffer));
        self.total += 1;
    }

    /// Takes back the newest `n` lines, oldest first (a handler that goes to sleep
    /// writes its lines with its END instead).
    pub fn take_last(&mut self, n: usize) -> Vec<(SimTime, String)> {
        let n = n.min(self.lines.len());
        self.total -= n as u64;
        self.lines.split_off(self.lines.len() - n).into()
    }

    pub fn lines(&self) -> impl Iterator<Item = &(SimTime, String)> {
        self.lines.iter()
    }
}

/// The CloudWatch Logs service of one world: log groups by name.
#[derive(Clone, Debug, Default)]
pub struct CloudWatchLogs {
    pub groups: BTreeMap<String, LogGroup>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_as_their_format() {
        let mut g = LogGroup::new("/aws/lambda/f".into(), 2);
        let id = "abc";
        g.push_text(1, format_args!("START RequestId: {id} Version: $LATEST"));
        g.push_text(2, String::from("owned"));
        g.push_text(3, "borrowed");
        let lines: Vec<_> = g.lines().cloned().collect();
        assert_eq!(
            lines,
            [(2, "owned".to_string()), (3, "borrowed".to_string())]
        );
        let mut g = LogGroup::new("/aws/lambda/f".into(), 2);
        g.push_text(1, format_args!("START RequestId: {id} Version: $LATEST"));
        assert_eq!(
            g.lines().next().map(|(_, l)| l.as_str()),
            Some(format!("START RequestId: {id} Version: $LATEST").as_str())
        );
    }
}
