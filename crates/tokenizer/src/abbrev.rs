//! Word lists shared by the two stages. Kept as sorted slices so that a lookup is a binary
//! search with no allocation and no hashing set-up cost.

/// Words that keep their period as one token (`Gov.`, `Inc.`), without the period. Matching is
/// case-sensitive: `No.` is an abbreviation, sentence-final `no.` is not. State names that are
/// also common words (`Wash.`, `Miss.`, `Ill.`) are left out on purpose.
pub(crate) const ABBREVIATIONS: &[&str] = &[
    "Adm", "Ala", "Apr", "Ariz", "Ark", "Assn", "Aug", "Ave", "Blvd", "Bros", "Calif", "Capt",
    "Cmdr", "Co", "Col", "Colo", "Conn", "Corp", "Cos", "Cpl", "Dec", "Dept", "Dr", "Feb", "Fig",
    "Fla", "Fri", "Ft", "Ga", "Gen", "Gov", "Hon", "Inc", "Jan", "Jr", "Ky", "Lt", "Ltd", "Maj",
    "Mar", "Md", "Messrs", "Mich", "Minn", "Mon", "Mr", "Mrs", "Ms", "Mt", "No", "Nos", "Nov",
    "Oct", "Okla", "Pa", "Pres", "Prof", "Pty", "Rd", "Rep", "Rev", "Sat", "Sec", "Sen", "Sep",
    "Sept", "Sgt", "Sr", "St", "Sun", "Supt", "Tenn", "Tex", "Thu", "Thurs", "Tue", "Tues", "Va",
    "Vol", "Wed", "Wis", "al", "approx", "cf", "etc", "vs",
];

/// Whether `word` is one of [`ABBREVIATIONS`]. It is asked of every sentence-final word, so
/// the list is searched as numbers: each word packed big-endian into a `u64`, which keeps
/// the list's order and needs no string comparison.
pub(crate) fn is_builtin_abbreviation(word: &str) -> bool {
    word.len() <= 8
        && PACKED_ABBREVIATIONS
            .binary_search(&pack(word.as_bytes()))
            .is_ok()
}

const PACKED_ABBREVIATIONS: [u64; ABBREVIATIONS.len()] = {
    let mut packed = [0; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < packed.len() {
        assert!(ABBREVIATIONS[i].len() <= 8);
        packed[i] = pack(ABBREVIATIONS[i].as_bytes());
        i += 1;
    }
    packed
};

/// Up to eight bytes as a big-endian number, zero-padded: shorter words sort first, as in
/// string order.
const fn pack(word: &[u8]) -> u64 {
    let mut n = 0u64;
    let mut i = 0;
    while i < 8 {
        n <<= 8;
        if i < word.len() {
            n |= word[i] as u64;
        }
        i += 1;
    }
    n
}

/// Abbreviations that precede a name or number (`Gov. Smith`, `No. 1`): the sentence splitter
/// never ends a sentence after one, even before `The`.
pub(crate) const TITLES: &[&str] = &[
    "Adm.", "Capt.", "Cmdr.", "Col.", "Cpl.", "Dr.", "Ft.", "Gen.", "Gov.", "Hon.", "Lt.", "Maj.",
    "Messrs.", "Mr.", "Mrs.", "Ms.", "Mt.", "No.", "Nos.", "Pres.", "Prof.", "Rep.", "Rev.",
    "Sec.", "Sen.", "Sgt.", "St.", "Supt.", "vs.",
];

/// Capitalized words that nearly always begin a sentence: after a non-title abbreviation
/// (`in the U.S. The …`) they are taken as proof that the abbreviation also ended the sentence.
pub(crate) const SENTENCE_STARTERS: &[&str] = &[
    "A",
    "After",
    "Also",
    "An",
    "And",
    "As",
    "At",
    "But",
    "For",
    "He",
    "Her",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Meanwhile",
    "On",
    "She",
    "Since",
    "So",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "We",
    "What",
    "When",
    "Where",
    "Which",
    "While",
    "Who",
    "Why",
    "Yet",
];

pub(crate) fn contains(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [ABBREVIATIONS, TITLES, SENTENCE_STARTERS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn titles_are_abbreviations() {
        for t in TITLES {
            assert!(contains(ABBREVIATIONS, t.trim_end_matches('.')), "{t}");
        }
    }

    #[test]
    fn packed_search_agrees_with_the_string_search() {
        assert!(PACKED_ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
        for word in ABBREVIATIONS
            .iter()
            .chain(&["", "C", "Cox", "Corps", "Messrsx", "Ukraine"])
        {
            assert_eq!(
                is_builtin_abbreviation(word),
                contains(ABBREVIATIONS, word),
                "{word}"
            );
        }
    }
}
