//! EventBridge refuses wildcard patterns that would make matching slow: "Rule is too
//! complex - try using fewer wildcard characters or fewer repeating character sequences
//! after a wildcard character". The measure is event-ruler's MachineComplexityEvaluator:
//! for one field, the largest number of wildcard-pattern states a single input value can
//! keep alive at once. EventBridge does not publish its limit; we use 100, the highest
//! complexity event-ruler's README reports measurements for.

use std::collections::{BTreeSet, VecDeque};

/// A field whose wildcard patterns reach this complexity is refused.
pub const MAX_COMPLEXITY: usize = 100;

/// How much exploring (state moves) is done before the answer is "too complex": a
/// pattern that needs more than this is too complex for a bus too.
const MAX_WORK: usize = 2_000_000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Token {
    Star,
    Literal(char),
}

/// Tokens of a wildcard pattern, read as the matcher reads them (`\*` is a literal star).
fn tokens(pattern: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut p = 0;
    while let Some((token, next)) = super::pattern::wildcard_token(pattern, p) {
        out.push(token.map_or(Token::Star, Token::Literal));
        p = next;
    }
    out
}

/// The complexity of one field's wildcard patterns, capped at `MAX_COMPLEXITY`.
pub fn wildcard_complexity(patterns: &[&str]) -> usize {
    let patterns: Vec<Vec<Token>> = patterns.iter().map(|p| tokens(p)).collect();
    let mut alphabet: BTreeSet<char> = patterns
        .iter()
        .flatten()
        .filter_map(|t| match t {
            Token::Literal(c) => Some(*c),
            Token::Star => None,
        })
        .collect();
    // A character no pattern names: it only keeps stars alive.
    alphabet.insert('\u{0}');
    let start = closure(&patterns, (0..patterns.len()).map(|p| (p, 0)).collect());
    let mut seen = BTreeSet::from([start.clone()]);
    let mut queue = VecDeque::from([start]);
    let (mut worst, mut work) = (0, 0);
    while let Some(states) = queue.pop_front() {
        worst = worst.max(live_count(&patterns, &states));
        work += states.len() * alphabet.len();
        if worst >= MAX_COMPLEXITY || work > MAX_WORK {
            return MAX_COMPLEXITY;
        }
        for &c in &alphabet {
            let next = step(&patterns, &states, c);
            if !next.is_empty() && seen.insert(next.clone()) {
                queue.push_back(next);
            }
        }
    }
    worst
}

/// The states a character leads to: a star keeps its state, a matching literal moves on.
fn step(
    patterns: &[Vec<Token>],
    states: &BTreeSet<(usize, usize)>,
    c: char,
) -> BTreeSet<(usize, usize)> {
    let mut next = BTreeSet::new();
    for &(p, i) in states {
        match patterns[p].get(i) {
            Some(Token::Star) => {
                next.insert((p, i));
            }
            Some(Token::Literal(l)) if *l == c => {
                next.insert((p, i + 1));
            }
            _ => {}
        }
    }
    closure(patterns, next)
}

/// A state at a star is also at the token after it (the star may match nothing).
fn closure(
    patterns: &[Vec<Token>],
    mut states: BTreeSet<(usize, usize)>,
) -> BTreeSet<(usize, usize)> {
    let mut todo: Vec<(usize, usize)> = states.iter().copied().collect();
    while let Some((p, i)) = todo.pop() {
        if patterns[p].get(i) == Some(&Token::Star) && states.insert((p, i + 1)) {
            todo.push((p, i + 1));
        }
    }
    states
}

/// States that wait for a literal or have matched whole (a star's state is counted
/// through the state after it).
fn live_count(patterns: &[Vec<Token>], states: &BTreeSet<(usize, usize)>) -> usize {
    states
        .iter()
        .filter(|(p, i)| patterns[*p].get(*i) != Some(&Token::Star))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_patterns_are_simple() {
        assert_eq!(wildcard_complexity(&["order-*"]), 1);
        assert_eq!(
            wildcard_complexity(&["*.png"]),
            2,
            "the star and the '.p' just read"
        );
        assert_eq!(wildcard_complexity(&["dir/*/file.txt"]), 2);
        assert!(wildcard_complexity(&["*a*b*c"]) <= 4);
    }

    #[test]
    fn repeated_characters_after_wildcards_add_up() {
        let many = "*a".repeat(120);
        assert_eq!(wildcard_complexity(&[&many]), MAX_COMPLEXITY);
        let few = "*a".repeat(10);
        let c = wildcard_complexity(&[&few]);
        assert!((5..MAX_COMPLEXITY).contains(&c), "{c}");
    }

    #[test]
    fn the_largest_pattern_is_judged_quickly() {
        let long: String = (0..1000)
            .map(|i| {
                if i % 2 == 0 {
                    '*'
                } else {
                    char::from(b'a' + (i % 26) as u8)
                }
            })
            .collect();
        let started = std::time::Instant::now();
        assert_eq!(wildcard_complexity(&[&long]), MAX_COMPLEXITY);
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn many_patterns_with_a_common_prefix_add_up() {
        let patterns: Vec<String> = (0..120).map(|i| format!("order-*-{i}")).collect();
        let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
        assert_eq!(wildcard_complexity(&refs), MAX_COMPLEXITY);
    }
}
