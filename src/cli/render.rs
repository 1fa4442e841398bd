//! Terminal text for events, prompts and the debrief, in Chinese (default) or English.

use crate::discretion::Band;
use crate::runtime::numbers::Offer;
use crate::runtime::Event;
use crate::scoring::Debrief;
use crate::text::{Lang, Text};

fn t(text: &Text, lang: Lang) -> &str {
    text.get(lang)
}

fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Zh {
        zh
    } else {
        en
    }
}

/// An event as lines for the terminal; hidden events give nothing.
pub fn event(e: &Event, lang: Lang) -> String {
    match e {
        Event::FactsDrawn { .. } => String::new(),
        Event::Day { day, date } => {
            let date = date.as_deref().unwrap_or("");
            match lang {
                Lang::Zh => format!("\n【第 {day} 个工作日 {date}】"),
                Lang::En => format!("\n[Working day {day} {date}]"),
            }
        }
        Event::Scene { text, .. } => format!("\n{}", t(text, lang)),
        Event::Evidence { text, .. } => format!(
            "  {} {}",
            pick(lang, "［证据］", "[evidence]"),
            t(text, lang)
        ),
        Event::Chosen { label, .. } => format!("\n> {}", t(label, lang)),
        Event::Happened { text, .. } => text
            .as_ref()
            .map(|x| format!("  {}", t(x, lang)))
            .unwrap_or_default(),
        Event::Feedback { text } => format!(
            "  {} {}",
            pick(lang, "［提示］", "[hint]"),
            t(text, lang).replace('\n', "\n    ")
        ),
        Event::Decided { decision, .. } => {
            let ms: Vec<&str> = decision
                .measures
                .iter()
                .map(|m| if lang == Lang::Zh { m.zh() } else { m.en() })
                .collect();
            let mut s = format!(
                "\n> {}{}",
                pick(lang, "处理决定：", "Decision: "),
                ms.join(pick(lang, "、", ", "))
            );
            if let Some(f) = decision.fine {
                s.push_str(&format!(
                    "{}{f} {}",
                    pick(lang, "；罚款 ", "; fine "),
                    pick(lang, "元", "yuan")
                ));
            }
            if let Some(d) = decision.deadline {
                s.push_str(&format!(
                    "{}{d}{}",
                    pick(lang, "；整改期限 ", "; deadline "),
                    pick(lang, " 个工作日", " working days")
                ));
            }
            s
        }
        Event::Ending { text, .. } => format!(
            "\n{}\n{}",
            pick(lang, "—— 结局 ——", "—— Ending ——"),
            t(text, lang)
        ),
    }
}

/// The menu of a prompt's offers, each with its stable number (`runtime::numbers`).
pub fn menu(offers: &[(usize, Offer)], lang: Lang) -> String {
    let mut s = String::new();
    for (n, offer) in offers {
        let line = match offer {
            Offer::Choice(c) => {
                let tag = c.tag(lang);
                let tag = match (tag.is_empty(), lang) {
                    (true, _) => String::new(),
                    (false, Lang::Zh) => format!("［{tag}］"),
                    (false, Lang::En) => format!("[{tag}] "),
                };
                format!("{tag}{}", t(&c.label, lang))
            }
            Offer::Decide => pick(
                lang,
                "［决定］填写处理决定",
                "[decide] Fill in the decision form",
            )
            .to_string(),
        };
        s.push_str(&format!("  {n:>2}. {line}\n"));
    }
    s
}

fn band(b: &Option<Band>) -> String {
    b.map(|b| format!("{}–{}", b.min, b.max))
        .unwrap_or_else(|| "—".into())
}

/// The debrief as a report. Rule ids and the scene path are for instructors: shown in English,
/// or with `verbose`; the Chinese report is Chinese throughout.
pub fn debrief(d: &Debrief, lang: Lang, verbose: bool) -> String {
    let zh = lang == Lang::Zh;
    let ids = !zh || verbose;
    let basis = |b: &str| crate::text::basis_in(b, lang);
    let mut s = String::new();
    s.push_str(&format!(
        "\n==== {} ====\n{} {:.1} / 100   {}\n",
        pick(lang, "评分报告", "Debrief"),
        pick(lang, "总分", "Total"),
        d.total,
        match (d.passed, d.critical, zh) {
            (true, _, true) => "合格",
            (true, _, false) => "PASSED",
            (false, true, true) => "不合格（存在严重错误）",
            (false, true, false) => "FAILED (critical error)",
            (false, false, true) => "不合格",
            (false, false, false) => "FAILED",
        }
    ));
    for dim in &d.dimensions {
        let bar = "█".repeat((dim.score / 10.0).round() as usize);
        let name = if zh {
            dim.dimension.zh()
        } else {
            dim.dimension.en()
        };
        s.push_str(&format!(
            "  {} {:>5.1}  {bar}  ({}{})\n",
            pad(name, 24),
            dim.score,
            pick(lang, "权重 ", "weight "),
            dim.weight
        ));
    }
    let a = &d.lawful;
    // A range that does not apply (no fine in the outcome) is left out, not shown as "—".
    let range = |label: (&str, &str), b: &Option<Band>| {
        b.map(|_| {
            format!(
                "  {}{} {}",
                pick(lang, label.0, label.1),
                band(b),
                pick(lang, "元", "yuan")
            )
        })
        .unwrap_or_default()
    };
    s.push_str(&format!(
        "\n{}{}{}{}\n",
        pick(lang, "法定结果：", "Lawful outcome: "),
        if zh { a.outcome.zh() } else { a.outcome.en() },
        range(("罚款阶次：", "band: "), &a.fine),
        range(("法定幅度：", "statutory: "), &a.statutory_fine),
    ));
    for g in &a.grounds {
        if ids {
            s.push_str(&format!("  · {} — {}\n", g.rule, basis(&g.basis)));
        } else {
            s.push_str(&format!("  · {}\n", basis(&g.basis)));
        }
    }
    if let Some(dec) = d.decisions.last() {
        let ms: Vec<&str> = dec
            .input
            .measures
            .iter()
            .map(|m| if zh { m.zh() } else { m.en() })
            .collect();
        s.push_str(&format!(
            "{}{}{}\n",
            pick(lang, "你的决定：", "Your decision: "),
            if ms.is_empty() {
                pick(lang, "（未作决定）", "(none)").to_string()
            } else {
                ms.join(pick(lang, "、", ", "))
            },
            dec.input
                .fine
                .map(|f| format!(
                    "{}{f}{}",
                    pick(lang, "，罚款 ", ", fine "),
                    pick(lang, " 元", " yuan")
                ))
                .unwrap_or_default()
        ));
    }
    if d.deductions.is_empty() {
        s.push_str(pick(lang, "\n没有扣分。\n", "\nNo deductions.\n"));
    } else {
        s.push_str(pick(lang, "\n扣分明细：\n", "\nDeductions:\n"));
        for x in &d.deductions {
            let dim = if zh {
                x.dimension.zh()
            } else {
                x.dimension.en()
            };
            let crit = if x.critical {
                pick(lang, "［严重］", "[critical] ")
            } else {
                ""
            };
            let what = if ids {
                format!("{} ({dim}; {})", t(&x.explanation, lang), x.rule)
            } else {
                format!("{}（{dim}）", t(&x.explanation, lang))
            };
            s.push_str(&format!(
                "  -{:<3} {crit}{what}\n        {}{}\n",
                x.points,
                pick(lang, "依据：", "basis: "),
                basis(&x.basis)
            ));
        }
    }
    let m = &d.model_answer;
    s.push_str(&format!(
        "\n{}{}\n",
        pick(lang, "参考答案：", "Model answer: "),
        t(&m.explanation, lang)
    ));
    if ids {
        s.push_str(&format!(
            "{}{}\n",
            pick(lang, "路径：", "Path: "),
            d.path.join(" → ")
        ));
    }
    s
}

/// Pad to `width` terminal columns, counting CJK characters as two.
fn pad(s: &str, width: usize) -> String {
    let w: usize = s.chars().map(|c| if c >= '\u{1100}' { 2 } else { 1 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}
