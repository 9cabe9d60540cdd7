//! The template context: the [`Brief`] as data, plus what a reader sees made from it.
//!
//! In: a [`Brief`] (facts only, as `brief.json` holds it). Out: the JSON value the templates
//! render: every field of the brief, and beside them the brief date in words (`date_long`), the
//! date-time group (`dtg`), the analyst's introduction as safe Markdown (`introduction`, in
//! place of the Markdown as written), HTML (`introduction_html`) and Typst
//! (`introduction_typst`), and for each timeline and watch entry the date as shown (`when`:
//! `3 December 2025`, `week of …`, `November 2025`, `1999`). Templates written for earlier
//! versions, which found these in the brief, keep working.

use super::introduction;
use crate::brief::Brief;
use crate::date::Date;
use anyhow::{Context, Result};
use serde_json::{Value, json};

/// The template context of `brief`.
pub fn context(brief: &Brief) -> Result<Value> {
    let mut value = serde_json::to_value(brief).context("failed to build template context")?;
    let Value::Object(top) = &mut value else { anyhow::bail!("a brief serialises to an object") };
    let intro = brief.introduction.as_deref();
    top.insert("date_long".into(), json!(brief.date.long()));
    top.insert("dtg".into(), json!(brief.date.dtg()));
    top.insert("introduction".into(), json!(intro.map(introduction::safe_markdown)));
    top.insert("introduction_html".into(), json!(intro.map(introduction::to_safe_html)));
    top.insert("introduction_typst".into(), json!(intro.map(introduction::to_typst)));
    if let Some(Value::Array(entries)) = top.get_mut("timeline") {
        for (entry, e) in entries.iter_mut().zip(&brief.timeline) {
            if let Value::Object(entry) = entry {
                entry.insert("when".into(), json!(when(e.date, &e.granularity)));
            }
        }
    }
    if let Some(Value::Array(entries)) = top.get_mut("watch") {
        for (entry, w) in entries.iter_mut().zip(&brief.watch) {
            if let Value::Object(entry) = entry {
                let shown = w.date.zip(w.granularity.as_deref()).map(|(d, g)| when(d, g));
                entry.insert("when".into(), json!(shown));
            }
        }
    }
    Ok(value)
}

/// A date as shown at its precision (`day`, `week`, `month` or `year`).
pub fn when(date: Date, granularity: &str) -> String {
    match granularity {
        "week" => format!("week of {}", date.long()),
        "month" => format!("{} {}", crate::date::MONTHS[date.month as usize - 1], date.year),
        "year" => date.year.to_string(),
        _ => date.long(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_shown_at_their_precision() {
        let d = Date::parse("2025-12-01").unwrap();
        assert_eq!(when(d, "day"), "1 December 2025");
        assert_eq!(when(d, "week"), "week of 1 December 2025");
        assert_eq!(when(d, "month"), "December 2025");
        assert_eq!(when(d, "year"), "2025");
    }
}
