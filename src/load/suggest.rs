//! "Did you mean …?" for misspelled ids, names and fields.

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let distance = if c.to_lowercase() == lower {
            0
        } else {
            strsim::damerau_levenshtein(&lower, &c.to_lowercase())
        };
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, c));
        }
    }
    let (distance, c) = best?;
    let len = word.chars().count();
    let limit = (len / 3).max(1);
    // A one-letter word is one edit from every other letter: that is no suggestion.
    (distance <= limit && distance < len).then_some(c)
}

/// "; did you mean `x`?" or nothing.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    closest(word, candidates).map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
}

/// "`a`, `b`, `c`".
pub fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(closest("sfd", ["sdf", "coalition"]), Some("sdf"));
        assert_eq!(
            closest("Airstirke", ["Airstrike", "Pause"]),
            Some("Airstrike")
        );
        assert_eq!(closest("xyz", ["sdf", "coalition"]), None);
        assert_eq!(closest("G", ["A", "B"]), None);
        assert_eq!(closest("b", ["A", "B"]), Some("B"));
        assert_eq!(
            did_you_mean("titel", ["title", "id"]),
            "; did you mean `title`?"
        );
    }
}
