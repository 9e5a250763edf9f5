/// The unit in which an exporter writes offsets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OffsetUnit {
    /// UTF-8 bytes, as Rust, Go and tantivy count.
    Byte,
    /// Unicode scalar values, as Python, spaCy and brat count.
    #[default]
    Char,
    /// UTF-16 code units, as JavaScript, Java and .NET count.
    Utf16,
}

/// Converts byte offsets of one text into another unit in O(1) memory per 64 bytes and at most
/// 64 bytes of scanning per lookup: a checkpoint every 64 bytes plus a count of the rest.
#[derive(Debug)]
pub struct OffsetMapper<'t> {
    text: &'t [u8],
    unit: OffsetUnit,
    /// Offset in `unit` at every byte multiple of `BLOCK`; empty when the mapping is the
    /// identity (byte unit, or ASCII text).
    checkpoints: Vec<usize>,
}

const BLOCK: usize = 64;

impl<'t> OffsetMapper<'t> {
    pub fn new(text: &'t str, unit: OffsetUnit) -> Self {
        let bytes = text.as_bytes();
        let identity = unit == OffsetUnit::Byte || bytes.is_ascii();
        let checkpoints = if identity {
            Vec::new()
        } else {
            let mut acc = 0;
            let mut checkpoints = Vec::with_capacity(bytes.len() / BLOCK + 1);
            for block in bytes.chunks(BLOCK) {
                checkpoints.push(acc);
                acc += units(block, unit);
            }
            checkpoints.push(acc);
            checkpoints
        };
        OffsetMapper {
            text: bytes,
            unit,
            checkpoints,
        }
    }

    pub fn unit(&self) -> OffsetUnit {
        self.unit
    }

    /// The offset, in this mapper's unit, of the char boundary at byte `byte`.
    #[inline]
    pub fn convert(&self, byte: usize) -> usize {
        // Inlined into the exporters' loops for the identity (most texts are ASCII), which
        // is then a test and no call.
        if self.checkpoints.is_empty() {
            return byte;
        }
        self.count(byte)
    }

    fn count(&self, byte: usize) -> usize {
        let block = byte / BLOCK;
        self.checkpoints[block] + units(&self.text[block * BLOCK..byte], self.unit)
    }
}

/// The units in a run of UTF-8 bytes that starts on a char boundary and ends on one (or ends
/// inside a char, which then counts from its first byte).
fn units(bytes: &[u8], unit: OffsetUnit) -> usize {
    match unit {
        OffsetUnit::Byte => bytes.len(),
        // Every char has exactly one byte that is not a continuation byte (10xxxxxx).
        OffsetUnit::Char => bytes.iter().filter(|&&b| (b as i8) >= -0x40).count(),
        // Chars outside the BMP (4-byte sequences, lead byte 11110xxx) take two UTF-16 units.
        OffsetUnit::Utf16 => bytes
            .iter()
            .map(|&b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0))
            .sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) {
        let chars = OffsetMapper::new(text, OffsetUnit::Char);
        let utf16 = OffsetMapper::new(text, OffsetUnit::Utf16);
        let bytes = OffsetMapper::new(text, OffsetUnit::Byte);
        for (b, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(chars.convert(b), text[..b].chars().count(), "char at {b}");
            assert_eq!(
                utf16.convert(b),
                text[..b].encode_utf16().count(),
                "utf16 at {b}"
            );
            assert_eq!(bytes.convert(b), b);
        }
    }

    #[test]
    fn ascii_is_identity() {
        check("Biden and Putin spoke for 50 minutes on Thursday.");
    }

    #[test]
    fn mixed_scripts_across_blocks() {
        // Curly quotes, accents, CJK and an emoji (two UTF-16 units), repeated over several
        // 64-byte blocks so that checkpoints are used.
        let text = "“urged Russia to de-escalate” — Zelenskyy’s café 北京 🇺🇦 Москва ".repeat(7);
        check(&text);
    }

    #[test]
    fn known_values() {
        // The flag is two regional-indicator scalars, each two UTF-16 units.
        let text = "“Putin” 🇺🇦 x";
        let m = OffsetMapper::new(text, OffsetUnit::Char);
        assert_eq!(m.convert(text.find('x').unwrap()), 11);
        let m = OffsetMapper::new(text, OffsetUnit::Utf16);
        assert_eq!(m.convert(text.find('x').unwrap()), 13);
    }
}
