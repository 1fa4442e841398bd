//! A certificate as a document: HTML (for the screen and the browser's print) and PDF (A4, the
//! Chinese set in the bundled font). Chinese first; the English line beneath.

use super::certificate::Certificate;
use super::pdf::{self, Align, Line};

fn date(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

fn html_escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&#39;".to_string(),
            c if c.is_control() => " ".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// A person's name, else their id.
fn named(name: &str, id: &str) -> String {
    if name.is_empty() {
        id.to_string()
    } else {
        name.to_string()
    }
}

/// The holder as the certificate names them: name (or id when the roster gave none) and unit.
fn holder(c: &Certificate) -> (String, String) {
    let k = &c.content;
    let name = if k.name.is_empty() {
        k.trainee.clone()
    } else {
        k.name.clone()
    };
    (name, k.unit.clone())
}

/// The certificate as a standalone HTML page.
pub fn html(c: &Certificate) -> String {
    let k = &c.content;
    let (name, unit) = holder(c);
    let e = html_escape;
    let rows: String = k
        .cases
        .iter()
        .map(|x| {
            format!(
                "<tr><td>{}<br><small>{}</small></td><td>{:.1}</td><td>{}</td></tr>\n",
                e(&x.title_zh),
                e(&x.title_en),
                x.total,
                e(&named(&x.reviewer_name, &x.reviewer))
            )
        })
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>执法资格培训考核合格证书 {code}</title>
<style>
body {{ font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; background: #f4f1ea; }}
.cert {{ max-width: 720px; margin: 2em auto; padding: 3em; background: #fff; border: 6px double #9e2a1f; text-align: center; }}
h1 {{ color: #9e2a1f; font-size: 2em; margin-bottom: 0.1em; letter-spacing: 0.2em; }}
.en {{ color: #666; font-size: 0.9em; }}
.holder {{ font-size: 1.6em; margin: 1em 0 0.2em; }}
table {{ margin: 1.5em auto; border-collapse: collapse; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 0.4em 1em; text-align: left; }}
.code {{ font-family: monospace; font-size: 1.3em; letter-spacing: 0.1em; }}
</style>
</head>
<body>
<div class="cert">
<h1>执法资格培训考核合格证书</h1>
<div class="en">Certificate of assessment — administrative enforcement training</div>
<p>兹证明</p>
<div class="holder">{name}</div>
<div>{unit}</div>
<p>已通过考核方案“{plan_zh}”规定的全部必考案例，各场考核经审核员签核确认。</p>
<p class="en">has passed every required case of the assessment plan “{plan_en}”, each session signed off by a reviewer.</p>
<table>
<tr><th>案例 Case</th><th>成绩 Score</th><th>审核员 Reviewer</th></tr>
{rows}</table>
<p>发证日期 Issued：{issued}　签发审核员 Issued by：{issuer}</p>
<p>验证码 Verification code</p>
<p class="code">{code}</p>
<p class="en">核验：cailiang certificate verify {code}</p>
</div>
</body>
</html>
"#,
        code = e(&c.code),
        name = e(&name),
        unit = e(&unit),
        plan_zh = e(&k.plan_title_zh),
        plan_en = e(&k.plan_title_en),
        issued = e(date(&k.issued_at)),
        issuer = e(&named(&k.issuer_name, &k.issuer)),
    )
}

/// The certificate as a one-page A4 PDF.
pub fn pdf(c: &Certificate) -> Result<Vec<u8>, String> {
    let k = &c.content;
    let (name, unit) = holder(c);
    let red = (0.62, 0.16, 0.12);
    let ink = (0.1, 0.1, 0.1);
    let grey = (0.4, 0.4, 0.4);
    let line = |text: String, y: f32, size: f32, align: Align, rgb| Line {
        text,
        y,
        size,
        align,
        rgb,
    };
    let mut lines = vec![
        line(
            "执法资格培训考核合格证书".into(),
            730.0,
            28.0,
            Align::Center,
            red,
        ),
        line(
            "Certificate of assessment — administrative enforcement training".into(),
            705.0,
            11.0,
            Align::Center,
            grey,
        ),
        line("兹证明".into(), 655.0, 14.0, Align::Center, ink),
        line(name, 615.0, 24.0, Align::Center, ink),
        line(unit, 590.0, 13.0, Align::Center, ink),
        line(
            format!("已通过考核方案“{}”规定的全部必考案例，", k.plan_title_zh),
            550.0,
            13.0,
            Align::Center,
            ink,
        ),
        line(
            "各场考核经审核员签核确认。".into(),
            530.0,
            13.0,
            Align::Center,
            ink,
        ),
        line(
            format!(
                "has passed every required case of “{}”, each signed off by a reviewer.",
                k.plan_title_en
            ),
            510.0,
            9.5,
            Align::Center,
            grey,
        ),
        line("案例".into(), 470.0, 12.0, Align::Left(90.0), red),
        line("成绩".into(), 470.0, 12.0, Align::Left(390.0), red),
        line("审核员".into(), 470.0, 12.0, Align::Left(450.0), red),
    ];
    // The table fills the space between the heading (448) and the date line (230): rows and
    // type shrink for a long plan, and past what stays legible the rest is named in one line
    // (the HTML lists every case).
    let n = k.cases.len().max(1) as f32;
    let step = (218.0 / n).clamp(10.0, 20.0);
    let size = (step * 0.6).clamp(7.0, 12.0);
    let fits = (218.0 / step) as usize;
    let shown = if k.cases.len() > fits { fits - 1 } else { fits };
    let mut y = 448.0;
    for x in k.cases.iter().take(shown) {
        lines.push(line(x.title_zh.clone(), y, size, Align::Left(90.0), ink));
        lines.push(line(
            format!("{:.1}", x.total),
            y,
            size,
            Align::Left(390.0),
            ink,
        ));
        lines.push(line(
            named(&x.reviewer_name, &x.reviewer),
            y,
            size,
            Align::Left(450.0),
            ink,
        ));
        y -= step;
    }
    if k.cases.len() > shown {
        lines.push(line(
            format!(
                "另有 {} 个案例，全部列于同一验证码的网页版证书中。",
                k.cases.len() - shown
            ),
            y,
            size,
            Align::Left(90.0),
            grey,
        ));
    }
    lines.extend([
        line(
            format!(
                "发证日期：{}　　签发审核员：{}",
                date(&k.issued_at),
                named(&k.issuer_name, &k.issuer)
            ),
            190.0,
            12.0,
            Align::Center,
            ink,
        ),
        line("验证码".into(), 150.0, 12.0, Align::Center, ink),
        line(c.code.clone(), 125.0, 18.0, Align::Center, red),
        line(
            format!("核验 Verify：cailiang certificate verify {}", c.code),
            95.0,
            9.5,
            Align::Center,
            grey,
        ),
    ]);
    pdf::page(&format!("合格证书 {}", c.code), &lines, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::certificate::{CertCase, Content, FORMAT};

    fn certificate(cases: usize) -> Certificate {
        let case = |i: usize| CertCase {
            scenario: format!("c.{i}"),
            title_zh: format!("案例 {i}"),
            title_en: format!("Case {i}"),
            session: format!("s{i}"),
            log_sha256: "00".repeat(32),
            total: 90.0,
            reviewer: "r.li".into(),
            reviewer_name: "李审".into(),
            review_signature: String::new(),
        };
        let content = Content {
            format: FORMAT.into(),
            trainee: "ann".into(),
            name: "王安".into(),
            unit: "<b>城东所</b>".into(),
            plan: "plan.x".into(),
            plan_sha256: "11".repeat(32),
            plan_title_zh: "考核".into(),
            plan_title_en: "Assessment".into(),
            issued_at: "2026-12-01T00:00:00Z".into(),
            issuer: "r.li".into(),
            issuer_name: "李审".into(),
            cases: (0..cases).map(case).collect(),
        };
        let text = serde_json::to_string(&content).unwrap();
        Certificate {
            code: crate::register::certificate::code_of(&text),
            content,
            text,
            public_key: String::new(),
            signature: String::new(),
        }
    }

    /// A long plan still gives one valid page; the HTML lists every case and escapes text.
    #[test]
    fn a_certificate_renders_for_short_and_long_plans() {
        for n in [1, 3, 30] {
            let c = certificate(n);
            let pdf = pdf(&c).unwrap();
            assert!(pdf.starts_with(b"%PDF"), "{n} cases");
            let html = html(&c);
            assert_eq!(html.matches("<tr><td>").count(), n);
            assert!(html.contains("&lt;b&gt;城东所&lt;/b&gt;"), "escaped");
        }
    }
}
