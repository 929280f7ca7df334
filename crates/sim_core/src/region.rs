//! The simulated account's Region: every ARN, queue URL, invoke URL and event's
//! `region`/`awsRegion` carries it. A scenario chooses one (lab 004 ran in us-east-2);
//! the rest run in us-east-1. Names are as CloudWatch alarm notifications write them.
//! <https://docs.aws.amazon.com/general/latest/gr/rande.html>

/// The Region of a scenario that does not choose one.
pub const DEFAULT: &str = "us-east-1";

/// Region codes with the names AWS writes for them.
const REGIONS: &[(&str, &str)] = &[
    ("us-east-1", "US East (N. Virginia)"),
    ("us-east-2", "US East (Ohio)"),
    ("us-west-1", "US West (N. California)"),
    ("us-west-2", "US West (Oregon)"),
    ("ca-central-1", "Canada (Central)"),
    ("sa-east-1", "South America (Sao Paulo)"),
    ("eu-west-1", "EU (Ireland)"),
    ("eu-west-2", "EU (London)"),
    ("eu-west-3", "EU (Paris)"),
    ("eu-central-1", "EU (Frankfurt)"),
    ("eu-north-1", "EU (Stockholm)"),
    ("eu-south-1", "EU (Milan)"),
    ("ap-south-1", "Asia Pacific (Mumbai)"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)"),
    ("ap-northeast-2", "Asia Pacific (Seoul)"),
    ("ap-northeast-3", "Asia Pacific (Osaka)"),
    ("ap-southeast-1", "Asia Pacific (Singapore)"),
    ("ap-southeast-2", "Asia Pacific (Sydney)"),
    ("af-south-1", "Africa (Cape Town)"),
    ("me-south-1", "Middle East (Bahrain)"),
];

/// The Region's code as a `'static` str, if it is one AWS has.
pub fn parse(code: &str) -> Option<&'static str> {
    REGIONS.iter().find(|(c, _)| *c == code).map(|(c, _)| *c)
}

/// "US East (Ohio)" for us-east-2.
pub fn name(code: &str) -> &'static str {
    REGIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("AWS", |(_, n)| *n)
}

/// The Region an ARN names (`arn:aws:sqs:us-east-2:…` → `us-east-2`).
pub fn of_arn(arn: &str) -> &str {
    arn.split(':').nth(3).unwrap_or_default()
}

/// The error a scenario or template gets for a Region AWS does not have.
pub fn unknown(code: &str) -> String {
    format!(
        "Region \"{code}\" is not an AWS Region code (for example us-east-1, us-east-2, sa-east-1)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_parse_and_others_do_not() {
        assert_eq!(parse("us-east-2"), Some("us-east-2"));
        assert_eq!(name("us-east-2"), "US East (Ohio)");
        assert_eq!(parse("us-east-9"), None);
        assert_eq!(parse("US-EAST-1"), None);
    }
}
