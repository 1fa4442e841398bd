//! Help in the interface language: `--help` is Chinese by default (the interface is), English with
//! `--lang en` on the command line or `CAILIANG_LANG=en`. The Chinese texts are in `zh_help_text`,
//! keyed by command path and argument id; a test keeps them complete.

use super::zh_help_text::ZH;
use crate::text::Lang;
use clap::{Arg, ArgAction, Command};
use std::ffi::OsString;

/// The environment variable that sets the interface language of the command line.
pub const LANG_ENV: &str = "CAILIANG_LANG";

/// The language for help: `--lang en|zh` (or `--lang=…`) anywhere on the command line, else
/// `$CAILIANG_LANG`, else Chinese.
pub fn lang_of(args: &[OsString]) -> Lang {
    let parse = |s: &str| match s {
        "en" => Some(Lang::En),
        "zh" => Some(Lang::Zh),
        _ => None,
    };
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--lang" {
            if let Some(l) = it.next().as_deref().and_then(parse) {
                return l;
            }
        } else if let Some(l) = a.strip_prefix("--lang=").and_then(parse) {
            return l;
        }
    }
    std::env::var(LANG_ENV)
        .ok()
        .as_deref()
        .and_then(parse)
        .unwrap_or_default()
}

/// The Chinese text for a key: `""` is the program, `"play"` a command, `"register import"` a
/// nested one, `"play.seed"` an argument (by its id: the field's name).
pub fn zh(key: &str) -> Option<&'static str> {
    ZH.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// `cmd` with its help in Chinese, all the way down.
pub fn localize(cmd: Command) -> Command {
    let mut cmd = localize_at(cmd, "");
    // clap adds its `help` command when the command is built: built here, then described.
    cmd.build();
    cmd.mut_subcommand("help", |h| {
        h.about("显示本帮助，或指定命令的帮助")
            .subcommand_help_heading("命令")
            .help_template(TEMPLATE)
    })
}

fn localize_at(mut cmd: Command, path: &str) -> Command {
    if let Some(t) = zh(path) {
        cmd = cmd.about(t).long_about(None::<&str>);
    }
    cmd = cmd
        .mut_args(|a| {
            let key = format!("{path}.{}", a.get_id());
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let mut text = zh(&key)
                .map(str::to_string)
                .unwrap_or_else(|| a.get_help().map(|h| h.to_string()).unwrap_or_default());
            // clap's own "[default: …] [possible values: …]" are English: said in Chinese here.
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            let takes_value = a.get_action().takes_values();
            let possible: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if takes_value && !defaults.is_empty() && !a.is_hide_default_value_set() {
                text.push_str(&format!("［默认：{}］", defaults.join("、")));
            }
            if takes_value && !possible.is_empty() && !a.is_hide_possible_values_set() {
                text.push_str(&format!("［可选：{}］", possible.join("、")));
            }
            let a = a.help(text).long_help(None::<&str>).help_heading(heading);
            if takes_value {
                a.hide_default_value(true).hide_possible_values(true)
            } else {
                a
            }
        })
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        )
        .subcommand_help_heading("命令")
        .help_template(TEMPLATE);
    if path.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    cmd.mut_subcommands(|sc| {
        let sub = if path.is_empty() {
            sc.get_name().to_string()
        } else {
            format!("{path} {}", sc.get_name())
        };
        localize_at(sc, &sub)
    })
}

/// Every key the command line has (its commands and their arguments), with the English help.
#[cfg(test)]
pub fn keys(cmd: &Command) -> Vec<(String, String)> {
    fn walk(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
        let about = cmd.get_about().map(|s| s.to_string()).unwrap_or_default();
        out.push((path.to_string(), about));
        for a in cmd.get_arguments() {
            if matches!(a.get_id().as_str(), "help" | "version") {
                continue;
            }
            let help = a.get_help().map(|s| s.to_string()).unwrap_or_default();
            out.push((format!("{path}.{}", a.get_id()), help));
        }
        for sc in cmd.get_subcommands() {
            let sub = if path.is_empty() {
                sc.get_name().to_string()
            } else {
                format!("{path} {}", sc.get_name())
            };
            walk(sc, &sub, out);
        }
    }
    let mut out = Vec::new();
    walk(cmd, "", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command and argument has its Chinese help, and every entry is still used.
    #[test]
    fn every_help_text_has_its_chinese() {
        let cmd = super::super::Cli::command();
        let keys = keys(&cmd);
        let missing: Vec<String> = keys
            .iter()
            .filter(|(k, _)| zh(k).is_none())
            .map(|(k, en)| format!("    (\"{k}\", \"\"), // {en}"))
            .collect();
        assert!(
            missing.is_empty(),
            "no Chinese help for:\n{}",
            missing.join("\n")
        );
        let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for (k, t) in ZH {
            assert!(cjk(t), "`{k}`: not Chinese: {t}");
        }
        // Features off leave some entries unused; with all of them, none may be stale.
        #[cfg(all(feature = "gui", feature = "station", feature = "register"))]
        for (k, _) in ZH {
            assert!(
                keys.iter().any(|(key, _)| key == k),
                "`{k}` is no command or argument"
            );
        }
    }

    #[test]
    fn the_language_is_chinese_unless_english_is_asked_for() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_of(&args(&["cailiang", "play", "--lang", "en", "--help"])),
            Lang::En
        );
        assert_eq!(lang_of(&args(&["cailiang", "play", "--lang=en"])), Lang::En);
        assert_eq!(
            lang_of(&args(&["cailiang", "play", "--lang", "zh"])),
            Lang::Zh
        );
    }
}
