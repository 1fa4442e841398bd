//! "Did you mean": the closest known name to a misspelt one.

/// Edit distance between two strings, counted in characters.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Names longer than this get no suggestion: no id or key is that long, so it is no typo, and
/// comparing costs the product of the lengths.
pub const MAX_SUGGESTED: usize = 64;

/// The candidate closest to `name`, if it is close enough to be a plausible typo.
pub fn closest<'a, I, S>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + 'a + ?Sized,
{
    let chars = name.chars().count();
    if chars > MAX_SUGGESTED {
        return None;
    }
    let limit = (chars / 3).max(2);
    candidates
        .into_iter()
        .map(|c| c.as_ref())
        .map(|c| (distance(&name.to_lowercase(), &c.to_lowercase()), c))
        .filter(|&(d, c)| d <= limit || c.contains(name) || name.contains(c) && c.len() > 3)
        .min_by_key(|&(d, c)| (d, c.len()))
        .map(|(_, c)| c)
}

/// `Some("did you mean `x`?")` when a close candidate exists.
pub fn did_you_mean<'a, I, S>(name: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + 'a + ?Sized,
{
    closest(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_not_strangers() {
        let c = ["food.expired_sale", "fire.exit_blocked", "price.not_marked"];
        assert_eq!(closest("food.expird_sale", &c), Some("food.expired_sale"));
        assert_eq!(closest("fire.exit", &c), Some("fire.exit_blocked"));
        assert_eq!(closest("zzz", &c), None);
        assert_eq!(distance("kitten", "sitting"), 3);
        // An absurd length gets no suggestion, at once.
        let long = "food.expired_sale".repeat(100_000);
        let t = std::time::Instant::now();
        assert_eq!(closest(&long, &c), None);
        assert!(t.elapsed() < std::time::Duration::from_millis(500));
    }
}
