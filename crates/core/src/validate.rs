//! Field rules, each returning a message that names the field and says what is wrong.
//!
//! Identifiers are normalised before they are checked (spaces and hyphens dropped, letters upper-cased),
//! because people copy them from letters and screens in every shape. Messages never repeat a personal
//! value beyond the identifier being typed, so they are safe to show beside the field.

use chrono::Datelike;

use crate::time::Date;
use crate::{Error, Result};

/// Longest name part, in characters.
pub const MAX_NAME: usize = 100;
/// Longest short text (provider, place, establishment), in characters.
pub const MAX_SHORT: usize = 200;
/// Longest long text (a contact summary), in characters.
pub const MAX_LONG: usize = 10_000;

/// Checks an NHS number (10 digits with a modulus-11 check digit) and returns it as 10 digits.
pub fn nhs_number(field: &str, input: &str) -> Result<String> {
    let digits: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if digits.is_empty() {
        return Err(Error::invalid(field, "An NHS number is needed here."));
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::invalid(field, "An NHS number has only digits, like 943 476 5919."));
    }
    if digits.len() != 10 {
        return Err(Error::invalid(
            field,
            format!("An NHS number has 10 digits; this has {}.", digits.len()),
        ));
    }
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    let sum: u32 = d.iter().take(9).zip((2..=10).rev()).map(|(x, w)| x * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => {
            return Err(Error::invalid(field, "This is not a valid NHS number: check the digits again."));
        }
        c => c,
    };
    if check != d[9] {
        return Err(Error::invalid(
            field,
            "This is not a valid NHS number: the last digit does not match. Check the digits again.",
        ));
    }
    Ok(digits)
}

/// Checks a prison number (`A1234BC`: a letter, 4 digits, 2 letters) and returns it upper-cased.
pub fn prison_number(field: &str, input: &str) -> Result<String> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let b = s.as_bytes();
    let ok = b.len() == 7
        && b[0].is_ascii_uppercase()
        && b[1..5].iter().all(u8::is_ascii_digit)
        && b[5..7].iter().all(u8::is_ascii_uppercase);
    if ok {
        Ok(s)
    } else {
        Err(Error::invalid(field, "A prison number is a letter, 4 digits and 2 letters, like A1234BC."))
    }
}

/// Checks an nDelius case reference number (`X123456`: a letter and 6 digits) and returns it upper-cased.
pub fn crn(field: &str, input: &str) -> Result<String> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let b = s.as_bytes();
    let ok = b.len() == 7 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit);
    if ok {
        Ok(s)
    } else {
        Err(Error::invalid(field, "A case reference number (CRN) is a letter and 6 digits, like X123456."))
    }
}

/// Trims text and checks its length and that it holds no control characters (other than line breaks
/// and tabs where `multiline`). Returns `None` for empty text.
pub fn text(field: &str, input: &str, max: usize, multiline: bool) -> Result<Option<String>> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let len = s.chars().count();
    if len > max {
        return Err(Error::invalid(
            field,
            format!("This is too long: {len} characters, and at most {max} fit."),
        ));
    }
    let bad = s.chars().any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\r' || c == '\t')));
    if bad {
        return Err(Error::invalid(field, "This has hidden control characters in it. Type it again."));
    }
    Ok(Some(s.to_owned()))
}

/// Checks optional text in place: trimmed, `None` when empty.
pub fn opt_text(field: &str, value: &mut Option<String>, max: usize, multiline: bool) -> Result<()> {
    *value = match value.take() {
        Some(s) => text(field, &s, max, multiline)?,
        None => None,
    };
    Ok(())
}

/// Like [`text`] but the value is needed.
pub fn required_text(field: &str, what: &str, input: &str, max: usize) -> Result<String> {
    text(field, input, max, false)?.ok_or_else(|| Error::invalid(field, format!("{what} is needed.")))
}

/// A date of birth: not in the future, not before 1900.
pub fn date_of_birth(field: &str, born: Date, today: Date) -> Result<Date> {
    if born > today {
        return Err(Error::invalid(field, "A date of birth cannot be in the future."));
    }
    if born.year() < 1900 {
        return Err(Error::invalid(field, "A date of birth before 1900 cannot be right. Check the year."));
    }
    Ok(born)
}

/// `later` may not fall before `earlier`.
pub fn not_before(field: &str, later: Date, earlier: Date, what: &str) -> Result<()> {
    if later < earlier {
        return Err(Error::invalid(field, format!("This date cannot be before {what}.")));
    }
    Ok(())
}

/// A count of minutes for a contact: 0 to 24 hours.
pub fn minutes(field: &str, m: i64) -> Result<i64> {
    if !(0..=24 * 60).contains(&m) {
        return Err(Error::invalid(field, "Minutes must be between 0 and 1440 (24 hours)."));
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn with_check_digit(nine: &[u32]) -> Option<String> {
        let sum: u32 = nine.iter().zip((2..=10).rev()).map(|(x, w)| x * w).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => return None,
            c => c,
        };
        Some(nine.iter().chain(std::iter::once(&check)).map(|d| char::from(b'0' + *d as u8)).collect())
    }

    #[test]
    fn known_nhs_numbers() {
        assert_eq!(nhs_number("nhs_number", "943 476 5919").unwrap(), "9434765919");
        assert_eq!(nhs_number("nhs_number", "401-023-2137").unwrap(), "4010232137");
        let e = nhs_number("nhs_number", "9434765918").unwrap_err();
        assert!(e.to_string().contains("last digit"));
        let e = nhs_number("nhs_number", "943476591").unwrap_err();
        assert!(e.to_string().contains("this has 9"));
        assert!(nhs_number("nhs_number", "94347659AB").is_err());
    }

    #[test]
    fn identifiers() {
        assert_eq!(prison_number("p", " a1234bc ").unwrap(), "A1234BC");
        for bad in ["A123BC", "11234BC", "A1234B1", "A12345BC", ""] {
            assert!(prison_number("p", bad).is_err(), "{bad}");
        }
        assert_eq!(crn("c", "x123456").unwrap(), "X123456");
        for bad in ["X12345", "1123456", "XX23456", "X1234567"] {
            assert!(crn("c", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_rules() {
        assert_eq!(text("f", "  Siobhán  ", 10, false).unwrap().as_deref(), Some("Siobhán"));
        assert_eq!(text("f", "   ", 10, false).unwrap(), None);
        assert!(text("f", "abcdefghijk", 10, false).is_err());
        assert!(text("f", "a\u{0007}b", 10, false).is_err());
        assert!(text("f", "a\nb", 10, false).is_err());
        assert!(text("f", "a\nb", 10, true).is_ok());
    }

    proptest! {
        #[test]
        fn every_number_with_a_right_check_digit_is_accepted(nine in proptest::collection::vec(0u32..10, 9)) {
            if let Some(n) = with_check_digit(&nine) {
                prop_assert_eq!(nhs_number("nhs_number", &n).unwrap(), n.clone());
                // Spaced as on a card, it is still the same number.
                let spaced = format!("{} {} {}", &n[..3], &n[3..6], &n[6..]);
                prop_assert_eq!(nhs_number("nhs_number", &spaced).unwrap(), n);
            }
        }

        #[test]
        fn changing_one_digit_is_always_caught(nine in proptest::collection::vec(0u32..10, 9), pos in 0usize..10, delta in 1u32..10) {
            if let Some(n) = with_check_digit(&nine) {
                let mut d: Vec<u32> = n.chars().filter_map(|c| c.to_digit(10)).collect();
                d[pos] = (d[pos] + delta) % 10;
                let changed: String = d.iter().map(|x| char::from(b'0' + *x as u8)).collect();
                prop_assert!(nhs_number("nhs_number", &changed).is_err());
            }
        }

        #[test]
        fn validators_never_panic_and_name_their_field(s in "\\PC{0,30}") {
            for r in [nhs_number("a", &s).map(|_| ()), prison_number("a", &s).map(|_| ()), crn("a", &s).map(|_| ()),
                      text("a", &s, 10, false).map(|_| ())] {
                if let Err(e) = r { prop_assert_eq!(e.field(), Some("a")); }
            }
        }

        #[test]
        fn prison_numbers_of_the_right_shape_pass(l in "[A-Za-z]", d in "[0-9]{4}", t in "[A-Za-z]{2}") {
            let s = format!("{l}{d}{t}");
            prop_assert_eq!(prison_number("p", &s).unwrap(), s.to_ascii_uppercase());
        }
    }
}
