//! Bytes tested eight at a time in a `u64` (SIMD within a register): the tokenizer finds runs
//! of letters with it and `detect.language` counts words with it.

/// A one in each byte of a word.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each byte of a word.
pub const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of a little-endian word that is an ASCII letter. Adding at most
/// 0x7F to a byte below 0x80 never carries into the next, so the bytes are tested apart.
#[inline]
pub fn ascii_letters(w: u64) -> u64 {
    // Setting bit 5 maps upper case to lower case, and no other byte into `a..=z`.
    let lower = (w | (0x20 * ONES)) & !HIGH_BITS;
    let at_least_a = lower + (0x80 - u64::from(b'a')) * ONES;
    let past_z = lower + (0x80 - u64::from(b'z') - 1) * ONES;
    at_least_a & !past_z & !w & HIGH_BITS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_letters_marks_exactly_the_letters() {
        for b in 0..=255u8 {
            let w = u64::from_le_bytes([b'1', b, b'-', b'z', b'A', b'@', b'[', 0xC3]);
            let want = [
                false,
                b.is_ascii_alphabetic(),
                false,
                true,
                true,
                false,
                false,
                false,
            ];
            let got: Vec<bool> = (0..8)
                .map(|i| ascii_letters(w) >> (8 * i + 7) & 1 == 1)
                .collect();
            assert_eq!(got, want, "byte {b:#04x}");
        }
    }
}
