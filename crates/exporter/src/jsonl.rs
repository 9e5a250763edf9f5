//! The `jsonl` exporter: one JSON object per article, the contract of DESIGN.md.
//!
//! A record is the input's fields (`id`, the known metadata, `text`, then unknown fields in
//! input order) followed by one key per layer the pipeline produces, in pipeline order. Every
//! span carries `start`, `end` (half-open, in the configured unit: characters by default, as
//! Python and spaCy count) and `text`, which is exactly the text between them.

use std::cell::RefCell;

use newsprint_core::{
    norm, parse_params, AttrValue, BuildContext, BuildError, Document, Exporter,
    ExporterRegistration, OffsetMapper, OffsetUnit, OutputSchema, ParamDoc, Rejection, Span, Token,
    TokenKind,
};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    offsets: OffsetUnit,
    #[serde(default = "yes")]
    token_kind: bool,
    #[serde(default = "yes")]
    token_norm: bool,
}

fn yes() -> bool {
    true
}

newsprint_core::inventory::submit! {
    ExporterRegistration {
        name: "jsonl",
        summary: "one JSON object per article: input fields, then a list of spans per layer",
        extensions: &["jsonl", "ndjson", "json"],
        params: &[
            ParamDoc::new("offsets", "\"char\" | \"byte\" | \"utf16\"", "\"char\"",
                "unit of `start`/`end`: Unicode scalar values (Python, spaCy), UTF-8 bytes, or UTF-16 units (JavaScript, Java)"),
            ParamDoc::new("token_kind", "bool", "true", "write each token's `kind` (word, number, punct, symbol, url, email)"),
            ParamDoc::new("token_norm", "bool", "true", "write each token's `norm`: lower case, straight quotes, `-` for dashes"),
        ],
        build,
        origin: newsprint_core::origin!(),
    }
}

fn build(
    table: &toml::Table,
    _ctx: &BuildContext,
    schema: &OutputSchema,
) -> Result<Box<dyn Exporter>, BuildError> {
    let params: Params = parse_params(table)?;
    Ok(Box::new(JsonlExporter {
        offsets: params.offsets,
        token_kind: params.token_kind,
        token_norm: params.token_norm,
        schema: schema.clone(),
    }))
}

/// Writes documents as JSON Lines.
#[derive(Debug, Clone)]
pub struct JsonlExporter {
    pub offsets: OffsetUnit,
    pub token_kind: bool,
    pub token_norm: bool,
    pub schema: OutputSchema,
}

impl JsonlExporter {
    pub fn new(offsets: OffsetUnit, schema: OutputSchema) -> Self {
        JsonlExporter {
            offsets,
            token_kind: true,
            token_norm: true,
            schema,
        }
    }
}

impl JsonlExporter {
    /// The token list. Every token is written with a comma before it, and the first one's
    /// becomes the `[`: no test per token for the first. Out of line: inlined into `encode`,
    /// its loop runs slower.
    #[inline(never)]
    fn tokens(&self, w: &mut SpanWriter, tokens: &[Token], buf: &mut [u8; BATCH_BYTES]) {
        let open = w.out.len();
        let mut batch = TokenBatch { buf, len: 0 };
        for t in tokens {
            if batch.token(w.out, t, w.map, w.text, self) {
                continue;
            }
            // Long, non-ASCII or escaped: written the general way.
            batch.flush(w.out);
            w.out.extend_from_slice(b",{");
            self.token(w, t);
            w.out.push(b'}');
        }
        batch.flush(w.out);
        match w.out.get_mut(open) {
            Some(comma) => *comma = b'[',
            None => w.out.push(b'['),
        }
        w.out.push(b']');
    }

    /// A token's fields, without braces, the general way.
    fn token(&self, w: &mut SpanWriter, t: &Token) {
        let text = t.span.slice(w.text);
        w.span_head(t.span);
        let written = w.out.len();
        string(w.out, text);
        if self.token_norm {
            w.out.extend_from_slice(b",\"norm\":");
            if text.is_ascii() {
                // `norm` of ASCII is its lower case, and lower-casing the escaped text gives
                // the escaped lower case (escapes are lower case already): copy what was just
                // written.
                let at = w.out.len();
                w.out.extend_from_within(written..at - 8);
                w.out[at..].make_ascii_lowercase();
            } else {
                string(w.out, &norm(text));
            }
        }
        if self.token_kind {
            // Kinds are plain lower-case words: nothing to escape.
            w.out.extend_from_slice(b",\"kind\":\"");
            w.out.extend_from_slice(t.kind.as_str().as_bytes());
            w.out.push(b'"');
        }
    }
}

/// Tokens are most of the output (a record's token layer is ~11 times its text): the common
/// token (ASCII, at most [`WINDOW`] bytes, nothing to escape) is assembled in a buffer from
/// fixed-size copies, so that the output grows by one copy per batch of tokens instead of
/// eight small copies per token.
struct TokenBatch<'b> {
    buf: &'b mut [u8; BATCH_BYTES],
    len: usize,
}

const BATCH_BYTES: usize = 4096;

thread_local! {
    /// The token batch's buffer, one per thread rather than one per record so that it is not
    /// zeroed for every record.
    static BATCH: RefCell<[u8; BATCH_BYTES]> = const { RefCell::new([0; BATCH_BYTES]) };
}

/// The longest token the batch takes, and the size of every copy of a token's text.
const WINDOW: usize = 32;

/// Room for one token: keys, two 20-digit numbers, the text twice (at full window size) and
/// the longest kind.
const TOKEN_ROOM: usize = 64 + 2 * 20 + 2 * WINDOW + 32;

impl TokenBatch<'_> {
    fn flush(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.buf[..self.len]);
        self.len = 0;
    }

    /// Writes a token, with a comma before it, when it is a common one; false when the general
    /// way must write it.
    fn token(
        &mut self,
        out: &mut Vec<u8>,
        t: &Token,
        map: &OffsetMapper,
        text: &str,
        how: &JsonlExporter,
    ) -> bool {
        let (start, end) = (t.span.start, t.span.end);
        let len = end - start;
        // The whole window must lie in the text: tokens in the last 32 bytes go the general way.
        let Some(window) = text.as_bytes().get(start..start + WINDOW) else {
            return false;
        };
        let window: &[u8; WINDOW] = window.try_into().expect("WINDOW bytes");
        if len > WINDOW || !plain_ascii(window, len) {
            return false;
        }
        if self.len + TOKEN_ROOM > BATCH_BYTES {
            self.flush(out);
        }
        // The token's room, of a size known here: fewer bounds checks on the writes into it.
        let room: &mut [u8; TOKEN_ROOM] = (&mut self.buf[self.len..self.len + TOKEN_ROOM])
            .try_into()
            .expect("TOKEN_ROOM bytes");
        let b = &mut room[..];
        let mut n = put(b, 0, b",{\"start\":");
        n = put_number(b, n, map.convert(start) as u64);
        n = put(b, n, b",\"end\":");
        n = put_number(b, n, map.convert(end) as u64);
        n = put(b, n, b",\"text\":\"");
        b[n..n + WINDOW].copy_from_slice(window);
        n += len;
        if how.token_norm {
            n = put(b, n, b"\",\"norm\":\"");
            // The whole window, not just the token: a fixed size lowers it in a few vector
            // instructions instead of a loop whose end mispredicts. The bytes past the token
            // are overwritten by what follows (or never flushed).
            let lowered: &mut [u8; WINDOW] = (&mut b[n..n + WINDOW]).try_into().expect("WINDOW");
            *lowered = *window;
            let (head, tail) = lowered.split_at_mut(WINDOW / 2);
            head.make_ascii_lowercase();
            // Most tokens fit in the first half.
            if len > WINDOW / 2 {
                tail.make_ascii_lowercase();
            }
            n += len;
        }
        // The text's (or norm's) closing quote, the kind and the closing brace.
        let (tail, tail_len) = if how.token_kind {
            kind_tail(t.kind)
        } else {
            (&CLOSE, 2)
        };
        b[n..n + 32].copy_from_slice(tail);
        self.len += n + tail_len;
        true
    }
}

/// Copies a piece of constant size (once inlined) into `b` at `n`; returns its end.
fn put(b: &mut [u8], n: usize, piece: &[u8]) -> usize {
    b[n..n + piece.len()].copy_from_slice(piece);
    n + piece.len()
}

impl Exporter for JsonlExporter {
    fn encode(&self, doc: &Document, out: &mut Vec<u8>) {
        let map = OffsetMapper::new(&doc.text, self.offsets);
        let w = &mut SpanWriter {
            out,
            text: &doc.text,
            map: &map,
        };
        w.out.extend_from_slice(b"{\"id\":");
        string(w.out, &doc.id);
        for (key, value) in doc.meta.fields() {
            if let Some(value) = value {
                field(w.out, key);
                string(w.out, value);
            }
        }
        field(w.out, "text");
        let mut escaped = EscapedText::write(w.out, &doc.text);
        for (key, value) in &doc.extra {
            field(w.out, key);
            json(w.out, value);
        }
        for &layer in &self.schema.layers {
            match layer {
                "tokens" => {
                    field(w.out, "tokens");
                    BATCH.with_borrow_mut(|buf| self.tokens(w, &doc.tokens, buf));
                }
                "sentences" => {
                    field(w.out, "sentences");
                    w.list(&doc.sentences, |w, s| {
                        w.span_head(*s);
                        escaped.span(w.out, *s);
                    });
                }
                name => {
                    if let Some(spans) = doc.layer(name) {
                        field(w.out, name);
                        w.list(spans, |w, a| {
                            w.span_fields(a.span);
                            for (key, value) in &a.attrs {
                                field(w.out, key);
                                w.attr(value);
                            }
                        });
                    } else if let Some(value) = doc.value(name) {
                        field(w.out, name);
                        json(w.out, value);
                    } else {
                        // The pipeline provides this layer but the stage left nothing on this
                        // document: an empty list keeps every record's keys the same.
                        field(w.out, name);
                        w.out.extend_from_slice(b"[]");
                    }
                }
            }
        }
        w.out.extend_from_slice(b"}\n");
    }

    fn encode_rejection(&self, rejection: &Rejection, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"id\":");
        match &rejection.id {
            Some(id) => string(out, id),
            None => out.extend_from_slice(b"null"),
        }
        field(out, "line");
        number(out, rejection.line);
        field(out, "error");
        string(out, &rejection.error);
        out.extend_from_slice(b"}\n");
    }
}

struct SpanWriter<'a> {
    out: &'a mut Vec<u8>,
    text: &'a str,
    map: &'a OffsetMapper<'a>,
}

impl SpanWriter<'_> {
    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.out.push(b'{');
            each(self, item);
            self.out.push(b'}');
        }
        self.out.push(b']');
    }

    /// `"start":…,"end":…,"text":…` without braces, so that attributes can follow.
    fn span_fields(&mut self, span: Span) {
        self.span_head(span);
        string(self.out, span.slice(self.text));
    }

    /// `"start":…,"end":…,"text":`, assembled in one piece.
    fn span_head(&mut self, span: Span) {
        let mut piece = [0; 64];
        let mut n = put(&mut piece, 0, b"\"start\":");
        n = put_number(&mut piece, n, self.map.convert(span.start) as u64);
        n = put(&mut piece, n, b",\"end\":");
        n = put_number(&mut piece, n, self.map.convert(span.end) as u64);
        n = put(&mut piece, n, b",\"text\":");
        append(self.out, &piece, n);
    }

    fn attr(&mut self, value: &AttrValue) {
        match value {
            AttrValue::Str(s) => string(self.out, s),
            AttrValue::Int(i) => self
                .out
                .extend_from_slice(itoa::Buffer::new().format(*i).as_bytes()),
            AttrValue::Num(x) => json(self.out, &serde_json::json!(x)),
            AttrValue::Bool(b) => self
                .out
                .extend_from_slice(if *b { b"true" } else { b"false" }),
            AttrValue::Span(span) => {
                self.out.push(b'{');
                self.span_fields(*span);
                self.out.push(b'}');
            }
        }
    }
}

/// Whether the first `len` bytes of a window are ASCII and need no escaping in JSON.
fn plain_ascii(window: &[u8; WINDOW], len: usize) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const PAD: u64 = 0x6161_6161_6161_6161; // 'a', harmless
    let word = |k: usize| u64::from_le_bytes(window[8 * k..8 * k + 8].try_into().expect("8 bytes"));
    // Whether the first `valid` (1 to 8) bytes of a word are plain; the others become letters.
    let plain = |x: u64, valid: usize| {
        let keep = u64::MAX >> (64 - 8 * valid);
        let x = (x & keep) | (PAD & !keep);
        (x | escape_bits(x)) & HIGH == 0
    };
    if len == 0 {
        return true;
    }
    // Most tokens fit in the first word.
    let (mut k, mut rest) = (0, len);
    while rest > 8 {
        if !plain(word(k), 8) {
            return false;
        }
        k += 1;
        rest -= 8;
    }
    plain(word(k), rest)
}

/// Writes `v` in decimal at `b[n..]`, which has room for 20 digits; returns the end.
#[inline(always)]
fn put_number(b: &mut [u8], n: usize, v: u64) -> usize {
    match digits(v) {
        Some((digits, len)) => {
            b[n..n + 8].copy_from_slice(&digits.to_le_bytes());
            n + len
        }
        None => put_long_number(b, n, v),
    }
}

/// [`put_number`] beyond eight digits, out of line: offsets never get there.
#[cold]
#[inline(never)]
fn put_long_number(b: &mut [u8], n: usize, v: u64) -> usize {
    put(b, n, itoa::Buffer::new().format(v).as_bytes())
}

/// The decimal digits of `v` as ASCII in the bytes of a little-endian word, first digit
/// first, and how many there are; `None` beyond eight digits. Offsets are most numbers of the
/// output: below 10^4 (most offsets) this is two lookups of digit pairs and no loop.
#[inline]
fn digits(v: u64) -> Option<(u64, usize)> {
    if v < 10_000 {
        let (high, low) = ((v / 100) as usize, (v % 100) as usize);
        let x = u64::from(PAIRS[high]) | u64::from(PAIRS[low]) << 16;
        let zeros = usize::from(v < 1000) + usize::from(v < 100) + usize::from(v < 10);
        return Some((x >> (8 * zeros), 4 - zeros));
    }
    if v >= 100_000_000 {
        return None;
    }
    // Eight digits: groups of digits side by side in lanes of a word (two of four digits in
    // 32-bit lanes, then four of two in 16-bit lanes, then eight of one in bytes), each step
    // dividing every lane at once by a multiply and a shift that are exact over the lane's
    // range (x / 100 = x * 10486 >> 20 for x < 10^4, x / 10 = x * 103 >> 10 for x < 100) and
    // do not carry into the next lane.
    let x = (v / 10_000) | ((v % 10_000) << 32);
    let hundreds = ((x * 10_486) >> 20) & 0x0000_007f_0000_007f;
    let x = hundreds | (x - hundreds * 100) << 16;
    let tens = ((x * 103) >> 10) & 0x000f_000f_000f_000f;
    let x = tens | (x - tens * 10) << 8;
    // Leading zeros are the zero bytes at the low end (the first digit is not one).
    let zeros = x.trailing_zeros() as usize / 8;
    Some(((x | 0x3030_3030_3030_3030) >> (8 * zeros), 8 - zeros))
}

/// The two ASCII digits of each number below 100, first digit in the low byte.
static PAIRS: [u16; 100] = {
    let mut pairs = [0; 100];
    let mut i = 0;
    while i < 100 {
        pairs[i] = (b'0' as u16 + (i / 10) as u16) | (b'0' as u16 + (i % 10) as u16) << 8;
        i += 1;
    }
    pairs
};

/// `","kind":"word"}` and the like (the quote closes the token's text or norm), padded to 32
/// bytes for a fixed-size copy, and its length.
const fn tail(kind: TokenKind) -> ([u8; 32], usize) {
    let prefix = b"\",\"kind\":\"";
    let name = kind.as_str().as_bytes();
    let mut t = [0u8; 32];
    let mut n = 0;
    while n < prefix.len() {
        t[n] = prefix[n];
        n += 1;
    }
    let mut i = 0;
    while i < name.len() {
        t[n] = name[i];
        n += 1;
        i += 1;
    }
    t[n] = b'"';
    t[n + 1] = b'}';
    (t, n + 2)
}

/// The tail of a token without `kind`: `"}`, padded like [`tail`].
const CLOSE: [u8; 32] = {
    let mut t = [0u8; 32];
    t[0] = b'"';
    t[1] = b'}';
    t
};

fn kind_tail(kind: TokenKind) -> (&'static [u8; 32], usize) {
    const WORD: ([u8; 32], usize) = tail(TokenKind::Word);
    const NUMBER: ([u8; 32], usize) = tail(TokenKind::Number);
    const PUNCT: ([u8; 32], usize) = tail(TokenKind::Punct);
    const SYMBOL: ([u8; 32], usize) = tail(TokenKind::Symbol);
    const URL: ([u8; 32], usize) = tail(TokenKind::Url);
    const EMAIL: ([u8; 32], usize) = tail(TokenKind::Email);
    let (t, n) = match kind {
        TokenKind::Word => &WORD,
        TokenKind::Number => &NUMBER,
        TokenKind::Punct => &PUNCT,
        TokenKind::Symbol => &SYMBOL,
        TokenKind::Url => &URL,
        TokenKind::Email => &EMAIL,
    };
    (t, *n)
}

/// `,"key":` — every field but `id` follows another.
fn field(out: &mut Vec<u8>, key: &str) {
    // Keys are short names: assembled whole, with their comma and colon, in line.
    let mut piece = [0; SHORT_PIECE];
    piece[0] = b',';
    match put_short(&mut piece, 1, key.as_bytes()) {
        Some(end) => {
            piece[end] = b':';
            append(out, &piece, end + 1);
        }
        None => {
            out.push(b',');
            long_string(out, key.as_bytes());
            out.push(b':');
        }
    }
}

fn number(out: &mut Vec<u8>, n: u64) {
    let mut piece = [0; 24];
    let len = put_number(&mut piece, 0, n);
    append(out, &piece, len);
}

/// A JSON string. Hand-written rather than `serde_json::to_writer` because it runs once per
/// span (millions of times per corpus) and serde's per-call writer setup cost half of the
/// encoder's time; the escaping rules are RFC 8259's, as serde_json applies them.
#[inline]
fn string(out: &mut Vec<u8>, s: &str) {
    let mut piece = [0; SHORT_PIECE];
    match put_short(&mut piece, 0, s.as_bytes()) {
        Some(end) => append(out, &piece, end),
        None => long_string(out, s.as_bytes()),
    }
}

/// Room for a short string, its quotes and a byte either side.
const SHORT_PIECE: usize = 32;

/// Appends the first `len` bytes of a piece by a copy of its fixed size, in line.
fn append<const N: usize>(out: &mut Vec<u8>, piece: &[u8; N], len: usize) {
    let at = out.len();
    out.extend_from_slice(piece);
    out.truncate(at + len);
}

/// [`string`] for long strings and those with escapes.
fn long_string(out: &mut Vec<u8>, bytes: &[u8]) {
    long_string_noting(out, bytes, |_| {});
}

/// [`long_string`], telling `escaped` the position in `bytes` of each byte it escapes.
#[inline(always)]
fn long_string_noting(out: &mut Vec<u8>, bytes: &[u8], mut escaped: impl FnMut(usize)) {
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut at = 0;
    loop {
        let clean = clean_len(&bytes[at..]);
        out.extend_from_slice(&bytes[at..at + clean]);
        at += clean;
        let Some(&b) = bytes.get(at) else {
            break;
        };
        escaped(at);
        out.push(b'\\');
        match ESCAPE[b as usize] {
            b'u' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"u00");
                out.push(HEX[(b >> 4) as usize]);
                out.push(HEX[(b & 0xf) as usize]);
            }
            letter => out.push(letter),
        }
        at += 1;
    }
    out.push(b'"');
}

/// The document's text as written in the output, from which the texts of spans in text order
/// (the sentences, which cover the text a second time) are copied instead of escaped again:
/// escaping goes byte by byte, so a span's escaped text is a piece of the escaped whole.
struct EscapedText<'t> {
    text: &'t str,
    /// Where the escaped text starts in the output (after its opening quote).
    at: usize,
    /// The positions in the text of the bytes that were escaped, in order.
    escapes: Vec<usize>,
    /// The next escape not yet passed, the bytes the escapes before it added, and the last
    /// position asked for.
    next: usize,
    added: usize,
    last: usize,
}

impl<'t> EscapedText<'t> {
    fn write(out: &mut Vec<u8>, text: &'t str) -> Self {
        let mut escapes = Vec::new();
        let at = out.len() + 1;
        long_string_noting(out, text.as_bytes(), |i| escapes.push(i));
        EscapedText {
            text,
            at,
            escapes,
            next: 0,
            added: 0,
            last: 0,
        }
    }

    /// Where byte `pos` of the text is in the output; `None` for a position before the last
    /// one asked for (the spans are then not in text order).
    fn offset(&mut self, pos: usize) -> Option<usize> {
        if pos < self.last {
            return None;
        }
        self.last = pos;
        while let Some(&e) = self.escapes.get(self.next).filter(|&&e| e < pos) {
            // `\u00XX` for the byte, or `\n` and the like.
            let unicode = ESCAPE[self.text.as_bytes()[e] as usize] == b'u';
            self.added += if unicode { 5 } else { 1 };
            self.next += 1;
        }
        Some(self.at + pos + self.added)
    }

    /// Writes the JSON string of `span`'s text, copied from the text written.
    fn span(&mut self, out: &mut Vec<u8>, span: Span) {
        match (self.offset(span.start), self.offset(span.end)) {
            (Some(from), Some(to)) => {
                out.reserve(to - from + 2);
                out.push(b'"');
                out.extend_from_within(from..to);
                out.push(b'"');
            }
            _ => string(out, span.slice(self.text)),
        }
    }
}

/// How many bytes at the start of `bytes` stand as they are in a JSON string. Most text needs
/// no escaping for long stretches: 32 bytes at a time by a test the compiler vectorizes, then
/// 8 at a time (SWAR), then byte by byte.
fn clean_len(bytes: &[u8]) -> usize {
    let mut i = 0;
    for chunk in bytes.chunks_exact(32) {
        let dirty = chunk.iter().fold(0u8, |dirty, &b| {
            dirty | u8::from(b < 0x20) | u8::from(b == b'"') | u8::from(b == b'\\')
        });
        if dirty != 0 {
            break;
        }
        i += 32;
    }
    while let Some(chunk) = bytes.get(i..i + 8) {
        if needs_escape(u64::from_le_bytes(chunk.try_into().expect("8 bytes"))) {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && ESCAPE[bytes[i] as usize] == 0 {
        i += 1;
    }
    i
}

/// Writes a JSON string of at most 16 bytes that needs no escaping at `piece[at..]`; returns
/// its end, or `None` for a longer string or one to escape. Labels, names and keys are most
/// strings after the tokens: two words (or half-words, or three bytes) that overlap cover
/// such a string whole, both to test it (bytes tested twice do not change the answer) and to
/// copy it, with no loop and no call to `memcpy`.
#[inline(always)]
fn put_short(piece: &mut [u8; SHORT_PIECE], at: usize, bytes: &[u8]) -> Option<usize> {
    let n = bytes.len();
    let word = |i: usize| -> [u8; 8] { bytes[i..i + 8].try_into().expect("8 bytes") };
    let half = |i: usize| -> [u8; 4] { bytes[i..i + 4].try_into().expect("4 bytes") };
    let text = at + 1;
    match n {
        8..=16 => {
            let (first, last) = (word(0), word(n - 8));
            if needs_escape(u64::from_le_bytes(first)) || needs_escape(u64::from_le_bytes(last)) {
                return None;
            }
            piece[text..text + 8].copy_from_slice(&first);
            piece[text + n - 8..text + n].copy_from_slice(&last);
        }
        4..8 => {
            let (first, last) = (half(0), half(n - 4));
            let both =
                u64::from(u32::from_le_bytes(first)) | u64::from(u32::from_le_bytes(last)) << 32;
            if needs_escape(both) {
                return None;
            }
            piece[text..text + 4].copy_from_slice(&first);
            piece[text + n - 4..text + n].copy_from_slice(&last);
        }
        1..4 => {
            let (first, middle, last) = (bytes[0], bytes[n / 2], bytes[n - 1]);
            // The other five bytes of the word tested are letters, which need no escaping.
            let x = u64::from_le_bytes([first, middle, last, b'a', b'a', b'a', b'a', b'a']);
            if needs_escape(x) {
                return None;
            }
            piece[text] = first;
            piece[text + n / 2] = middle;
            piece[text + n - 1] = last;
        }
        0 => {}
        _ => return None,
    }
    piece[at] = b'"';
    piece[text + n] = b'"';
    Some(text + n + 1)
}

/// Whether any of 8 bytes is a control char, `"` or `\\`.
fn needs_escape(x: u64) -> bool {
    escape_bits(x) & 0x8080_8080_8080_8080 != 0
}

/// The high bit of each of 8 bytes that is a control char, `"` or `\\` (the SWAR zero-byte
/// test of "Bit Twiddling Hacks": `x - 0x01..` sets the high bit of bytes below the bound),
/// with garbage in the other bits, and possibly in the high bits of bytes above a set one.
fn escape_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let below_space = x.wrapping_sub(ONES * 0x20) & !x;
    let quote = (x ^ (ONES * b'"' as u64)).wrapping_sub(ONES) & !(x ^ (ONES * b'"' as u64));
    let backslash = (x ^ (ONES * b'\\' as u64)).wrapping_sub(ONES) & !(x ^ (ONES * b'\\' as u64));
    below_space | quote | backslash
}

/// For each byte: 0 if it stands as it is in a JSON string, else the letter after `\\`
/// (`u` for `\\u00XX`).
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[b'\x08' as usize] = b'b';
    table[b'\t' as usize] = b't';
    table[b'\n' as usize] = b'n';
    table[b'\x0c' as usize] = b'f';
    table[b'\r' as usize] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// A JSON value as `serde_json::to_writer` writes it (compact), with strings and keys through
/// [`string`]: document values (keywords, language …) and pass-through input fields are
/// mostly strings, and serde's string writer escapes byte by byte.
fn json(out: &mut Vec<u8>, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => {
            serde_json::to_writer(out, n).expect("writing JSON into a Vec cannot fail")
        }
        Value::String(s) => string(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                json(out, item);
            }
            out.push(b']');
        }
        Value::Object(fields) => {
            out.push(b'{');
            for (i, (key, item)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                string(out, key);
                out.push(b':');
                json(out, item);
            }
            out.push(b'}');
        }
    }
}

#[cfg(test)]
mod tests {
    use newsprint_core::{Annotation, Token, TokenKind};
    use serde_json::{json, Value};

    use super::*;

    fn seed_doc() -> Document {
        // From the seed story: curly quotes make byte and char offsets differ.
        let text = "Biden “urged Russia to de-escalate” — CNN";
        let mut doc = Document::new("seed", text);
        doc.meta.published = Some("2021-12-30".into());
        doc.extra.insert("section".into(), json!({"name": "world"}));
        let at = |s: &str| {
            let start = text.find(s).unwrap();
            Span::new(start, start + s.len())
        };
        doc.tokens = vec![
            Token {
                span: at("Biden"),
                kind: TokenKind::Word,
            },
            Token {
                span: at("“"),
                kind: TokenKind::Punct,
            },
            Token {
                span: at("urged"),
                kind: TokenKind::Word,
            },
        ];
        doc.sentences = vec![Span::new(0, text.len())];
        doc.layer_mut("entities")
            .push(Annotation::new(at("Russia")).with("label", "GPE"));
        doc.layer_mut("quotes").push(
            Annotation::new(at("“urged Russia to de-escalate”"))
                .with("speaker", AttrValue::Span(at("Biden"))),
        );
        doc
    }

    fn encode(offsets: OffsetUnit, doc: &Document) -> Value {
        let schema = OutputSchema {
            layers: vec!["tokens", "sentences", "entities", "quotes", "timexes"],
        };
        let mut out = Vec::new();
        JsonlExporter::new(offsets, schema).encode(doc, &mut out);
        assert_eq!(
            out.iter().filter(|&&b| b == b'\n').count(),
            1,
            "one line per record"
        );
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn record_layout_and_char_offsets() {
        let v = encode(OffsetUnit::Char, &seed_doc());
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "id",
                "published",
                "text",
                "section",
                "tokens",
                "sentences",
                "entities",
                "quotes",
                "timexes"
            ]
        );
        assert_eq!(
            v["tokens"][0],
            json!({"start": 0, "end": 5, "text": "Biden", "norm": "biden", "kind": "word"})
        );
        assert_eq!(
            v["tokens"][1],
            json!({"start": 6, "end": 7, "text": "“", "norm": "\"", "kind": "punct"})
        );
        assert_eq!(
            v["tokens"][2],
            json!({"start": 7, "end": 12, "text": "urged", "norm": "urged", "kind": "word"})
        );
        assert_eq!(
            v["entities"][0],
            json!({"start": 13, "end": 19, "text": "Russia", "label": "GPE"})
        );
        assert_eq!(
            v["quotes"][0]["speaker"],
            json!({"start": 0, "end": 5, "text": "Biden"})
        );
        assert_eq!(v["sentences"][0]["end"], 41);
        assert_eq!(v["timexes"], json!([]));
    }

    #[test]
    fn byte_and_utf16_offsets() {
        let doc = seed_doc();
        let v = encode(OffsetUnit::Byte, &doc);
        assert_eq!(v["tokens"][2]["start"], 9);
        assert_eq!(v["sentences"][0]["end"], doc.text.len());
        let v = encode(OffsetUnit::Utf16, &doc);
        assert_eq!(v["tokens"][2]["start"], 7);
    }

    #[test]
    fn every_span_text_matches_its_offsets_in_each_unit() {
        let doc = seed_doc();
        for unit in [OffsetUnit::Char, OffsetUnit::Byte, OffsetUnit::Utf16] {
            let v = encode(unit, &doc);
            let text = v["text"].as_str().unwrap();
            let slice = |s: &Value| -> String {
                let (a, b) = (
                    s["start"].as_u64().unwrap() as usize,
                    s["end"].as_u64().unwrap() as usize,
                );
                match unit {
                    OffsetUnit::Char => text.chars().skip(a).take(b - a).collect(),
                    OffsetUnit::Byte => text[a..b].to_string(),
                    OffsetUnit::Utf16 => {
                        String::from_utf16(&text.encode_utf16().collect::<Vec<_>>()[a..b]).unwrap()
                    }
                }
            };
            for layer in ["tokens", "sentences", "entities", "quotes"] {
                for span in v[layer].as_array().unwrap() {
                    assert_eq!(
                        slice(span),
                        span["text"].as_str().unwrap(),
                        "{unit:?} {layer}"
                    );
                }
            }
        }
    }

    #[test]
    fn sentence_texts_copied_from_the_escaped_text_are_escaped_like_serde_json() {
        // Escapes of two and of six bytes before, inside and between the sentences; the last
        // two sentences out of text order, which the copy cannot follow.
        let text = "A \"b\"\u{1}.\nC\\d\t e.\u{1f} F “g”.\n\"H.\" I.";
        let mut doc = Document::new("t", text);
        let mut start = 0;
        for end in text.match_indices('.').map(|(i, _)| i + 1) {
            let lead = text[start..end].len() - text[start..end].trim_start().len();
            doc.sentences.push(Span::new(start + lead, end));
            start = end;
        }
        let n = doc.sentences.len();
        doc.sentences.swap(n - 2, n - 1);
        let schema = OutputSchema {
            layers: vec!["sentences"],
        };
        let mut out = Vec::new();
        JsonlExporter::new(OffsetUnit::Byte, schema).encode(&doc, &mut out);
        let v: Value = serde_json::from_slice(&out).unwrap();
        let written = v["sentences"].as_array().unwrap();
        assert_eq!(written.len(), n);
        for (s, w) in doc.sentences.iter().zip(written) {
            assert_eq!(w["text"], s.slice(text), "{s:?}");
        }
        // And byte for byte as serde_json writes them.
        let line = String::from_utf8(out).unwrap();
        for s in &doc.sentences {
            let expected = serde_json::to_string(s.slice(text)).unwrap();
            assert!(
                line.contains(&format!(",\"text\":{expected}}}")),
                "{expected}"
            );
        }
    }

    #[test]
    fn strings_escape_like_serde_json() {
        for s in [
            "plain",
            "“curly” quotes, café, 北京, 🇺🇦",
            "\"quoted\" back\\slash",
            "tab\there\nnew line\r\u{8}\u{c}\u{0}\u{1f}\u{7f}",
            "a long clean run of ASCII text, then \"a quote\" and a \\ in the middle of it\n",
            "exactly8\"then more text after the eighth byte\u{1}",
            "",
        ] {
            let mut ours = Vec::new();
            string(&mut ours, s);
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    #[test]
    fn short_strings_and_keys_escape_like_serde_json() {
        // Every length around the word sizes of `put_short`, with a byte to escape (or a
        // non-ASCII char, which stays) at each place.
        for len in 0..=18 {
            let plain: Vec<char> = "abcdefghijklmnopqr".chars().take(len).collect();
            let mut cases = vec![plain.clone()];
            for at in 0..len {
                for c in ['"', '\\', '\n', '\u{1}', '\u{1f}', ' ', 'é'] {
                    let mut s = plain.clone();
                    s[at] = c;
                    cases.push(s);
                }
            }
            for s in cases {
                let s: String = s.into_iter().collect();
                let expected = serde_json::to_vec(&s).unwrap();
                let mut ours = Vec::new();
                string(&mut ours, &s);
                assert_eq!(ours, expected, "{s:?}");
                let mut key = Vec::new();
                field(&mut key, &s);
                assert_eq!(key, [&b","[..], &expected[..], b":"].concat(), "{s:?}");
            }
        }
    }

    #[test]
    fn numbers_are_written_like_itoa() {
        let powers = (0..20).flat_map(|p| {
            let t = 10u64.pow(p);
            [t - 1, t, t + 1]
        });
        let spread = (0..300_000_000).step_by(12_347);
        for v in (0..20_000).chain(powers).chain(spread).chain([u64::MAX]) {
            let mut ours = Vec::new();
            number(&mut ours, v);
            assert_eq!(ours, itoa::Buffer::new().format(v).as_bytes(), "{v}");
        }
    }

    #[test]
    fn strings_of_the_sample_corpus_escape_like_serde_json() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sample/news.jsonl");
        for line in std::fs::read_to_string(path).unwrap().lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            let text = v["text"].as_str().unwrap();
            // Every suffix start within the first 64 bytes shifts the 8-byte chunk alignment.
            for skip in (0..64.min(text.len())).filter(|&i| text.is_char_boundary(i)) {
                let mut ours = Vec::new();
                string(&mut ours, &text[skip..]);
                assert_eq!(ours, serde_json::to_vec(&text[skip..]).unwrap());
            }
        }
    }

    #[test]
    fn token_norm_is_the_escaped_lower_case_of_any_token() {
        // ASCII tokens get their norm by lower-casing the escaped text in place; check it
        // against `norm` itself on tokens with escapes, capitals and non-ASCII.
        let text = "NATO \"Quoted\" Back\\Slash\tTab\u{1}X Café “Biden” É";
        let mut doc = Document::new("t", text);
        let mut start = 0;
        for piece in text.split(' ') {
            doc.tokens.push(Token {
                span: Span::new(start, start + piece.len()),
                kind: TokenKind::Word,
            });
            start += piece.len() + 1;
        }
        let schema = OutputSchema {
            layers: vec!["tokens"],
        };
        let mut out = Vec::new();
        JsonlExporter::new(OffsetUnit::Char, schema).encode(&doc, &mut out);
        let v: Value = serde_json::from_slice(&out).unwrap();
        for (t, token) in doc.tokens.iter().zip(v["tokens"].as_array().unwrap()) {
            let raw = t.span.slice(text);
            assert_eq!(token["text"], raw);
            assert_eq!(token["norm"], norm(raw).as_ref(), "{raw:?}");
        }
    }

    #[test]
    fn values_are_written_like_serde_json() {
        let values = [
            json!(null),
            json!([
                true,
                false,
                0,
                -3,
                18446744073709551615u64,
                0.5,
                1e300,
                -2.5e-8,
                0.02223,
                // serde_json 1.0.154 writes floats with zmij, not ryu: `1e+21`, not `1e21`.
                1e21,
                -0.0,
                1e-7,
                123456789.125,
                i64::MIN,
                f64::MAX,
                f64::MIN_POSITIVE
            ]),
            json!({"keywords": [{"text": "Biden", "score": 0.02223}, {"text": "“quoted” \"x\"\n", "score": 1.0}]}),
            json!({"language": {"code": "en", "confidence": 0.99}, "skipped": {}, "e": [], "k\u{1}": "\\"}),
            json!({"nested": {"a": [[], {}, [{"b": null}]], "北京": "Москва 🇺🇦"}}),
            json!(f64::NAN),
        ];
        for v in values {
            let mut ours = Vec::new();
            json(&mut ours, &v);
            assert_eq!(ours, serde_json::to_vec(&v).unwrap(), "{v}");
        }
    }

    #[test]
    fn rejection_line() {
        let mut out = Vec::new();
        let rejection = Rejection {
            source: "in.jsonl".into(),
            line: 3,
            id: None,
            error: "bad JSON: expected value at column 1".into(),
            record: Some("{oops".into()),
        };
        JsonlExporter::new(OffsetUnit::Char, OutputSchema::default())
            .encode_rejection(&rejection, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"id\":null,\"line\":3,\"error\":\"bad JSON: expected value at column 1\"}\n"
        );
    }
}
